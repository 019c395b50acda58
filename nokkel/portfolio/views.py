"""The portfolio page: Pareto chart, ABC × XYZ table, totals."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts import selectors as account_selectors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.portfolio.forms import PortfolioFilterForm
from nokkel.portfolio.selectors import PortfolioRow, abc_table

CHART_BARS = 200
TABLE_ROWS = 500
CLASS_COLORS = {"A": "#0b4f8a", "B": "#5b8fc7", "C": "#b8c9de", "": "#dddddd"}


def _matrix(rows: list[PortfolioRow]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    revenue: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        key = (row.abc_class or "–", row.xyz_class or "–")
        counts[key] += 1
        revenue[key] += row.revenue_12m
    return [
        {
            "abc": abc,
            "cells": [
                {"count": counts[(abc, xyz)], "revenue": revenue[(abc, xyz)]}
                for xyz in ("X", "Y", "Z", "–")
            ],
            "count": sum(counts[(abc, xyz)] for xyz in ("X", "Y", "Z", "–")),
            "revenue": sum((revenue[(abc, xyz)] for xyz in ("X", "Y", "Z", "–")), Decimal(0)),
        }
        for abc in ("A", "B", "C", "–")
    ]


def _chart(rows: list[PortfolioRow]) -> dict[str, Any]:
    shown = [row for row in rows if row.revenue_12m > 0][:CHART_BARS]
    return {
        "labels": [row.account.name for row in shown],
        "revenue": [float(row.revenue_12m) for row in shown],
        "cumulative": [round(row.cumulative_share, 4) for row in shown],
        "colors": [CLASS_COLORS[row.abc_class] for row in shown],
        "revenue_label": _("Revenue, 12 months (NOK)"),
        "cumulative_label": _("Cumulative share"),
    }


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PortfolioFilterForm(request.GET or None)
    as_of: date = timezone.localdate()
    filters: dict[str, Any] = {}
    if form.is_valid():
        as_of = form.cleaned_data.get("as_of") or as_of
        filters = {
            "segment_id": form.cleaned_data.get("segment"),
            "kam_id": form.cleaned_data.get("kam"),
        }
    rows = abc_table(user=request.user, as_of=as_of, **filters)
    total = sum((row.revenue_12m for row in rows), Decimal(0))
    return render(
        request,
        "portfolio/overview.html",
        {
            "form": form,
            "as_of": as_of,
            "rows": rows[:TABLE_ROWS],
            "row_count": len(rows),
            "rows_cut": len(rows) > TABLE_ROWS,
            "chart": _chart(rows),
            "chart_cut": sum(1 for r in rows if r.revenue_12m > 0) > CHART_BARS,
            "chart_bars": CHART_BARS,
            "matrix": _matrix(rows),
            "total_revenue": total,
            "class_counts": Counter(row.abc_class for row in rows),
            "segments": account_selectors.segment_list(),
        },
    )
