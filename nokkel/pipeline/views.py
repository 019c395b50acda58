"""Pipeline pages: the board, opportunities and their moves, the forecast.

Thin: parse input, call a selector or service, render. Every object lookup goes
through `visible_to`, so a hidden opportunity is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nokkel.accounts.models import Account
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.pipeline import selectors, services
from nokkel.pipeline.access import can_create_opportunity, can_edit_opportunity
from nokkel.pipeline.forms import BoardFilterForm, MoveForm, OpportunityForm
from nokkel.pipeline.models import Opportunity


def _visible_opportunity(request: AuthenticatedHttpRequest, opportunity_id: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related(
            "account", "account__segment", "owner", "lost_to"
        ),
        pk=opportunity_id,
    )


def _board_context(request: AuthenticatedHttpRequest, data: Any) -> dict[str, Any]:
    form = BoardFilterForm(data)
    columns = selectors.board(user=request.user, today=timezone.localdate(), **form.filters())
    return {"form": form, "columns": columns}


@login_required
@require_GET
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _board_context(request, request.GET)
    if request.htmx and request.htmx.target == "board":
        return render(request, "pipeline/partials/_board.html", context)
    return render(request, "pipeline/board.html", context)


@login_required
@require_GET
def forecast(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET)
    result = selectors.opportunity_forecast(user=request.user, **form.filters())
    return render(request, "pipeline/forecast.html", {"form": form, "forecast": result})


@login_required
@require_GET
def opportunity_detail(request: AuthenticatedHttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _visible_opportunity(request, opportunity_id)
    context = {
        "opportunity": opportunity,
        "card": selectors.card_for(opportunity),
        "history": selectors.phase_history(user=request.user, opportunity=opportunity),
        "leads": opportunity.leads.order_by("-received_at"),
        "can_edit": can_edit_opportunity(request.user, opportunity),
        "move_form": MoveForm(
            initial={"phase": opportunity.phase, "buying_phase": opportunity.buying_phase}
        ),
    }
    return render(request, "pipeline/opportunity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
    if not can_create_opportunity(request.user, account):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, initial={"owner": account.kam_id})
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                account=account,
                actor=request.user,
                data=form.field_data(),
                created_at=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opportunity “%(title)s” opened.") % {"title": opportunity})
            return redirect(opportunity)
    return render(
        request,
        "pipeline/opportunity_form.html",
        {"form": form, "account": account, "opportunity": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthenticatedHttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _visible_opportunity(request, opportunity_id)
    if not can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity,
                actor=request.user,
                data=form.field_data(),
                expected_version=form.cleaned_data.get("version"),
                changed_at=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(opportunity)
    return render(
        request,
        "pipeline/opportunity_form.html",
        {"form": form, "account": opportunity.account, "opportunity": opportunity},
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_move(request: AuthenticatedHttpRequest, opportunity_id: int) -> HttpResponse:
    """The move form; the board posts here too (with `board`) and gets the board back."""
    opportunity = _visible_opportunity(request, opportunity_id)
    if not can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    initial = {
        "phase": request.GET.get("phase") or opportunity.phase,
        "buying_phase": opportunity.buying_phase,
        "lost_reason": opportunity.lost_reason,
        "lost_to": opportunity.lost_to_id,
        "lost_note": opportunity.lost_note,
    }
    form = MoveForm(request.POST or None, initial=initial)
    from_board = bool(request.POST.get("board"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_move(
                opportunity=opportunity,
                actor=request.user,
                phase=data["phase"],
                # The board sends only the phase; the customer's phase stays as it is.
                buying_phase=data["buying_phase"] if "buying_phase" in request.POST else None,
                lost_reason=data["lost_reason"],
                lost_to=data["lost_to"],
                lost_note=data["lost_note"],
                moved_at=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if from_board:
                return render(
                    request, "pipeline/partials/_board.html", _board_context(request, request.POST)
                )
            messages.success(request, _("Moved."))
            return redirect(opportunity)
    if from_board:
        # The card goes back where the stored phase says, with the reason it did not move.
        context = _board_context(request, request.POST)
        context["board_errors"] = [e for errors in form.errors.values() for e in errors]
        return render(request, "pipeline/partials/_board.html", context)
    return render(
        request,
        "pipeline/opportunity_move.html",
        {"form": form, "opportunity": opportunity},
    )
