"""Ten-second logging: type one line, see the parse, submit.

The preview is a pure parse shown as an editable form; saving parses again on the
server and applies whatever the user corrected in the preview, so a submit before the
preview arrived still does the right thing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from nokkel.accounts.models import Account, Contact
from nokkel.activities import selectors, services
from nokkel.activities.models import InteractionKind, KeyArea
from nokkel.activities.quicklog import QuickLogParse
from nokkel.activities.quicklog_present import happened_at_for, question_texts
from nokkel.core.http import AuthenticatedHttpRequest

# The quick-log boxes on the pages (header and account page), by their element id.
QUICK_LOG_FORMS = {"quick-log", "quick-log-account"}


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _parse_for(request: AuthenticatedHttpRequest, *, choice: bool) -> QuickLogParse:
    text = request.POST.get("text", "")
    account_id = _int_or_none(request.POST.get("fixed_account"))
    if account_id is None and choice:
        account_id = _int_or_none(request.POST.get("account_choice"))
    return selectors.quick_log_parse(
        user=request.user, text=text, reference_date=timezone.localdate(), account_id=account_id
    )


def _preview_context(request: AuthenticatedHttpRequest, parse: QuickLogParse) -> dict[str, Any]:
    option_ids = {i for q in parse.questions for i in q.options}
    ids = option_ids | ({parse.account_id} if parse.account_id else set())
    accounts = {a.pk: a for a in Account.objects.visible_to(request.user).filter(pk__in=ids)}
    contacts = (
        Contact.objects.filter(account_id=parse.account_id, active=True)
        if parse.account_id
        else Contact.objects.none()
    )
    return {
        "parse": parse,
        "account": accounts.get(parse.account_id) if parse.account_id else None,
        "account_options": [accounts[i] for i in sorted(option_ids) if i in accounts],
        "contacts": contacts,
        "kinds": InteractionKind.choices,
        "areas": KeyArea.choices,
        "questions": question_texts(parse),
    }


@login_required
@require_POST
def quick_log_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.POST.get("text", "").strip():
        return HttpResponse("")
    try:
        parse = _parse_for(request, choice=False)
    except Account.DoesNotExist:
        return HttpResponse(status=404)
    return render(
        request, "activities/partials/_quick_log_preview.html", _preview_context(request, parse)
    )


def _edited(request: AuthenticatedHttpRequest, parse: QuickLogParse) -> dict[str, Any]:
    """The parse, with what the user corrected in the preview."""
    post = request.POST
    values: dict[str, Any] = {
        "kind": parse.kind,
        "happened_on": parse.happened_on,
        "summary": parse.summary,
        "contact_ids": list(parse.contact_ids),
        "areas": list(parse.key_areas),
        "follow_up_title": parse.follow_up.title if parse.follow_up else "",
        "follow_up_due": parse.follow_up.due_on if parse.follow_up else None,
    }
    if "p_kind" not in post:
        return values
    errors: dict[str, str] = {}
    if post["p_kind"] in InteractionKind.values:
        values["kind"] = post["p_kind"]
    for field, key in (("happened_on", "p_happened_on"), ("follow_up_due", "p_follow_up_due")):
        raw = post.get(key, "")
        if raw:
            try:
                values[field] = date.fromisoformat(raw)
            except ValueError:
                errors[field] = _("“%(value)s” is not a date.") % {"value": raw}
        elif field == "follow_up_due":
            values[field] = None
    values["summary"] = post.get("p_summary", values["summary"]).strip() or values["summary"]
    values["contact_ids"] = [i for i in map(_int_or_none, post.getlist("p_contacts")) if i]
    values["areas"] = [a for a in post.getlist("p_areas") if a in KeyArea.values]
    values["follow_up_title"] = post.get("p_follow_up_title", "").strip()
    if errors:
        raise ValidationError(errors)
    return values


@login_required
@require_POST
def quick_log_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_read_only:
        raise PermissionDenied
    try:
        parse = _parse_for(request, choice=True)
    except Account.DoesNotExist:
        return HttpResponse(status=404)
    context = _preview_context(request, parse)
    if not request.POST.get("text", "").strip():
        context["error"] = _("Write what happened first.")
    elif context["account"] is None:
        context["error"] = _("Choose the account before saving.")
    else:
        try:
            values = _edited(request, parse)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            account = context["account"]
            _interaction, follow_up = services.quick_log_commit(
                author=request.user,
                account=account,
                kind=values["kind"],
                happened_at=happened_at_for(values["happened_on"], timezone.localdate()),
                summary=values["summary"] or request.POST["text"],
                contacts=list(context["contacts"].filter(pk__in=values["contact_ids"])),
                key_areas=dict.fromkeys(values["areas"], parse.sentiment),
                follow_up_title=values["follow_up_title"],
                follow_up_due=values["follow_up_due"],
            )
            message = _("Logged on %(account)s.") % {"account": account.name}
            if follow_up:
                message += " " + _("Follow-up “%(title)s” due %(due)s.") % {
                    "title": follow_up.title,
                    "due": follow_up.due_on.strftime("%d.%m.%Y"),
                }
            messages.success(request, message)
            if request.htmx:
                return HttpResponseClientRedirect(account.get_absolute_url())
            return redirect(account)
    template = (
        "activities/partials/_quick_log_preview.html"
        if request.htmx
        else "activities/quick_log_page.html"
    )
    response = render(request, template, context)
    if request.htmx:
        form_id = request.POST.get("form_id", "")
        form_id = form_id if form_id in QUICK_LOG_FORMS else "quick-log"
        response["HX-Retarget"] = f"#{form_id}-preview"
    return response
