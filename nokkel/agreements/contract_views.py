"""Contract pages and the renewal list. Thin: parse input, call, render.

Lookups go through `visible_to` (hidden is a 404); changing a contract needs the
account's edit right (403 otherwise). The signed document is served through the same
door, never from a public media URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nokkel.accounts.models import Account
from nokkel.agreements import contract_dates, contract_services, selectors
from nokkel.agreements.access import can_edit_agreements
from nokkel.agreements.forms import ContractForm
from nokkel.agreements.models import Contract
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


def _visible_contract(request: AuthenticatedHttpRequest, contract_id: int) -> Contract:
    try:
        return selectors.contract_get(user=request.user, contract_id=contract_id)
    except ObjectDoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
    if not can_edit_agreements(request.user, account):
        raise PermissionDenied
    today = timezone.localdate()
    form = ContractForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "start_on": today,
            "end_on": contract_dates.term_end(start_on=today, months=12),
            "notice_months": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = contract_services.contract_create(
                account=account,
                actor=request.user,
                data=form.field_data(),
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contract registered."))
            return redirect(contract)
    return render(
        request,
        "agreements/contract_form.html",
        {"form": form, "account": account, "contract": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = _visible_contract(request, contract_id)
    if not can_edit_agreements(request.user, contract.account):
        raise PermissionDenied
    form = ContractForm(request.POST or None, request.FILES or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            contract_services.contract_update(
                contract=contract,
                actor=request.user,
                data=form.field_data(),
                document=form.cleaned_data.get("document") or None,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(contract)
    context = {"form": form, "account": contract.account, "contract": contract}
    return render(request, "agreements/contract_form.html", context)


@login_required
def contract_detail(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = _visible_contract(request, contract_id)
    today = timezone.localdate()
    context = {
        "contract": contract,
        "account": contract.account,
        "can_edit": can_edit_agreements(request.user, contract.account),
        "alert_on": contract_dates.renewal_alert_on(
            end_on=contract.end_on,
            notice_months=contract.notice_months,
            alert_days=contract_services.renewal_alert_days(),
        ),
        "today": today,
    }
    return render(request, "agreements/contract_detail.html", context)


@login_required
def contract_document(request: AuthenticatedHttpRequest, contract_id: int) -> FileResponse:
    contract = _visible_contract(request, contract_id)
    if not contract.document:
        raise Http404
    return FileResponse(
        contract.document.open("rb"),
        as_attachment=True,
        filename=contract.document_name or "contract.pdf",
        content_type="application/pdf",
    )


@login_required
def renewal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Contracts ending in the next 90 or 180 days, for managers (and KAMs: their own)."""
    try:
        within = int(request.GET.get("within", selectors.ENDING_WITHIN_CHOICES[0]))
    except ValueError:
        within = selectors.ENDING_WITHIN_CHOICES[0]
    if within not in selectors.ENDING_WITHIN_CHOICES:
        within = selectors.ENDING_WITHIN_CHOICES[0]
    today = timezone.localdate()
    contracts = selectors.contract_list(user=request.user, today=today, ending_within=within)
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "within": within,
        "choices": selectors.ENDING_WITHIN_CHOICES,
        "today": today,
    }
    return render(request, "agreements/renewal_list.html", context)
