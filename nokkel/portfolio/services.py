"""Recomputing the stored ABC/XYZ classes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from nokkel.accounts.models import Account
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify, coefficient_of_variation, xyz_class
from nokkel.portfolio.selectors import window_figures


@transaction.atomic
def portfolio_classify(*, as_of: date) -> int:
    """Recompute and store every account's ABC and XYZ class as of a date.

    Shares are computed over the whole portfolio; accounts without revenue in the
    window get no class. Returns the number of accounts classified.
    """
    revenue, parcels = window_figures(as_of=as_of)
    account_ids = list(Account.objects.values_list("pk", flat=True))
    rows = abc_classify((pk, revenue.get(pk, Decimal(0))) for pk in account_ids)
    classifications = []
    for rank, row in enumerate(rows, start=1):
        series = parcels.get(row.account_id, [])
        classifications.append(
            AccountClassification(
                account_id=row.account_id,
                as_of=as_of,
                revenue_12m=row.revenue.quantize(Decimal("0.01")),
                share=float(row.share),
                cumulative_share=float(row.cumulative_share),
                abc_class=row.abc_class,
                xyz_class=xyz_class(series) if series else "",
                variation=coefficient_of_variation(series) if series else None,
                rank=rank,
            )
        )
    AccountClassification.objects.all().delete()
    AccountClassification.objects.bulk_create(classifications, batch_size=5_000)
    return len(classifications)
