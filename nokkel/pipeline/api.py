"""REST API for leads and opportunities, under /api/v1/.

Thin, like the accounts API: objects come through the access door (hidden is a 404),
write permission is checked (visible but not editable is a 403), input is parsed by a
serializer and the change is a service call (refused is a 400 naming the field, stale
is a 409). Creating a lead is public: no login, the honeypot and the rate limit apply.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException, Throttled
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.core.api import STALE, actor_of, require, service_errors, visible_or_404
from nokkel.pipeline import selectors
from nokkel.pipeline.access import (
    can_create_opportunity,
    can_edit_opportunity,
    can_manage_leads,
)
from nokkel.pipeline.lead_services import lead_receive
from nokkel.pipeline.models import Opportunity
from nokkel.pipeline.ratelimit import lead_rate_limited, too_large
from nokkel.pipeline.serializers import (
    LeadInputSerializer,
    LeadOutputSerializer,
    MoveInputSerializer,
    OpportunityCreateSerializer,
    OpportunityDetailSerializer,
    OpportunityFilterSerializer,
    OpportunityOutputSerializer,
    OpportunityUpdateSerializer,
)
from nokkel.pipeline.services import opportunity_create, opportunity_move, opportunity_update
from nokkel.pipeline.tasks import notify_kam_of_lead

RECEIVED = inline_serializer("LeadReceived", {"status": serializers.CharField()})


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large.")
    default_code = "too_large"


class LeadListApi(GenericAPIView):
    """POST: anyone (the web site's own form may post here). GET: sales managers and admins."""

    serializer_class = LeadInputSerializer

    def get_authenticators(self) -> list[BaseAuthentication]:
        # A public create acts for nobody, so no session (and no CSRF check) applies to it.
        request = getattr(self, "request", None)  # None while the schema is generated
        if request is not None and request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(responses=LeadOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        require(can_manage_leads(actor), _("Only sales managers and admins read the leads."))
        page = self.paginate_queryset(selectors.lead_list(user=actor))
        return self.get_paginated_response(LeadOutputSerializer(page, many=True).data)

    @extend_schema(
        request=LeadInputSerializer,
        responses={201: RECEIVED, 429: None, 413: None},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        if too_large(request.META):
            raise PayloadTooLarge
        if lead_rate_limited(request._request):
            raise Throttled(detail=_("Too many requests from your network; try again later."))
        serializer = LeadInputSerializer(data=request.data)
        honeypot = str(request.data.get("website", "") if hasattr(request.data, "get") else "")
        if not honeypot.strip():
            serializer.is_valid(raise_exception=True)
            with service_errors():
                lead = lead_receive(submission=serializer.submission(), received_at=timezone.now())
            notify_kam_of_lead.enqueue(lead.pk)
        # A bot that filled in the honeypot gets the same answer and nothing is stored.
        return Response({"status": "received"}, status=status.HTTP_201_CREATED)


class LeadDetailApi(APIView):
    @extend_schema(responses=LeadOutputSerializer)
    def get(self, request: Request, lead_id: int) -> Response:
        lead = visible_or_404(selectors.lead_get, user=actor_of(request), lead_id=lead_id)
        return Response(LeadOutputSerializer(lead).data)


def _filtered(user: Any, filters: dict[str, Any]) -> QuerySet[Opportunity]:
    owner = filters.get("owner", "")
    return selectors.opportunity_list(
        user=user,
        account_id=filters.get("account"),
        owner_id=int(owner) if owner.isdigit() else None,
        owner_username="" if owner.isdigit() else owner,
        phase=filters.get("phase", ""),
    )


class OpportunityListApi(GenericAPIView):
    serializer_class = OpportunityCreateSerializer

    def get_queryset(self) -> QuerySet[Opportunity]:
        filters = OpportunityFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return _filtered(actor_of(self.request), dict(filters.validated_data))

    @extend_schema(
        parameters=[OpportunityFilterSerializer], responses=OpportunityOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OpportunityOutputSerializer(page, many=True).data)

    @extend_schema(
        request=OpportunityCreateSerializer, responses={201: OpportunityDetailSerializer}
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = OpportunityCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        require(
            can_create_opportunity(actor, account),
            _("You may not open opportunities on this account."),
        )
        phase = data.pop("phase", "identify")
        buying_phase = data.pop("buying_phase", "")
        data.pop("version", None)
        with service_errors():
            opportunity = opportunity_create(
                account=account,
                actor=actor,
                data=data,
                created_at=timezone.now(),
                phase=phase,
                buying_phase=buying_phase,
            )
        return Response(
            OpportunityDetailSerializer(opportunity).data, status=status.HTTP_201_CREATED
        )


def _visible(request: Request, opportunity_id: int) -> Opportunity:
    return visible_or_404(
        selectors.opportunity_get, user=actor_of(request), opportunity_id=opportunity_id
    )


class OpportunityDetailApi(APIView):
    @extend_schema(responses=OpportunityDetailSerializer)
    def get(self, request: Request, opportunity_id: int) -> Response:
        return Response(OpportunityDetailSerializer(_visible(request, opportunity_id)).data)

    @extend_schema(
        request=OpportunityUpdateSerializer,
        responses={200: OpportunityDetailSerializer, 409: STALE},
    )
    def put(self, request: Request, opportunity_id: int) -> Response:
        return self._update(request, opportunity_id, partial=False)

    @extend_schema(
        request=OpportunityUpdateSerializer,
        responses={200: OpportunityDetailSerializer, 409: STALE},
    )
    def patch(self, request: Request, opportunity_id: int) -> Response:
        return self._update(request, opportunity_id, partial=True)

    def _update(self, request: Request, opportunity_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        opportunity = _visible(request, opportunity_id)
        require(can_edit_opportunity(actor, opportunity), _("You may not change this opportunity."))
        serializer = OpportunityUpdateSerializer(
            opportunity, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        with service_errors():
            opportunity = opportunity_update(
                opportunity=opportunity,
                actor=actor,
                data=data,
                expected_version=expected_version,
                changed_at=timezone.now(),
            )
        return Response(OpportunityDetailSerializer(opportunity).data)


class OpportunityMoveApi(APIView):
    @extend_schema(
        request=MoveInputSerializer, responses={200: OpportunityDetailSerializer, 409: STALE}
    )
    def post(self, request: Request, opportunity_id: int) -> Response:
        """Move the sales phase (and the customer's buying phase); lost needs a reason."""
        actor = actor_of(request)
        opportunity = _visible(request, opportunity_id)
        require(can_edit_opportunity(actor, opportunity), _("You may not move this opportunity."))
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            opportunity = opportunity_move(
                opportunity=opportunity,
                actor=actor,
                phase=data["phase"],
                buying_phase=data.get("buying_phase"),
                lost_reason=data.get("lost_reason", ""),
                lost_to=data.get("lost_to"),
                lost_note=data.get("lost_note", ""),
                expected_version=data.get("version"),
                moved_at=timezone.now(),
            )
        return Response(OpportunityDetailSerializer(opportunity).data)
