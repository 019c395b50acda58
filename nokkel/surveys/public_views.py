"""The survey form at /s/<token>/: no login, the token in the link is the credential.

An unknown token is a 404; an expired link or a closed campaign is a friendly page (410);
too many requests are a 429. The page speaks the recipient's language (the campaign's
choice for that contact), and the respondent may switch between Norwegian and English.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from nokkel.core.forms import add_service_errors
from nokkel.surveys import ratelimit
from nokkel.surveys.forms import QuestionnaireForm
from nokkel.surveys.models import SurveyLanguage, SurveyRecipient, SurveyResponse
from nokkel.surveys.selectors import recipient_by_token, statements_of
from nokkel.surveys.services import SurveyUnavailableError, survey_answer_submit

GONE = 410
TOO_MANY = 429


def _secure(response: HttpResponse) -> HttpResponse:
    # The token is in the address: keep it out of Referer headers, caches and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many_requests(request: HttpRequest) -> HttpResponse:
    response = render(request, "surveys/public/too_many.html", status=TOO_MANY)
    response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return _secure(response)


def recipient_or_refusal(request: HttpRequest, token: str) -> SurveyRecipient | HttpResponse:
    """The token's recipient, a 429 when over the rate limit; Http404 when unknown."""
    address = ratelimit.client_address(request)
    if not ratelimit.misses_allowed(address):
        return too_many_requests(request)
    try:
        recipient = recipient_by_token(token=token)
    except SurveyRecipient.DoesNotExist:
        ratelimit.record_miss(address)
        raise Http404 from None
    if not ratelimit.token_allowed(token):
        return too_many_requests(request)
    return recipient


def _language(request: HttpRequest, recipient: SurveyRecipient) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in SurveyLanguage.values else recipient.language


def _unavailable(request: HttpRequest, recipient: SurveyRecipient, reason: str) -> HttpResponse:
    template = "surveys/public/closed.html" if reason == "closed" else "surveys/public/expired.html"
    context = {"recipient": recipient, "campaign": recipient.campaign, "kam": recipient.account.kam}
    return _secure(render(request, template, context, status=GONE))


def _existing(recipient: SurveyRecipient) -> SurveyResponse | None:
    try:
        return recipient.response
    except SurveyResponse.DoesNotExist:
        return None


# The link itself is the credential, not a cookie, so a forged cross-site post cannot
# act for anyone without the token; exempting the form keeps it working for respondents
# whose browsers refuse cookies.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def survey_respond(request: HttpRequest, token: str) -> HttpResponse:
    found = recipient_or_refusal(request, token)
    if isinstance(found, HttpResponse):
        return found
    recipient, now = found, timezone.now()
    language = _language(request, recipient)
    with translation.override(language):
        if not recipient.campaign.accepts_answers(now):
            return _unavailable(request, recipient, "closed")
        if recipient.is_expired(now):
            return _unavailable(request, recipient, "expired")
        existing = _existing(recipient)
        statements = statements_of(questionnaire_id=recipient.campaign.questionnaire_id)
        self_url = reverse("surveys-public:respond", kwargs={"token": token})
        if request.GET.get("lang") in SurveyLanguage.values:
            self_url += f"?lang={language}"
        form = QuestionnaireForm(
            request.POST or None,
            statements=statements,
            language=language,
            initial=QuestionnaireForm.initial_from(existing),
        )
        if request.method == "POST" and form.is_valid():
            try:
                survey_answer_submit(recipient=recipient, answers=form.answer_set(), now=now)
            except SurveyUnavailableError as refusal:
                return _unavailable(request, recipient, refusal.reason)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                separator = "&" if "?" in self_url else "?"
                return redirect(f"{self_url}{separator}saved=1")
        context = {
            "recipient": recipient,
            "campaign": recipient.campaign,
            "kam": recipient.account.kam,
            "form": form,
            "existing": existing,
            "self_url": self_url,
            "language": language,
            "token": token,
        }
        template = "surveys/public/form.html"
        if request.method == "GET" and request.GET.get("saved") and existing is not None:
            template = "surveys/public/thanks.html"
        return _secure(render(request, template, context))
