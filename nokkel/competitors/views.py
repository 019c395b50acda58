"""Competitor pages: the register, what was lost to each and why, and former customers.

The register is for sales managers and admins; a competitor is a 404 for anyone else.
The win-back list is for everyone, through the accounts' door.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nokkel.competitors import selectors, services
from nokkel.competitors.access import can_use_competitor_register
from nokkel.competitors.forms import CompetitorForm
from nokkel.competitors.models import Competitor
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest


def _visible_competitor(request: AuthenticatedHttpRequest, competitor_id: int) -> Competitor:
    try:
        return selectors.competitor_get(user=request.user, competitor_id=competitor_id)
    except Competitor.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def competitor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_use_competitor_register(request.user):
        raise PermissionDenied
    form = CompetitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competitor = services.competitor_create(actor=request.user, data=form.field_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": competitor.name})
            return redirect("competitors:competitor-detail", competitor_id=competitor.pk)
    return render(
        request,
        "competitors/competitor_list.html",
        {"competitors": selectors.competitor_list(user=request.user), "form": form},
    )


@login_required
@require_GET
def competitor_detail(request: AuthenticatedHttpRequest, competitor_id: int) -> HttpResponse:
    competitor = _visible_competitor(request, competitor_id)
    return render(
        request,
        "competitors/competitor_detail.html",
        {
            "competitor": competitor,
            "losses": selectors.losses_to(user=request.user, competitor=competitor),
            "reasons": selectors.loss_reasons(user=request.user, competitor=competitor),
            "share_of_wallet": selectors.share_of_wallet(user=request.user, competitor=competitor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competitor_edit(request: AuthenticatedHttpRequest, competitor_id: int) -> HttpResponse:
    competitor = _visible_competitor(request, competitor_id)
    form = CompetitorForm(request.POST or None, instance=competitor)
    if request.method == "POST" and form.is_valid():
        try:
            services.competitor_update(
                competitor=competitor, actor=request.user, data=form.field_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("competitors:competitor-detail", competitor_id=competitor.pk)
    return render(
        request, "competitors/competitor_form.html", {"form": form, "competitor": competitor}
    )


@login_required
@require_GET
def win_back(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "competitors/win_back.html",
        {"rows": selectors.win_back_list(user=request.user)},
    )
