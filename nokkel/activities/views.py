"""Interaction and follow-up pages. Thin: look up through visible_to, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nokkel.accounts.access import can_change_entry
from nokkel.accounts.models import Account
from nokkel.activities import selectors, services
from nokkel.activities.forms import FollowUpForm, InteractionForm
from nokkel.activities.models import FollowUp, Interaction
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.plans.services import plan_follow_up_complete


def can_log(request: AuthenticatedHttpRequest) -> bool:
    """Anyone who can see the account may log on it, except read-only users."""
    return not request.user.is_read_only


def _visible_account(request: AuthenticatedHttpRequest, account_id: int) -> Account:
    return get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_log(request):
        raise PermissionDenied
    initial = {"happened_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = InteractionForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_log(
                account=account, author=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Interaction logged."))
            return redirect(account)
    return render(request, "activities/interaction_form.html", {"form": form, "account": account})


@login_required
def interaction_detail(request: AuthenticatedHttpRequest, interaction_id: int) -> HttpResponse:
    interaction = get_object_or_404(
        Interaction.objects.visible_to(request.user)
        .select_related("account", "author")
        .prefetch_related("contacts", "participants"),
        pk=interaction_id,
    )
    return render(request, "activities/interaction_detail.html", {"interaction": interaction})


@login_required
def follow_up_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = request.GET.get("who") != "all"
    follow_ups = selectors.follow_up_list(user=request.user, owner=request.user if mine else None)[
        :200
    ]
    return render(
        request,
        "activities/follow_up_list.html",
        {"follow_ups": follow_ups, "today": today, "mine": mine},
    )


@login_required
@require_POST
def follow_up_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _visible_account(request, account_id)
    if not can_log(request):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_create(account=account, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Follow-up added."))
    else:
        messages.error(request, _("The follow-up needs a title and a due date."))
    return redirect(account)


@login_required
@require_POST
def follow_up_complete(request: AuthenticatedHttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("account", "owner"),
        pk=follow_up_id,
    )
    if not can_change_entry(request.user, owner_id=follow_up.owner_id, account=follow_up.account):
        raise PermissionDenied
    # A follow-up made for a customer-plan action closes the action too.
    follow_up = plan_follow_up_complete(
        follow_up=follow_up, actor=request.user, today=timezone.localdate()
    )
    if request.htmx:
        return render(
            request,
            "activities/partials/_follow_up_row.html",
            {"follow_up": follow_up, "today": timezone.localdate()},
        )
    messages.success(request, _("Done: %(title)s") % {"title": follow_up.title})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("activities:follow-up-list")
    return redirect(next_url)
