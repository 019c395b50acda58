"""My mail (drop address and mail to sort) and .eml upload. Thin: look up, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nokkel.accounts.models import Account
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.mailcapture import selectors, services
from nokkel.mailcapture.forms import EmlUploadForm, TriageAssignForm
from nokkel.mailcapture.models import TriageMessage, TriageStatus

RECENTLY_SORTED = 20


def _require_logger(request: AuthenticatedHttpRequest) -> None:
    if request.user.is_read_only:
        raise PermissionDenied


def _own_triage(request: AuthenticatedHttpRequest, message_id: int) -> TriageMessage:
    try:
        return selectors.triage_get(user=request.user, message_id=message_id)
    except TriageMessage.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
def my_mail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The drop address and the mail to sort. A drop address is a credential, so it is
    made by the "Create my address" button (a POST), never by opening the page."""
    if request.method == "POST":
        services.drop_address_get_or_create(user=request.user)
        messages.success(request, _("Your drop address is ready."))
        return redirect("mailcapture:my-mail")
    drop = selectors.drop_address_of(user=request.user)
    context = {
        "drop_address": selectors.drop_address_email(drop=drop) if drop else "",
        "drop": drop,
        "to_sort": selectors.triage_list(user=request.user),
        "sorted": selectors.triage_list(user=request.user, status=None).exclude(
            status=TriageStatus.OPEN
        )[:RECENTLY_SORTED],
    }
    return render(request, "mailcapture/my_mail.html", context)


@login_required
@require_POST
def drop_address_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.drop_address_regenerate(user=request.user)
    messages.success(
        request, _("You have a new drop address. Mail to the old one is no longer captured.")
    )
    return redirect("mailcapture:my-mail")


@login_required
def triage_detail(request: AuthenticatedHttpRequest, message_id: int) -> HttpResponse:
    triage = _own_triage(request, message_id)
    form = TriageAssignForm(user=request.user)
    return render(request, "mailcapture/triage_detail.html", {"triage": triage, "form": form})


@login_required
@require_POST
def triage_assign(request: AuthenticatedHttpRequest, message_id: int) -> HttpResponse:
    triage = _own_triage(request, message_id)
    _require_logger(request)
    form = TriageAssignForm(request.POST, user=request.user)
    if form.is_valid():
        account = form.cleaned_data["account"]
        try:
            services.triage_assign(
                triage=triage, account=account, actor=request.user, now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The mail is logged on %(account)s.") % {"account": account}
            )
            return redirect("mailcapture:my-mail")
    return render(request, "mailcapture/triage_detail.html", {"triage": triage, "form": form})


@login_required
@require_POST
def triage_discard(request: AuthenticatedHttpRequest, message_id: int) -> HttpResponse:
    triage = _own_triage(request, message_id)
    _require_logger(request)
    try:
        services.triage_discard(triage=triage, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(triage)
    messages.success(request, _("The mail is discarded."))
    return redirect("mailcapture:my-mail")


@login_required
@require_http_methods(["GET", "POST"])
def eml_upload(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
    _require_logger(request)
    form = EmlUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            interaction = services.eml_upload_log(
                account=account,
                actor=request.user,
                raw=form.cleaned_data["file"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The e-mail is logged."))
            return redirect(interaction.get_absolute_url())
    return render(request, "mailcapture/eml_upload.html", {"form": form, "account": account})
