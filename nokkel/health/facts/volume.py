"""Volume facts: parcels per whole month before the as-of month, and the ABC class then.

Shipment months are business dates: a month counts once it is over, so as of any day of
December the newest month read is November.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from django.db.models import Case, Q, QuerySet, Sum, When

from nokkel.health.facts.accounts import Batch, as_batch
from nokkel.health.facts.sql import KeyValue, TextJoin
from nokkel.health.scoring import VolumeFacts
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify
from nokkel.portfolio.windows import add_months, month_start, trailing_months
from nokkel.shipments.models import AccountMonth

SERIES_MONTHS = 24


def volume_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    revenue: dict[int, Decimal] | None = None,
) -> dict[int, VolumeFacts | None]:
    """24 months of parcels per account; None for an account with none in them. One query,
    over the monthly totals (one row per account and month).

    A whole-portfolio batch reads the table through, picking the window's months in the
    aggregate (a range condition would send SQLite through the month index row by row);
    it then also fills `revenue`, when given, with every account's 12-month revenue for
    the ABC classes.
    """
    batch = as_batch(account_ids)
    months = trailing_months(as_of, SERIES_MONTHS)
    position = {month.isoformat(): index for index, month in enumerate(months)}
    in_window = Q(month__gte=months[0], month__lte=months[-1])
    rows: QuerySet[AccountMonth] = AccountMonth.objects.all()
    if not batch.is_large:
        rows = batch.filter(rows.filter(in_window))
    found = (
        rows.values("account_id")
        .annotate(
            pairs=TextJoin(Case(When(in_window, then=KeyValue("month", "parcels")))),
            revenue_12m=Sum("revenue", filter=Q(month__gte=months[-12], month__lte=months[-1])),
        )
        .order_by()
        .values_list("account_id", "pairs", "revenue_12m")
    )
    facts: dict[int, VolumeFacts | None] = dict.fromkeys(batch.ids)
    whole = batch.is_large and revenue is not None
    for account_id, pairs, revenue_12m in found.iterator(chunk_size=10_000):
        if whole and revenue is not None:
            revenue[account_id] = revenue_12m or Decimal(0)
        if account_id not in batch or not pairs:
            continue
        series = [0] * SERIES_MONTHS
        for item in pairs.split(","):
            # "YYYY-MM-DD=parcels"
            series[position[item[:10]]] += int(item[11:])
        if any(series):
            facts[account_id] = VolumeFacts(tuple(series), months[-1])
    return facts


def abc_classes(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    revenue: dict[int, Decimal] | None = None,
) -> dict[int, str]:
    """Each account's ABC class as known on the date.

    The stored classification when it was computed on or before the date (one query);
    otherwise the class is recomputed from the 12 whole months before the date over the
    whole portfolio, since shares depend on every account (one more query, unless
    `revenue` already holds every account's 12-month revenue).
    """
    batch = as_batch(account_ids)
    stored = {
        pk: (computed, klass)
        for pk, computed, klass in batch.filter(AccountClassification.objects.all()).values_list(
            "account_id", "as_of", "abc_class"
        )
        if pk in batch
    }
    if stored and all(computed <= as_of for computed, _ in stored.values()):
        return {pk: stored[pk][1] if pk in stored else "" for pk in batch.ids}
    if not revenue:
        first = add_months(month_start(as_of), -12)
        revenue = dict(
            AccountMonth.objects.filter(month__gte=first, month__lt=month_start(as_of))
            .values("account_id")
            .annotate(total=Sum("revenue"))
            .order_by()
            .values_list("account_id", "total")
        )
    classes = {
        row.account_id: row.abc_class
        for row in abc_classify((pk, total or Decimal(0)) for pk, total in revenue.items())
    }
    return {pk: classes.get(pk, "") for pk in batch.ids}
