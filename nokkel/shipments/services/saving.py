"""Storing an import's monthly figures: the file's period replaced for its accounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import Round

from nokkel.shipments.models import AccountMonth, ShipmentImport, ShipmentMonth
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
# The rows of a JSON array of figures (see validation.grain_batches), as SQLite reads
# them; the column's type turns the text into numbers.
_FIGURES_FROM_JSON = (
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
    "json_extract(value, '$[4]'), json_extract(value, '$[5]'), "
    "json_extract(value, '$[6]'), json_extract(value, '$[7]'), "
    "json_extract(value, '$[8]') FROM json_each(%s)"
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
    encoding = "csv" if connection.vendor == "postgresql" else "json"
    for figures in grain_batches(con, shipment_import_id=shipment_import.pk, encoding=encoding):
        written += shipment_months_insert(figures)
    account_months_refresh(
        account_ids=account_ids, first_month=period.first_month, last_month=period.last_month
    )
    return written, replaced


@transaction.atomic
def account_months_refresh(
    *, account_ids: Sequence[int], first_month: date, last_month: date
) -> int:
    """Sum the accounts' figures into their monthly totals (AccountMonth), for the months
    from first_month to last_month; returns the totals written.

    Whatever writes ShipmentMonth rows calls this for the same accounts and months, in
    the same transaction. The database sums and inserts in one statement per chunk of
    accounts: nothing passes through Python.
    """
    meta = AccountMonth._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    by_name = {field.name: field.column for field in meta.concrete_fields}
    columns = ", ".join(quote(by_name[name]) for name in ("account", "month", "parcels", "revenue"))
    written = 0
    for start in range(0, len(account_ids), DELETE_CHUNK):
        chunk = account_ids[start : start + DELETE_CHUNK]
        in_period = {"month__gte": first_month, "month__lte": last_month}
        AccountMonth.objects.filter(account_id__in=chunk, **in_period).delete()
        totals = (
            ShipmentMonth.objects.filter(account_id__in=chunk, **in_period)
            .values("account_id", "month")
            .annotate(
                # Rounded as stored: SQLite sums decimals as binary floating point.
                total_parcels=Sum("parcels"),
                total_revenue=Round(Sum("revenue"), 2),
            )
            .order_by()
            .values_list("account_id", "month", "total_parcels", "total_revenue")
        )
        sql, params = totals.query.sql_with_params()
        with connection.cursor() as cursor:
            # The SELECT is the ORM's, with its parameters; table and columns from the model.
            cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
            written += int(cursor.rowcount)
    return written


def shipment_months_insert(figures: str) -> int:
    """Insert a batch of figures as validation.grain_batches encodes it for this database
    (CSV for PostgreSQL, JSON for SQLite); returns how many were inserted.

    Not bulk_create: an import writes up to millions of figures, and building a model
    instance and preparing each field in Python costs several times the insert itself.
    The database reads the values as it reads the ORM's: decimal text, ISO dates.
    """
    meta = ShipmentMonth._meta
    quote = connection.ops.quote_name
    by_name = {field.name: field.column for field in meta.concrete_fields}
    table = quote(meta.db_table)
    columns = ", ".join(quote(by_name[name]) for name in _INSERTED_FIELDS)
    with connection.cursor() as cursor:
        # Names from the model, quoted by the backend; the figures are data.
        if connection.vendor == "postgresql":
            # COPY streams the rows; an INSERT would parse a statement or a JSON document.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(figures)
        else:
            cursor.execute(f"INSERT INTO {table} ({columns}) {_FIGURES_FROM_JSON}", [figures])
        return int(cursor.rowcount)
