"""Lead pages: the public request form (no login, embeddable) and, for sales managers
and admins, the lead inbox with the embed snippet and the routing rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.pipeline import selectors
from nokkel.pipeline.access import can_accept_lead_contact, can_manage_leads
from nokkel.pipeline.forms import HONEYPOT_FIELD, PRIVACY_TEXT, LeadForm, LeadRuleForm
from nokkel.pipeline.lead_services import (
    lead_contact_accept,
    lead_receive,
    lead_rule_create,
    lead_rule_delete,
)
from nokkel.pipeline.models import Lead, LeadRule
from nokkel.pipeline.ratelimit import lead_rate_limited, too_large
from nokkel.pipeline.tasks import notify_kam_of_lead

PAGE_SIZE = 25


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, {"embed": request.GET.get("embed") == "1", **context})
    response.status_code = status
    response["Content-Security-Policy"] = _frame_policy()
    return response


def _frame_policy() -> str:
    """Who may put the form in a frame: our own site, and the sites named in
    NOKKEL_LEAD_FRAME_ANCESTORS (space-separated, e.g. "https://www.carrier.no")."""
    ancestors = str(getattr(settings, "NOKKEL_LEAD_FRAME_ANCESTORS", "") or "").split()
    return " ".join(["frame-ancestors", "'self'", *ancestors])


def _thanks_url(request: HttpRequest) -> str:
    embed = "&embed=1" if request.GET.get("embed") == "1" else ""
    return f"{reverse('lead-form')}?sent=1{embed}"


# The form lives in an iframe on the carrier's web site, where the browser does not send
# our CSRF cookie. It acts for nobody (no session, no login), so there is nothing for a
# forged request to borrow; abuse is held off by the honeypot, the size and rate limits.
@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def lead_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and request.GET.get("sent"):
        return _public(request, "pipeline/lead_thanks.html", {})
    form = LeadForm()
    if request.method == "POST":
        # Both refusals come before the body is read.
        if too_large(request.META):
            return _public(request, "pipeline/lead_refused.html", {}, status=413)
        if lead_rate_limited(request):
            return _public(request, "pipeline/lead_refused.html", {"too_many": True}, status=429)
        form = LeadForm(request.POST)
        if form.is_bot():
            # The same answer a person gets, so a bot learns nothing from it.
            return redirect(_thanks_url(request))
        if form.is_valid():
            try:
                lead = lead_receive(submission=form.submission(), received_at=timezone.now())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                notify_kam_of_lead.enqueue(lead.pk)
                return redirect(_thanks_url(request))
    return _public(
        request,
        "pipeline/lead_form.html",
        {"form": form, "privacy_text": PRIVACY_TEXT, "honeypot": HONEYPOT_FIELD},
    )


def _require_lead_manager(request: AuthenticatedHttpRequest) -> None:
    if not can_manage_leads(request.user):
        raise PermissionDenied


@login_required
@require_GET
def lead_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_lead_manager(request)
    page = Paginator(selectors.lead_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _inbox(request, page=page, rule_form=LeadRuleForm())


def _inbox(
    request: AuthenticatedHttpRequest, *, page: object, rule_form: LeadRuleForm, status: int = 200
) -> HttpResponse:
    form_url = request.build_absolute_uri(reverse("lead-form")) + "?embed=1"
    response = render(
        request,
        "pipeline/lead_inbox.html",
        {
            "page": page,
            "rules": selectors.lead_rule_list(),
            "rule_form": rule_form,
            "embed_snippet": (
                f'<iframe src="{escape(form_url)}" title="{escape(_("Ask for an offer"))}" '
                'style="width:100%;min-height:56rem;border:0" loading="lazy"></iframe>'
            ),
        },
    )
    response.status_code = status
    return response


@login_required
@require_POST
def lead_rule_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_lead_manager(request)
    form = LeadRuleForm(request.POST)
    if form.is_valid():
        try:
            lead_rule_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule added."))
            return redirect("pipeline:lead-inbox")
    page = Paginator(selectors.lead_list(user=request.user), PAGE_SIZE).get_page(1)
    return _inbox(request, page=page, rule_form=form, status=400)


@login_required
@require_POST
def lead_rule_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The rule's id comes in the form body: rules are set-up, not account data.
    _require_lead_manager(request)
    rule_id = request.POST.get("rule", "")
    if not rule_id.isdigit():
        raise Http404
    rule = get_object_or_404(LeadRule, pk=int(rule_id))
    lead_rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("Rule removed."))
    return redirect("pipeline:lead-inbox")


def _visible_lead(request: AuthenticatedHttpRequest, lead_id: int) -> Lead:
    try:
        return selectors.lead_get(user=request.user, lead_id=lead_id)
    except Lead.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def lead_detail(request: AuthenticatedHttpRequest, lead_id: int) -> HttpResponse:
    lead = _visible_lead(request, lead_id)
    context = {"lead": lead, "can_accept_contact": can_accept_lead_contact(request.user, lead)}
    return render(request, "pipeline/lead_detail.html", context)


@login_required
@require_POST
def lead_contact_add(request: AuthenticatedHttpRequest, lead_id: int) -> HttpResponse:
    lead = _visible_lead(request, lead_id)
    try:
        contact = lead_contact_accept(lead=lead, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is a contact of %(account)s.")
            % {"name": contact.name, "account": lead.account.name},
        )
    return redirect(lead)
