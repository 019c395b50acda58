"""REST API for needs analyses and decision criteria, under /api/v1/.

- `needs-analyses/`: list (?account=), and create, which records a new version;
  `needs-analyses/{needs_analysis_id}/`: read one version. Versions are never changed.
- `accounts/{account_id}/decision-criteria/`: GET the account's set with the recommended
  move per criterion and the weighted position; PUT replaces the whole set (the weights
  are checked together, so the set is one resource rather than one row at a time).

Hidden objects are a 404, visible but not editable a 403, refused input a 400 by field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.access import can_edit_account
from nokkel.accounts.models import Account
from nokkel.accounts.selectors import account_get
from nokkel.core.api import actor_of, require, service_errors, visible_or_404
from nokkel.needs import selectors
from nokkel.needs.models import NeedsAnalysis
from nokkel.needs.serializers import (
    DecisionCriteriaInputSerializer,
    DecisionCriteriaOutputSerializer,
    NeedsAnalysisFilterSerializer,
    NeedsAnalysisInputSerializer,
    NeedsAnalysisOutputSerializer,
)
from nokkel.needs.services import (
    CriterionInput,
    WalletShareInput,
    decision_criteria_replace,
    needs_analysis_record,
)

NOT_YOURS = _("You may not change this account's needs analysis.")


class NeedsAnalysisListApi(GenericAPIView):
    serializer_class = NeedsAnalysisInputSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[NeedsAnalysis]:
        filters = NeedsAnalysisFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.needs_analysis_list(
            user=actor_of(self.request), account=filters.validated_data.get("account")
        )

    @extend_schema(
        parameters=[NeedsAnalysisFilterSerializer],
        responses=NeedsAnalysisOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(NeedsAnalysisOutputSerializer(page, many=True).data)

    @extend_schema(
        request=NeedsAnalysisInputSerializer, responses={201: NeedsAnalysisOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        """Record a new version of the account's needs analysis; the newest feeds offers."""
        actor = actor_of(request)
        serializer = NeedsAnalysisInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account: Account = data.pop("account")
        require(can_edit_account(actor, account), NOT_YOURS)
        volumes = {row["service"]: row["parcels_per_month"] for row in data.pop("volumes", [])}
        wallet = [WalletShareInput(**row) for row in data.pop("wallet_shares", [])]
        recorded_on = data.pop("recorded_on", None) or timezone.localdate()
        with service_errors():
            analysis = needs_analysis_record(
                account=account,
                actor=actor,
                recorded_on=recorded_on,
                data=data,
                volumes=volumes,
                wallet=wallet,
            )
        output = selectors.needs_analysis_get(user=actor, needs_analysis_id=analysis.pk)
        return Response(NeedsAnalysisOutputSerializer(output).data, status=status.HTTP_201_CREATED)


class NeedsAnalysisDetailApi(APIView):
    @extend_schema(responses=NeedsAnalysisOutputSerializer)
    def get(self, request: Request, needs_analysis_id: int) -> Response:
        analysis = visible_or_404(
            selectors.needs_analysis_get,
            user=actor_of(request),
            needs_analysis_id=needs_analysis_id,
        )
        return Response(NeedsAnalysisOutputSerializer(analysis).data)


def _criteria_output(request: Request, account: Account) -> dict[str, Any]:
    assessment = selectors.criteria_assessment(user=actor_of(request), account=account)
    return DecisionCriteriaOutputSerializer({"account": account, "assessment": assessment}).data


class DecisionCriteriaApi(APIView):
    @extend_schema(responses=DecisionCriteriaOutputSerializer)
    def get(self, request: Request, account_id: int) -> Response:
        account = visible_or_404(account_get, user=actor_of(request), account_id=account_id)
        return Response(_criteria_output(request, account))

    @extend_schema(
        request=DecisionCriteriaInputSerializer, responses=DecisionCriteriaOutputSerializer
    )
    def put(self, request: Request, account_id: int) -> Response:
        """Replace the account's whole set; send an empty list to clear it."""
        actor = actor_of(request)
        account = visible_or_404(account_get, user=actor, account_id=account_id)
        require(can_edit_account(actor, account), _("You may not change these criteria."))
        serializer = DecisionCriteriaInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [CriterionInput(**row) for row in serializer.validated_data["criteria"]]
        with service_errors():
            decision_criteria_replace(account=account, actor=actor, rows=rows)
        return Response(_criteria_output(request, account))
