"""Storing an import's monthly figures: the file's period replaced for its accounts."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
from django.db import connection, transaction

from nokkel.shipments.models import ShipmentImport, ShipmentMonth
from nokkel.shipments.validation import GrainRow, Period, grain_accounts, grain_rows

DELETE_CHUNK = 500  # accounts per DELETE: stays under every database's parameter limit
_INSERTED_FIELDS = (
    "account",
    "month",
    "service",
    "zone",
    "parcels",
    "revenue",
    "cost",
    "weight_kg",
    "shipment_import",
)


@transaction.atomic
def shipment_months_replace(
    *, con: duckdb.DuckDBPyConnection, shipment_import: ShipmentImport, period: Period
) -> tuple[int, int]:
    """Replace the period's figures of the file's accounts; (written, replaced) rows.

    The figures are those validation.accounts_assign left in `con`. Every month from
    the file's first to its last is replaced for those accounts, also months in which
    an account shipped nothing: the file covers the period.
    """
    account_ids = grain_accounts(con)
    replaced = 0
    for start in range(0, len(account_ids), DELETE_CHUNK):
        replaced += ShipmentMonth.objects.filter(
            account_id__in=account_ids[start : start + DELETE_CHUNK],
            month__gte=period.first_month,
            month__lte=period.last_month,
        ).delete()[0]
    written = 0
    for rows in grain_rows(con):
        written += shipment_months_insert(rows, shipment_import_id=shipment_import.pk)
    return written, replaced


def shipment_months_insert(rows: Sequence[GrainRow], *, shipment_import_id: int) -> int:
    """Insert figures as they come (rounded, checked), one statement for the batch.

    Not bulk_create: an import writes up to millions of figures, and building a model
    instance and preparing each field through the ORM costs about 30 µs a figure,
    several times the insert itself.
    """
    meta = ShipmentMonth._meta
    quote = connection.ops.quote_name
    by_name = {field.name: field.column for field in meta.concrete_fields}
    columns = [quote(by_name[name]) for name in _INSERTED_FIELDS]
    sql = (  # names from the model, quoted by the backend
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    params = [(*row, shipment_import_id) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)
