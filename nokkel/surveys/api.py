"""REST API for surveys, under /api/v1/.

`survey-responses/<token>/` is public: the token is the credential (no login, no
session, so no CSRF), rate-limited like the form. The results go through the access
door: a campaign is scored over the accounts the caller may see, and one with none of
them is a 404, like an account the caller may not open.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.selectors import account_get
from nokkel.core.api import actor_of, service_errors, visible_or_404
from nokkel.surveys import ratelimit
from nokkel.surveys.models import (
    CampaignAccount,
    SurveyArea,
    SurveyCampaign,
    SurveyLanguage,
    SurveyRecipient,
    SurveyResponse,
)
from nokkel.surveys.selectors import (
    account_results,
    campaign_get,
    campaign_results,
    recipient_by_token,
    statements_of,
)
from nokkel.surveys.serializers import (
    EMPTY_RESULTS,
    CampaignOutputSerializer,
    ResultsSerializer,
    SurveyAnswerInputSerializer,
    response_payload,
    results_payload,
)
from nokkel.surveys.services import SurveyUnavailableError, survey_answer_submit

LANGUAGE = OpenApiParameter("lang", str, description="nb or en; the recipient's by default.")
CAMPAIGN = OpenApiParameter(
    "campaign", int, description="A campaign id; the newest answered one by default."
)
GONE_MESSAGES = {
    "closed": gettext_noop("The survey is closed; answers can no longer be given or changed."),
    "expired": gettext_noop("This survey link has expired."),
}


def _recipient(request: Request, token: str) -> SurveyRecipient | Response:
    address = ratelimit.client_address(request)
    too_many = Response(
        {"detail": _("Too many requests; try again in a minute.")},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(ratelimit.WINDOW_SECONDS)},
    )
    if not ratelimit.misses_allowed(address):
        return too_many
    try:
        recipient = recipient_by_token(token=token)
    except SurveyRecipient.DoesNotExist:
        ratelimit.record_miss(address)
        raise Http404 from None
    if not ratelimit.token_allowed(token):
        return too_many
    return recipient


def _unavailable(reason: str) -> Response:
    return Response(
        {"detail": _(GONE_MESSAGES[reason]), "code": reason}, status=status.HTTP_410_GONE
    )


def _availability(recipient: SurveyRecipient) -> str | None:
    now = timezone.now()
    if not recipient.campaign.accepts_answers(now):
        return "closed"
    if recipient.is_expired(now):
        return "expired"
    return None


def _document(recipient: SurveyRecipient, language: str) -> dict[str, Any]:
    """The questionnaire in the respondent's language, and their answer so far (or null)."""
    campaign = recipient.campaign
    statements = statements_of(questionnaire_id=campaign.questionnaire_id)
    areas = []
    with translation.override(language):
        for key, label in SurveyArea.choices:
            items = [{"id": s.pk, "text": s.text(language)} for s in statements if s.area == key]
            if items:
                areas.append({"key": key, "label": str(label), "statements": items})
    response = (
        SurveyResponse.objects.filter(recipient=recipient).prefetch_related("answers").first()
    )
    return {
        "campaign": campaign.name,
        "account": recipient.account.name,
        "respondent": recipient.name,
        "language": language,
        "closes_on": campaign.closes_on.isoformat() if campaign.closes_on else None,
        "expires_at": recipient.expires_at.isoformat() if recipient.expires_at else None,
        "scale": {"min": 1, "max": 7},
        "areas": areas,
        "response": response_payload(response),
    }


class SurveyResponseApi(APIView):
    """The respondent's questionnaire (GET) and their answer (POST), by the link's token."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def _language(self, request: Request, recipient: SurveyRecipient) -> str:
        asked = request.query_params.get("lang", "")
        return asked if asked in SurveyLanguage.values else recipient.language

    @extend_schema(parameters=[LANGUAGE], responses={200: dict, 404: None, 410: dict})
    def get(self, request: Request, token: str) -> Response:
        found = _recipient(request, token)
        if isinstance(found, Response):
            return found
        with translation.override(self._language(request, found)):
            reason = _availability(found)
            if reason:
                return _unavailable(reason)
            return Response(_document(found, self._language(request, found)))

    @extend_schema(
        parameters=[LANGUAGE],
        request=SurveyAnswerInputSerializer,
        responses={200: dict, 201: dict, 400: dict, 404: None, 410: dict},
    )
    def post(self, request: Request, token: str) -> Response:
        """Give or change the answer; 201 the first time, 200 when it replaces one."""
        found = _recipient(request, token)
        if isinstance(found, Response):
            return found
        language = self._language(request, found)
        with translation.override(language):
            reason = _availability(found)
            if reason:
                return _unavailable(reason)
            first = not SurveyResponse.objects.filter(recipient=found).exists()
            serializer = SurveyAnswerInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                with service_errors():
                    survey_answer_submit(
                        recipient=found, answers=serializer.answer_set(), now=timezone.now()
                    )
            except SurveyUnavailableError as refusal:
                return _unavailable(refusal.reason)
            code = status.HTTP_201_CREATED if first else status.HTTP_200_OK
            return Response(_document(found, language), status=code)


class CampaignListApi(GenericAPIView):
    serializer_class = CampaignOutputSerializer

    def get_queryset(self) -> QuerySet[SurveyCampaign]:
        user = actor_of(self.request)
        return (
            SurveyCampaign.objects.visible_to(user)
            .select_related("questionnaire")
            .prefetch_related(
                Prefetch("targets", queryset=CampaignAccount.objects.visible_to(user))
            )
            .order_by("-created_at", "-id")
        )

    @extend_schema(operation_id="surveys_list", responses=CampaignOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Campaigns that survey at least one account the caller may see, newest first."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CampaignOutputSerializer(page, many=True).data)


class CampaignDetailApi(CampaignListApi):
    @extend_schema(operation_id="surveys_retrieve", responses=CampaignOutputSerializer)
    def get(self, request: Request, campaign_id: int) -> Response:  # type: ignore[override]
        try:
            campaign = self.get_queryset().get(pk=campaign_id)
        except SurveyCampaign.DoesNotExist:
            raise Http404 from None
        return Response(CampaignOutputSerializer(campaign).data)


class CampaignResultsApi(APIView):
    @extend_schema(responses=ResultsSerializer)
    def get(self, request: Request, campaign_id: int) -> Response:
        """Scored over the campaign's accounts the caller may see."""
        user = actor_of(request)
        campaign = visible_or_404(campaign_get, user=user, campaign_id=campaign_id)
        results = visible_or_404(campaign_results, user=user, campaign=campaign)
        return Response(results_payload(results.score))


class AccountSurveyResultsApi(APIView):
    @extend_schema(parameters=[CAMPAIGN], responses=ResultsSerializer)
    def get(self, request: Request, account_id: int) -> Response:
        """The account's newest answered campaign (or ?campaign=), scored for this account;
        no areas and no responses when it has none."""
        account = visible_or_404(account_get, user=actor_of(request), account_id=account_id)
        campaign_id = request.query_params.get("campaign", "")
        if campaign_id and not campaign_id.isdigit():
            raise Http404
        try:
            results = account_results(
                account=account, campaign_id=int(campaign_id) if campaign_id else None
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        if results is None:
            if campaign_id:
                raise Http404
            return Response(EMPTY_RESULTS)
        return Response(results_payload(results.score))
