"""Customer plan pages. Thin: parse input, call a selector or service, render.

Every lookup goes through `visible_to`, so a hidden plan is a 404; changing a plan
needs the account's edit right (403 otherwise), except that the owner of an action
may mark it done.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import retarget

from nokkel.accounts.access import can_edit_account
from nokkel.accounts.models import Account
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.plans import selectors, services
from nokkel.plans.access import can_complete_action, can_edit_plan
from nokkel.plans.cadence import default_cadence_days
from nokkel.plans.forms import ActionForm, ObjectiveForm, PlanForm
from nokkel.plans.models import CustomerPlan, PlanStatus


def _visible_account(request: AuthenticatedHttpRequest, account_id: int) -> Account:
    return get_object_or_404(
        Account.objects.visible_to(request.user).select_related("kam", "classification"),
        pk=account_id,
    )


def _visible_plan(request: AuthenticatedHttpRequest, plan_id: int) -> CustomerPlan:
    try:
        return selectors.plan_get(user=request.user, plan_id=plan_id)
    except ObjectDoesNotExist:
        raise Http404 from None


def _editable_plan(request: AuthenticatedHttpRequest, plan_id: int) -> CustomerPlan:
    plan = _visible_plan(request, plan_id)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def _class_cadence(account: Account) -> int:
    classification = getattr(account, "classification", None)
    return default_cadence_days(
        abc_class=getattr(classification, "abc_class", "") or "",
        is_key_account=account.is_key_account,
        table=selectors.cadence_table(),
    )


def _a_year_on(start: date) -> date:
    """The last day of a one-year plan period starting on `start`."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(start.year + 1, 2, 28)


@login_required
def plan_list(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    context = {
        "account": account,
        "plans": selectors.plan_list(user=request.user, account=account),
        "can_edit": can_edit_account(request.user, account),
    }
    return render(request, "plans/plan_list.html", context)


def _plan_form_page(
    request: AuthenticatedHttpRequest, form: PlanForm, account: Account, plan: CustomerPlan | None
) -> HttpResponse:
    return render(request, "plans/plan_form.html", {"form": form, "account": account, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_edit_account(request.user, account):
        raise PermissionDenied
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        default_cadence_days=_class_cadence(account),
        initial={"period_start": today, "period_end": _a_year_on(today)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(account=account, actor=request.user, data=form.field_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft plan created. Add objectives and actions."))
            return redirect(plan)
    return _plan_form_page(request, form, account, None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    if plan.is_archived:
        messages.error(request, _("An archived plan is kept as history and cannot be changed."))
        return redirect(plan)
    account = plan.account
    form = PlanForm(
        request.POST or None, instance=plan, default_cadence_days=_class_cadence(account)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                data=form.field_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return _plan_form_page(request, form, account, plan)


def _parts_context(request: AuthenticatedHttpRequest, plan: CustomerPlan) -> dict[str, Any]:
    """What the objectives and actions sections show, on the page and when swapped in."""
    actions = list(plan.actions.all())
    return {
        "plan": plan,
        "objectives": list(plan.objectives.all()),
        "actions": actions,
        "completable": {a.pk for a in actions if can_complete_action(request.user, a)},
        "can_edit": can_edit_plan(request.user, plan) and not plan.is_archived,
        "today": timezone.localdate(),
    }


@login_required
def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _visible_plan(request, plan_id)
    today = timezone.localdate()
    can_edit = can_edit_plan(request.user, plan)
    context: dict[str, Any] = {
        **_parts_context(request, plan),
        "account": plan.account,
        "can_change_status": can_edit,
        "replaces": (
            selectors.active_plan(user=request.user, account=plan.account)
            if can_edit and plan.status == PlanStatus.DRAFT
            else None
        ),
        "cadence_days": plan.cadence_days or _class_cadence(plan.account),
        "cadence": (
            selectors.cadence_for_account(account=plan.account, today=today)
            if plan.status == PlanStatus.ACTIVE
            else None
        ),
        "history": selectors.plan_history(user=request.user, plan=plan),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_activate(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    try:
        services.plan_activate(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("This is now the account's active plan."))
    return redirect(plan)


@login_required
@require_POST
def plan_archive(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    services.plan_archive(plan=plan, actor=request.user)
    messages.success(request, _("The plan is archived and kept as history."))
    return redirect(plan)


def _part_form(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any], slot: str
) -> HttpResponse:
    if request.htmx:
        response = render(request, f"plans/partials/{template}", context)
        # Errors go back into the form, not over the section the form would have replaced.
        return retarget(response, slot) if request.method == "POST" else response
    return render(request, "plans/part_form.html", {**context, "form_template": template})


def _section(request: AuthenticatedHttpRequest, plan_id: int, template: str) -> HttpResponse:
    """The objectives or actions section, fresh, for htmx to swap in."""
    plan = _visible_plan(request, plan_id)
    return render(request, f"plans/partials/{template}", _parts_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    people = selectors.plan_people(user=request.user, account=plan.account)
    form = ObjectiveForm(request.POST or None, people=people, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_add(plan=plan, actor=request.user, data=form.field_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Objective added."))
            if request.htmx:
                return _section(request, plan.pk, "_objectives.html")
            return redirect(plan)
    context = {"form": form, "plan": plan, "objective": None}
    return _part_form(request, "_objective_form.html", context, "#objective-form-slot")


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    try:
        objective = selectors.objective_get(user=request.user, objective_id=objective_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    plan = objective.plan
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    people = selectors.plan_people(user=request.user, account=plan.account)
    form = ObjectiveForm(request.POST or None, instance=objective, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                objective=objective, actor=request.user, data=form.field_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Objective saved."))
            if request.htmx:
                return _section(request, plan.pk, "_objectives.html")
            return redirect(plan)
    context = {"form": form, "plan": plan, "objective": objective}
    return _part_form(request, "_objective_form.html", context, "#objective-form-slot")


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    people = selectors.plan_people(user=request.user, account=plan.account)
    form = ActionForm(
        request.POST or None,
        people=people,
        objectives=list(plan.objectives.all()),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(plan=plan, actor=request.user, data=form.field_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action added; its owner has a follow-up for it."))
            if request.htmx:
                return _section(request, plan.pk, "_actions.html")
            return redirect(plan)
    context = {"form": form, "plan": plan}
    return _part_form(request, "_action_form.html", context, "#action-form-slot")


@login_required
@require_POST
def action_complete(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    try:
        action = selectors.action_get(user=request.user, action_id=action_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not can_complete_action(request.user, action):
        raise PermissionDenied
    try:
        action = services.action_complete(
            action=action, actor=request.user, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        context = {
            "action": action,
            "plan": action.plan,
            "completable": set(),
            "today": timezone.localdate(),
        }
        return render(request, "plans/partials/_action_row.html", context)
    return redirect(action.plan)
