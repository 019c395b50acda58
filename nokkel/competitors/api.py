"""REST API for the competitor register, under /api/v1/: sales managers and admins.

For anyone else a competitor is a 404 and the list a 403, as on the pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.competitors.access import can_use_competitor_register
from nokkel.competitors.models import Competitor
from nokkel.competitors.selectors import competitor_get, competitor_list
from nokkel.competitors.serializers import CompetitorInputSerializer, CompetitorOutputSerializer
from nokkel.competitors.services import competitor_create, competitor_update
from nokkel.core.api import actor_of, require, service_errors, visible_or_404

NOT_ALLOWED = _("The competitor register is for sales managers and admins.")


class CompetitorListApi(GenericAPIView):
    serializer_class = CompetitorInputSerializer

    def get_queryset(self) -> QuerySet[Competitor]:
        return competitor_list(user=actor_of(self.request))

    @extend_schema(responses=CompetitorOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        require(can_use_competitor_register(actor_of(request)), NOT_ALLOWED)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CompetitorOutputSerializer(page, many=True).data)

    @extend_schema(request=CompetitorInputSerializer, responses={201: CompetitorOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        require(can_use_competitor_register(actor), NOT_ALLOWED)
        serializer = CompetitorInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            competitor = competitor_create(actor=actor, data=serializer.validated_data)
        competitor = competitor_get(user=actor, competitor_id=competitor.pk)
        return Response(CompetitorOutputSerializer(competitor).data, status=status.HTTP_201_CREATED)


class CompetitorDetailApi(APIView):
    @extend_schema(responses=CompetitorOutputSerializer)
    def get(self, request: Request, competitor_id: int) -> Response:
        competitor = visible_or_404(
            competitor_get, user=actor_of(request), competitor_id=competitor_id
        )
        return Response(CompetitorOutputSerializer(competitor).data)

    @extend_schema(request=CompetitorInputSerializer, responses=CompetitorOutputSerializer)
    def put(self, request: Request, competitor_id: int) -> Response:
        return self._update(request, competitor_id, partial=False)

    @extend_schema(request=CompetitorInputSerializer, responses=CompetitorOutputSerializer)
    def patch(self, request: Request, competitor_id: int) -> Response:
        return self._update(request, competitor_id, partial=True)

    def _update(self, request: Request, competitor_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        competitor = visible_or_404(competitor_get, user=actor, competitor_id=competitor_id)
        serializer = CompetitorInputSerializer(competitor, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            competitor_update(competitor=competitor, actor=actor, data=serializer.validated_data)
        competitor = competitor_get(user=actor, competitor_id=competitor_id)
        return Response(CompetitorOutputSerializer(competitor).data)
