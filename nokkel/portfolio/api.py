"""GET /api/v1/portfolio/abc/ and GET /api/v1/accounts/{id}/revenue/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.models import Account
from nokkel.portfolio.selectors import (
    abc_table,
    account_lifetime_value,
    account_revenue_series,
)

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default today", required=False
)


def parse_as_of(request: Request) -> date:
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {"as_of": [_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": raw}]}
        ) from None


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


ABC_ROW = inline_serializer(
    "AbcRow",
    {
        "account": serializers.IntegerField(),
        "account_name": serializers.CharField(),
        "revenue_12m": serializers.DecimalField(max_digits=16, decimal_places=2),
        "share": serializers.FloatField(),
        "cumulative_share": serializers.FloatField(),
        "abc_class": serializers.CharField(allow_null=True),
        "xyz_class": serializers.CharField(allow_null=True),
    },
    many=True,
)


class AbcView(APIView):
    @extend_schema(parameters=[AS_OF], responses={200: ABC_ROW})
    def get(self, request: Request) -> Response:
        """Accounts the caller may see, ranked by 12-month revenue, with ABC and XYZ classes.

        Shares are computed over the whole portfolio.
        """
        as_of = parse_as_of(request)
        rows = abc_table(user=request.user, as_of=as_of)  # type: ignore[arg-type]
        return Response(
            [
                {
                    "account": row.account.pk,
                    "account_name": row.account.name,
                    "revenue_12m": _money(row.revenue_12m),
                    "share": round(row.share, 6),
                    "cumulative_share": round(row.cumulative_share, 6),
                    "abc_class": row.abc_class or None,
                    "xyz_class": row.xyz_class or None,
                }
                for row in rows
            ]
        )


class AccountRevenueView(APIView):
    @extend_schema(parameters=[AS_OF], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, account_id: int) -> Response:
        """Monthly series for 24 months, each with the same month a year earlier and per service."""
        account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
        as_of = parse_as_of(request)
        series = account_revenue_series(account=account, as_of=as_of)
        clv = account_lifetime_value(account=account, as_of=as_of)
        months = []
        for index, (month, earlier) in enumerate(
            zip(series.months, series.year_earlier, strict=True)
        ):
            months.append(
                {
                    "month": month.month.strftime("%Y-%m"),
                    "parcels": month.parcels,
                    "revenue": _money(month.revenue),
                    "cost": _money(month.cost),
                    "margin": _money(month.margin),
                    "parcels_year_earlier": earlier.parcels,
                    "revenue_year_earlier": _money(earlier.revenue),
                    "by_service": {
                        service: {
                            "parcels": figures[index].parcels,
                            "revenue": _money(figures[index].revenue),
                            "margin": _money(figures[index].margin),
                        }
                        for service, figures in series.by_service.items()
                    },
                }
            )
        return Response(
            {
                "account": account.pk,
                "as_of": as_of.isoformat(),
                "months": months,
                "revenue_change": series.revenue_change,
                "parcels_change": series.parcels_change,
                "lifetime_value": None
                if clv is None
                else {
                    "value": _money(clv.value),
                    "monthly_margin": _money(clv.monthly_margin),
                    "retention": str(clv.retention),
                    "monthly_discount_rate": round(float(clv.monthly_discount_rate), 8),
                },
            }
        )
