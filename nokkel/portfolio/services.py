"""Recomputing the stored ABC/XYZ classes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Round

from nokkel.accounts.models import Account
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify, coefficient_of_variation, xyz_class
from nokkel.portfolio.windows import trailing_months
from nokkel.shipments.models import ShipmentMonth

CENTS = Decimal("0.01")
_STORED_FIELDS = (
    "account",
    "as_of",
    "revenue_12m",
    "share",
    "cumulative_share",
    "abc_class",
    "xyz_class",
    "variation",
    "rank",
)


@transaction.atomic
def portfolio_classify(*, as_of: date) -> int:
    """Recompute and store every account's ABC and XYZ class as of a date.

    Shares are computed over the whole portfolio; accounts without revenue in the
    window get no class. Returns the number of accounts classified.
    """
    revenue, parcels = _window_sums(as_of)
    account_ids = Account.objects.values_list("pk", flat=True)
    rows = abc_classify((pk, revenue.get(pk, Decimal(0))) for pk in account_ids)
    stored_as_of = connection.ops.adapt_datefield_value(as_of)
    classifications = []
    for rank, row in enumerate(rows, start=1):
        series = parcels.get(row.account_id)
        classifications.append(
            (
                row.account_id,
                stored_as_of,
                row.revenue.quantize(CENTS),
                float(row.share),
                float(row.cumulative_share),
                row.abc_class,
                xyz_class(series) if series else "",
                coefficient_of_variation(series) if series else None,
                rank,
            )
        )
    AccountClassification.objects.all().delete()
    _classifications_insert(classifications)
    return len(classifications)


def _window_sums(as_of: date) -> tuple[dict[int, Decimal], dict[int, list[float]]]:
    """Revenue and monthly parcels per account over the 12 whole months before as_of.

    The figures of portfolio.selectors.window_figures, summed by the database to one
    row per account (the months side by side) rather than one per account and month:
    a twelfth of the rows to carry into Python. Revenue is summed in whole øre, exact
    on every database (SQLite keeps decimals as binary floating point).
    """
    months = trailing_months(as_of)
    by_month = {
        f"parcels_{i}": Sum("parcels", filter=Q(month=month)) for i, month in enumerate(months)
    }
    sums = (
        ShipmentMonth.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("account_id")
        .annotate(revenue_ore=Sum(Round(F("revenue") * 100)), **by_month)
        .order_by()
        .values_list("account_id", "revenue_ore", *by_month)
    )
    # Read without the ORM's per-value converters: 600,000 values that are whole
    # numbers (int, float or Decimal as the database returns a sum) either way.
    sql, params = sums.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    revenue: dict[int, Decimal] = {}
    parcels: dict[int, list[float]] = {}
    for account_id, ore, *monthly in rows:
        revenue[account_id] = Decimal(int(ore or 0)) / 100
        parcels[account_id] = [float(month_parcels or 0) for month_parcels in monthly]
    return revenue, parcels


def _classifications_insert(rows: Sequence[tuple[Any, ...]]) -> None:
    """Store the rows (values in _STORED_FIELDS order) with one statement, or a COPY.

    Not bulk_create: building and preparing 50,000 model instances costs more than
    the rest of the classification. The values are what the ORM sends: Decimal,
    float, str, int, None and the backend's adapted date.
    """
    meta = AccountClassification._meta
    quote = connection.ops.quote_name
    by_name = {field.name: field.column for field in meta.concrete_fields}
    table = quote(meta.db_table)
    columns = ", ".join(quote(by_name[name]) for name in _STORED_FIELDS)
    with connection.cursor() as cursor:
        # Names from the model, quoted by the backend; the values are parameters.
        if connection.vendor == "postgresql":
            # PostgreSQL parses and runs an executemany statement per row; COPY streams.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(_STORED_FIELDS))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
