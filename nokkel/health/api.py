"""GET /api/v1/accounts/{account_id}/health/ and GET /api/v1/portfolio/health/.

Both take `as_of` (YYYY-MM-DD, default today): the score from what was known by the end
of that day. Accounts come through the access door; a hidden account is a 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.models import Account
from nokkel.core.api import actor_of
from nokkel.health.present import health_data
from nokkel.health.selectors import account_health, health_results
from nokkel.portfolio.api import AS_OF, parse_as_of


class AccountHealthApi(APIView):
    @extend_schema(parameters=[AS_OF], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, account_id: int) -> Response:
        """The account's health score with each component's weight, score, contribution and
        reason, the overrides that forced red, and the three most harmful reasons."""
        account = get_object_or_404(Account.objects.visible_to(actor_of(request)), pk=account_id)
        return Response(health_data(account_health(account=account, as_of=parse_as_of(request))))


class PortfolioHealthApi(GenericAPIView):
    @extend_schema(parameters=[AS_OF], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        """Every account the caller may see, by name, a page at a time (`page`), each with
        its health as of the date; only the page's accounts are scored."""
        as_of = parse_as_of(request)
        accounts = Account.objects.visible_to(actor_of(request)).order_by("name", "pk")
        page = self.paginate_queryset(accounts.only("pk", "name"))
        assert page is not None  # pagination is configured for the whole API
        results = health_results(account_ids=[a.pk for a in page], as_of=as_of)
        return self.get_paginated_response(
            [{"account_name": a.name, **health_data(results[a.pk])} for a in page]
        )
