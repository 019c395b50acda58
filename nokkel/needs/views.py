"""Needs analysis and decision criteria pages. Thin: parse input, call, render.

Lookups go through `visible_to` (hidden is a 404); changing needs the account's
edit right (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nokkel.accounts.access import can_edit_account
from nokkel.accounts.models import Account
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.needs import criteria, selectors, services
from nokkel.needs.forms import NeedsAnalysisForm, WalletFormSet, criterion_formset


def _visible_account(request: AuthenticatedHttpRequest, account_id: int) -> Account:
    return get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)


def _editable_account(request: AuthenticatedHttpRequest, account_id: int) -> Account:
    account = _visible_account(request, account_id)
    if not can_edit_account(request.user, account):
        raise PermissionDenied
    return account


@login_required
@require_http_methods(["GET", "POST"])
def analysis_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    """A new version of the needs analysis, starting from the newest one."""
    account = _editable_account(request, account_id)
    newest = selectors.newest_needs_analysis(account=account)
    data = request.POST if request.method == "POST" else None
    form = NeedsAnalysisForm(data, initial=NeedsAnalysisForm.initial_from(newest))
    wallet = WalletFormSet(data, initial=WalletFormSet.initial_from(newest), prefix="wallet")
    if request.method == "POST" and form.is_valid() and wallet.is_valid():
        try:
            analysis = services.needs_analysis_record(
                account=account,
                actor=request.user,
                recorded_on=timezone.localdate(),
                data=form.data_for_service(),
                volumes=form.volumes(),
                wallet=wallet.shares(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Needs analysis version %(version)s saved.") % {"version": analysis.version},
            )
            return redirect(analysis)
    context = {"account": account, "form": form, "wallet": wallet, "newest": newest}
    return render(request, "needs/analysis_form.html", context)


@login_required
def analysis_detail(request: AuthenticatedHttpRequest, needs_analysis_id: int) -> HttpResponse:
    try:
        analysis = selectors.needs_analysis_get(
            user=request.user, needs_analysis_id=needs_analysis_id
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    account = analysis.account
    context = {
        "account": account,
        "analysis": analysis,
        "versions": selectors.needs_analysis_versions(user=request.user, account=account),
        "can_edit": can_edit_account(request.user, account),
    }
    return render(request, "needs/analysis_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    """The account's decision criteria: the assessment, and the form to replace the set."""
    account = _visible_account(request, account_id)
    can_edit = can_edit_account(request.user, account)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    assessment = selectors.criteria_assessment(user=request.user, account=account)
    formset = criterion_formset(
        request.POST if request.method == "POST" else None, rows=assessment.rows
    )
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.decision_criteria_replace(
                account=account, actor=request.user, rows=formset.rows()
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Decision criteria saved."))
            return redirect("needs:criteria-edit", account_id=account.pk)
    context = {
        "account": account,
        "assessment": assessment,
        "formset": formset if can_edit else None,
        "problems": problems,
        "important_weight": criteria.IMPORTANT_WEIGHT,
        "strong_score": criteria.STRONG_SCORE,
    }
    return render(request, "needs/criteria.html", context)
