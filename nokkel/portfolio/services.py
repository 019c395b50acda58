"""Recomputing the stored ABC/XYZ classes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction

from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.selectors import portfolio_classes

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
    stored_as_of = as_of.isoformat()  # as the database takes a date, on both backends
    classifications = [
        (row.account_id, stored_as_of, *row[1:], rank)
        for rank, row in enumerate(portfolio_classes(as_of=as_of), start=1)
    ]
    AccountClassification.objects.all().delete()
    _classifications_insert(classifications)
    return len(classifications)


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
