"""Storing an import's monthly figures: the file's period replaced for its accounts."""

from __future__ import annotations

import duckdb
from django.db import connection, transaction

from nokkel.shipments.models import ShipmentImport, ShipmentMonth
from nokkel.shipments.validation import Period, grain_accounts, grain_batches

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
# The rows of a JSON array of figures (see validation.grain_batches), as each database
# unpacks them; the last value, the import, is a parameter of its own.
_FIGURES_FROM_JSON = {
    "sqlite": (
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
        "json_extract(value, '$[4]'), json_extract(value, '$[5]'), "
        "json_extract(value, '$[6]'), json_extract(value, '$[7]'), %s FROM json_each(%s)"
    ),
    "postgresql": (
        "SELECT (e->>0)::bigint, (e->>1)::date, e->>2, e->>3, (e->>4)::bigint, "
        "(e->>5)::numeric, (e->>6)::numeric, (e->>7)::numeric, %s "
        "FROM json_array_elements(%s::json) AS e"
    ),
}


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
    for figures in grain_batches(con):
        written += shipment_months_insert(figures, shipment_import_id=shipment_import.pk)
    return written, replaced


def shipment_months_insert(figures: str, *, shipment_import_id: int | None) -> int:
    """Insert a JSON array of figures (as validation.grain_batches writes them) with one
    statement; returns how many were inserted.

    Not bulk_create: an import writes up to millions of figures, and building a model
    instance and preparing each field in Python costs several times the insert itself.
    The database reads the values as it reads the ORM's: decimal text, ISO dates.
    """
    meta = ShipmentMonth._meta
    quote = connection.ops.quote_name
    by_name = {field.name: field.column for field in meta.concrete_fields}
    columns = ", ".join(quote(by_name[name]) for name in _INSERTED_FIELDS)
    rows = _FIGURES_FROM_JSON[connection.vendor]
    with connection.cursor() as cursor:
        # Names from the model, quoted by the backend; the figures are a parameter.
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) {rows}",
            [shipment_import_id, figures],
        )
        return cursor.rowcount
