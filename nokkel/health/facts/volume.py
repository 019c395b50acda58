"""Volume facts: parcels per whole month before the as-of month, and the ABC class then.

Shipment months are business dates: a month counts once it is over, so as of any day of
December the newest month read is November.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from nokkel.health.facts.accounts import Batch, as_batch
from nokkel.health.scoring import VolumeFacts
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify
from nokkel.portfolio.windows import add_months, month_start, trailing_months
from nokkel.shipments.models import ShipmentMonth

SERIES_MONTHS = 24


def volume_facts(
    *, account_ids: Collection[int] | Batch, as_of: date
) -> dict[int, VolumeFacts | None]:
    """24 months of parcels per account; None for an account with none in them. One query,
    one row per account (a sum per month side by side)."""
    batch = as_batch(account_ids)
    months = trailing_months(as_of, SERIES_MONTHS)
    per_month = {
        f"m{index}": Sum("parcels", filter=Q(month=month)) for index, month in enumerate(months)
    }
    rows = (
        batch.filter(ShipmentMonth.objects.filter(month__gte=months[0], month__lte=months[-1]))
        .values("account_id")
        .annotate(**per_month)
        .order_by()
        .values_list("account_id", *per_month)
    )
    facts: dict[int, VolumeFacts | None] = dict.fromkeys(batch.ids)
    for account_id, *parcels in rows.iterator(chunk_size=10_000):
        if account_id in batch and any(parcels):
            facts[account_id] = VolumeFacts(tuple(int(p or 0) for p in parcels), months[-1])
    return facts


def abc_classes(*, account_ids: Collection[int] | Batch, as_of: date) -> dict[int, str]:
    """Each account's ABC class as known on the date.

    The stored classification when it was computed on or before the date (one query);
    otherwise the class is recomputed from the 12 whole months before the date over the
    whole portfolio, since shares depend on every account (one more query).
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
    first = add_months(month_start(as_of), -12)
    revenue = (
        ShipmentMonth.objects.filter(month__gte=first, month__lt=month_start(as_of))
        .values("account_id")
        .annotate(total=Sum("revenue"))
        .order_by()
        .values_list("account_id", "total")
    )
    classes = {
        row.account_id: row.abc_class
        for row in abc_classify((pk, total or Decimal(0)) for pk, total in revenue)
    }
    return {pk: classes.get(pk, "") for pk in batch.ids}
