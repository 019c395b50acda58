"""Account pages. Thin: parse input, call a selector or service, render.

Every object lookup goes through `visible_to`, so a hidden account is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import retarget

from nokkel.accounts import selectors, services
from nokkel.accounts.access import (
    can_create_account,
    can_edit_account,
    can_edit_contacts,
    can_hand_over,
)
from nokkel.accounts.forms import (
    AccountFilterForm,
    AccountForm,
    ContactForm,
    HandoverForm,
    PortfolioHandoverForm,
    TeamMemberForm,
)
from nokkel.accounts.models import Account, Contact
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import render_context_for_panels

PAGE_SIZE = 25


def _visible_account(request: AuthenticatedHttpRequest, account_id: int) -> Account:
    return get_object_or_404(
        Account.objects.visible_to(request.user).select_related(
            "kam", "deputy", "segment", "parent"
        ),
        pk=account_id,
    )


@login_required
def account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountFilterForm(request.GET or None)
    accounts = selectors.account_list(user=request.user, **form.filters())
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "sort": request.GET.get("sort") or selectors.DEFAULT_ACCOUNT_SORT,
        "can_create": can_create_account(request.user),
    }
    if request.htmx and request.htmx.target == "account-results":
        return render(request, "accounts/partials/_account_results.html", context)
    return render(request, "accounts/account_list.html", context)


@login_required
def account_detail(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    return render(
        request,
        "accounts/account_detail.html",
        {"account": account, "panels": render_context_for_panels(request, account)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_create_account(request.user):
        raise PermissionDenied
    form = AccountForm(request.POST or None, user=request.user, initial={"kam": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(actor=request.user, data=form.field_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account “%(name)s” created.") % {"name": account.name})
            return redirect(account)
    return render(request, "accounts/account_form.html", {"form": form, "account": None})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_edit_account(request.user, account):
        raise PermissionDenied
    form = AccountForm(request.POST or None, instance=account, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(
                account=account,
                actor=request.user,
                data=form.field_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(account)
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


def _contacts_panel(request: AuthenticatedHttpRequest, account: Account) -> HttpResponse:
    from nokkel.accounts.panels import contacts_context

    context = {"account": account, "item": contacts_context(request, account)}
    return render(request, "accounts/partials/_panel_contacts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    is_member = selectors.is_team_member(user=request.user, account=account)
    if not can_edit_contacts(request.user, account, is_team_member=is_member):
        raise PermissionDenied
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                account=account, actor=request.user, data=form.field_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact “%(name)s” added.") % {"name": contact.name})
            if request.htmx:
                return _contacts_panel(request, account)
            return redirect(account)
    return _contact_form(request, form, account, contact=None)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("account"), pk=contact_id
    )
    account = contact.account
    is_member = selectors.is_team_member(user=request.user, account=account)
    if not can_edit_contacts(request.user, account, is_team_member=is_member):
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact,
                actor=request.user,
                data=form.field_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact saved."))
            if request.htmx:
                return _contacts_panel(request, account)
            return redirect(account)
    return _contact_form(request, form, account, contact=contact)


def _contact_form(
    request: AuthenticatedHttpRequest,
    form: ContactForm,
    account: Account,
    *,
    contact: Contact | None,
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "account": account, "contact": contact}
    if request.htmx:
        response = render(request, "accounts/partials/_contact_form.html", context)
        # Errors go back into the form, not over the panel the form would have replaced.
        return retarget(response, "#contact-form-slot") if request.method == "POST" else response
    return render(request, "accounts/contact_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_manage(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_edit_account(request.user, account):
        raise PermissionDenied
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_add(
                account=account,
                actor=request.user,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team updated."))
            return redirect("accounts:team-manage", account_id=account.pk)
    team = selectors.account_team(user=request.user, account=account)
    return render(
        request, "accounts/team_manage.html", {"account": account, "team": team, "form": form}
    )


@login_required
@require_POST
def team_member_remove(
    request: AuthenticatedHttpRequest, account_id: int, membership_id: int
) -> HttpResponse:
    account = _visible_account(request, account_id)
    membership = get_object_or_404(
        account.memberships.filter(ended_on__isnull=True).select_related("user"), pk=membership_id
    )
    if not can_edit_account(request.user, account):
        raise PermissionDenied
    services.team_member_remove(membership=membership, actor=request.user)
    messages.success(request, _("%(name)s is no longer on the team.") % {"name": membership.user})
    return redirect("accounts:team-manage", account_id=account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_handover(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_hand_over(request.user, account):
        raise PermissionDenied
    form = HandoverForm(request.POST or None, initial={"new_kam": account.kam_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.account_handover(
                account=account,
                actor=request.user,
                new_kam=form.cleaned_data["new_kam"],
                new_deputy=form.cleaned_data["new_deputy"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(account)s” handed over to %(kam)s.")
                % {"account": account.name, "kam": form.cleaned_data["new_kam"]},
            )
            return redirect(account)
    return render(request, "accounts/handover.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_handover(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_hand_over(request.user):
        raise PermissionDenied
    form = PortfolioHandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.portfolio_handover(
                actor=request.user,
                from_user=data["from_user"],
                to_kam=data["new_kam"],
                to_deputy=data["new_deputy"],
                include_deputy_roles=data["include_deputy_roles"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d account handed over to %(kam)s.",
                    "%(count)d accounts handed over to %(kam)s.",
                    len(moved),
                )
                % {"count": len(moved), "kam": data["new_kam"]},
            )
            return redirect("accounts:portfolio-handover")
    return render(request, "accounts/portfolio_handover.html", {"form": form})
