"""Offer pages. Thin: parse input, call a selector or service, render.

Lookups go through `visible_to` (hidden is a 404); changing an offer needs the account's
edit right and approving it a sales manager of the segment (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nokkel.accounts.models import Account
from nokkel.agreements import selectors, services
from nokkel.agreements.access import can_approve_offers, can_edit_agreements, can_see_margins
from nokkel.agreements.forms import (
    AcceptForm,
    OfferForm,
    OfferLineFormSet,
    RejectForm,
    initial_lines,
)
from nokkel.agreements.models import Offer, OfferLanguage, OfferStatus
from nokkel.agreements.pdf import offer_pdf, offer_pdf_filename
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.needs.selectors import newest_needs_analysis

VALID_DAYS = 30


def _visible_offer(request: AuthenticatedHttpRequest, offer_id: int) -> Offer:
    try:
        return selectors.offer_get(user=request.user, offer_id=offer_id)
    except ObjectDoesNotExist:
        raise Http404 from None


def _editable_offer(request: AuthenticatedHttpRequest, offer_id: int) -> Offer:
    offer = _visible_offer(request, offer_id)
    if not can_edit_agreements(request.user, offer.account):
        raise PermissionDenied
    return offer


def _offer_form_page(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "agreements/offer_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    """A new offer, its lines started from the newest needs analysis."""
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
    if not can_edit_agreements(request.user, account):
        raise PermissionDenied
    analysis = newest_needs_analysis(account=account)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, initial={"valid_until": today + timedelta(days=VALID_DAYS)})
    lines = OfferLineFormSet(data, initial=initial_lines(analysis=analysis), prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            offer = services.offer_create(
                account=account,
                actor=request.user,
                data=form.field_data(),
                lines=lines.lines(),
                needs_analysis=analysis,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Offer drafted. Check the margin, then submit or send."))
            return redirect(offer)
    context = {"account": account, "form": form, "lines": lines, "analysis": analysis}
    return _offer_form_page(request, {**context, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    if not offer.is_editable:
        messages.error(request, _("Only a draft can be changed. Make a new version instead."))
        return redirect(offer)
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, instance=offer)
    lines = OfferLineFormSet(
        data, initial=initial_lines(lines=list(offer.lines.all())), prefix="lines"
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            services.offer_update(
                offer=offer, actor=request.user, data=form.field_data(), lines=lines.lines()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(offer)
    context = {"account": offer.account, "form": form, "lines": lines, "offer": offer}
    return _offer_form_page(request, context)


@login_required
def offer_detail(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _visible_offer(request, offer_id)
    user, account = request.user, offer.account
    today = timezone.localdate()
    can_edit = can_edit_agreements(user, account)
    context = {
        "offer": offer,
        "account": account,
        "lines": list(offer.lines.all()),
        "margin": offer.margin(),
        "minimum_margin": services.minimum_margin(),
        "needs_approval": services.offer_needs_approval(offer),
        "show_margins": can_see_margins(user, account),
        "can_edit": can_edit,
        "can_approve": can_approve_offers(user, account)
        and offer.status == OfferStatus.PENDING_APPROVAL,
        "versions": selectors.offer_versions(user=user, offer=offer),
        "accept_form": AcceptForm(initial=AcceptForm.initial_for(offer, today)),
        "reject_form": RejectForm(),
        "contract": getattr(offer, "contract", None),
    }
    return render(request, "agreements/offer_detail.html", context)


def _transition(
    request: AuthenticatedHttpRequest,
    offer: Offer,
    change: Callable[[], Any],
    success: str,
) -> HttpResponse:
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(offer)


@login_required
@require_POST
def offer_submit(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    today = timezone.localdate()
    needs_approval = services.offer_needs_approval(offer)
    return _transition(
        request,
        offer,
        lambda: services.offer_submit(offer=offer, actor=request.user, today=today),
        _("Submitted: a sales manager must approve the margin before the offer is sent.")
        if needs_approval
        else _("The margin needs no approval: the offer is ready to send."),
    )


@login_required
@require_POST
def offer_approve(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _visible_offer(request, offer_id)
    if not can_approve_offers(request.user, offer.account):
        raise PermissionDenied
    today = timezone.localdate()
    return _transition(
        request,
        offer,
        lambda: services.offer_approve(offer=offer, actor=request.user, today=today),
        _("Offer approved. The KAM can now send it."),
    )


@login_required
@require_POST
def offer_send(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    today = timezone.localdate()
    return _transition(
        request,
        offer,
        lambda: services.offer_send(offer=offer, actor=request.user, today=today),
        _("Offer marked as sent to the customer."),
    )


@login_required
@require_POST
def offer_accept(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(offer)
    today = timezone.localdate()
    try:
        _accepted, contract = services.offer_accept(
            offer=offer, actor=request.user, today=today, contract=form.terms()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(offer)
    if contract is not None:
        messages.success(request, _("Offer accepted and the contract registered."))
        return redirect(contract)
    messages.success(request, _("Offer accepted."))
    return redirect(offer)


@login_required
@require_POST
def offer_reject(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    today = timezone.localdate()
    return _transition(
        request,
        offer,
        lambda: services.offer_reject(offer=offer, actor=request.user, today=today, reason=reason),
        _("Offer marked as rejected."),
    )


@login_required
@require_POST
def offer_revise(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = _editable_offer(request, offer_id)
    try:
        revision = services.offer_revise(offer=offer, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(offer)
    messages.success(request, _("New version drafted from the previous one."))
    return redirect("agreements:offer-edit", offer_id=revision.pk)


@login_required
def offer_pdf_download(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The customer's PDF, in the offer's language or ?language=nb|en."""
    offer = _visible_offer(request, offer_id)
    language = request.GET.get("language", "")
    if language not in OfferLanguage.values:
        language = offer.language
    pdf = offer_pdf(offer=offer, today=timezone.localdate(), language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = offer_pdf_filename(offer, language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def approval_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Offers waiting for the user's approval (sales managers and admins)."""
    if not (request.user.is_admin or request.user.is_sales_manager):
        raise PermissionDenied
    offers = selectors.offers_awaiting_approval(user=request.user)
    rows = [(offer, offer.margin()) for offer in offers]
    return render(
        request,
        "agreements/approval_list.html",
        {"rows": rows, "minimum_margin": services.minimum_margin()},
    )
