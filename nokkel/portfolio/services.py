"""Recomputing the stored ABC/XYZ classes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Expression, F, Sum
from django.db.models.functions import Round

from nokkel.accounts.models import Account
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify, variation_of_sums, xyz_class_of_variation
from nokkel.portfolio.windows import trailing_months
from nokkel.shipments.models import AccountMonth

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
    sums = _window_sums(as_of)
    months = len(trailing_months(as_of))
    nothing = _WindowSums(0, 0, 0)
    rows = abc_classify((pk, sums.get(pk, nothing).revenue_ore) for pk in _account_ids())
    stored_as_of = as_of.isoformat()  # as the database takes a date, on both backends
    classifications = []
    for rank, (account_id, revenue_ore, share, cumulative_share, abc_class) in enumerate(
        rows, start=1
    ):
        window = sums.get(account_id, nothing)
        variation = variation_of_sums(window.parcels, window.parcels_squared, months)
        classifications.append(
            (
                account_id,
                stored_as_of,
                Decimal(revenue_ore).scaleb(-2),  # øre to kroner, exactly
                float(share),
                float(cumulative_share),
                abc_class,
                xyz_class_of_variation(variation),
                variation,
                rank,
            )
        )
    AccountClassification.objects.all().delete()
    _classifications_insert(classifications)
    return len(classifications)


def _account_ids() -> list[int]:
    """Every account's id, read without the ORM's per-row work (50,000 of them)."""
    sql, params = Account.objects.values_list("pk").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


class _WindowSums(NamedTuple):
    revenue_ore: int
    parcels: int
    parcels_squared: int  # the sum of each month's parcels squared


def _window_sums(as_of: date) -> dict[int, _WindowSums]:
    """Revenue in whole øre, parcels and the sum of squared monthly parcels per account
    over the 12 whole months before as_of: all the classes need, one row per account.

    Summed by the database from the monthly totals (AccountMonth), read from their
    covering index in account order. The øre are exact on every database: PostgreSQL
    sums decimals exactly, SQLite keeps them as binary floating point, so there each
    month is rounded to øre before it is added.
    """
    months = trailing_months(as_of)
    revenue_ore: Expression
    if connection.vendor == "postgresql":
        revenue_ore = Sum("revenue") * 100
    else:
        revenue_ore = Sum(Round(F("revenue") * 100))
    sums = (
        AccountMonth.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("account_id")
        .annotate(
            revenue_ore=revenue_ore,
            total=Sum("parcels"),
            squares=Sum(F("parcels") * F("parcels")),
        )
        .order_by()
        .values_list("account_id", "revenue_ore", "total", "squares")
    )
    # Read without the ORM's per-value converters: whole numbers (int, float or
    # Decimal as the database returns a sum) either way.
    sql, params = sums.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            account_id: _WindowSums(int(ore), int(total), int(squares))
            for account_id, ore, total, squares in cursor.fetchall()
        }


def _classifications_insert(rows: Sequence[tuple[Any, ...]]) -> None:
    """Store the rows (values in _STORED_FIELDS order) with one statement, or a COPY.

    Not bulk_create: building and preparing 50,000 model instances costs more than
    the rest of the classification. The values are what the ORM sends: Decimal,
    float, str (the date in ISO form), int and None.
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
            # The rows as COPY's text, written whole: psycopg's write_row takes longer
            # per row. The values are numbers, ISO dates, class letters and None (NULL,
            # \N in COPY's text): nothing to escape, and nothing else spells "None".
            text = "".join("\t".join(map(str, row)) + "\n" for row in rows)
            text = text.replace("None", r"\N")
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(text)
        else:
            placeholders = ", ".join(["%s"] * len(_STORED_FIELDS))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
