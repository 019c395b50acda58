"""The account page's revenue panel: 24 months against the year before, margin, CLV."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.portfolio.selectors import (
    RevenueSeries,
    account_classification,
    account_lifetime_value,
    account_revenue_series,
    clv_settings,
)


def revenue_chart(series: RevenueSeries) -> dict[str, Any]:
    labels = [formats.date_format(m.month, "M Y") for m in series.months]
    return {
        "labels": labels,
        "services": [
            {
                "label": margin.label,
                "revenue": [float(m.revenue) for m in series.by_service[margin.service]],
            }
            for margin in series.service_margins
        ],
        "year_earlier": [float(m.revenue) for m in series.year_earlier],
        "year_earlier_label": _("Revenue a year earlier"),
    }


def revenue_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    as_of = timezone.localdate()
    series = account_revenue_series(account=account, as_of=as_of)
    retention, yearly = clv_settings()
    return {
        "series": series,
        "rows": list(zip(series.months, series.year_earlier, strict=True)),
        "chart": revenue_chart(series) if series.has_data else None,
        "classification": account_classification(account=account),
        "clv": account_lifetime_value(account=account, as_of=as_of),
        "clv_retention": retention,
        "clv_yearly": yearly,
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "revenue",
            gettext_lazy("Revenue and margin"),
            "portfolio/partials/_panel_revenue.html",
            revenue_context,
            order=40,
        )
    )
