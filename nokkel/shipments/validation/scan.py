# ruff: noqa: S608 -- values from files and users are quoted; see the reading package
"""The fast pass: one streaming read of the file that checks and sums every row.

DuckDB parses each row, decides whether it is valid, blank or invalid, and sums the
rows per state × customer identifier × month × service × zone as it reads; no row is
kept. When every row is valid (the common case) the valid sums become the `monthly`
table and the file is not read again. When a row is invalid, the detailed pass
(detail.py) reads the file again to say where.

Repeated shipment ids (when asked) are found from 64-bit hashes of the ids, collected
per group in the same read. Different ids that share a hash can only make the count
too high, so a count of 0 is exact; any other count is made exact from the ids
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from nokkel.shipments.reading import FileRejectedError, Source, read_error_message
from nokkel.shipments.validation.parsing import (
    VALID,
    blank,
    parsed_columns,
    raw,
    raw_columns,
)

VALID_ROW, BLANK_ROW, INVALID_ROW = 0, 1, 2
MONTHLY_COLUMNS = "customer_number, org_number, month, service, zone"
SUMS = (
    "count(*) AS parcels, sum(price_nok) AS revenue, sum(cost_nok) AS cost, "
    "sum(weight_kg) AS weight_kg"
)
MONTH = "CAST(date_trunc('month', shipped_on) AS DATE) AS month"


@dataclass(frozen=True)
class RowCounts:
    rows: int
    valid_rows: int
    invalid_rows: int


def shipment_id() -> str:
    return f"NULLIF(trim({raw('shipment_id')}), '')"


def checked_rows(source: Source) -> str:
    """The file's rows, raw and parsed, with their state: valid, blank or invalid."""
    rows = f"""
        SELECT *, {parsed_columns(decimal=source.decimal, date_formats=source.date_formats)}
        FROM (SELECT {raw_columns(source)} FROM {source.relation})"""
    state = (
        f"CASE WHEN {VALID} THEN {VALID_ROW} WHEN {blank(source)} THEN {BLANK_ROW} "
        f"ELSE {INVALID_ROW} END"
    )
    return f"SELECT *, {state} AS state FROM ({rows})"


def file_scan(
    con: duckdb.DuckDBPyConnection, source: Source, *, repeated_ids: bool = False
) -> RowCounts:
    """Read the file once: count its rows, and when none is invalid, fill `monthly`.

    `monthly` holds the valid rows' sums per customer identifier × month × service ×
    zone (parcels, revenue, cost, weight). With `repeated_ids`, the shipment ids'
    hashes are kept too, for scanned_repeated_ids. Raises FileRejectedError when
    DuckDB cannot read the file.
    """
    ids = repeated_ids and "shipment_id" in source.columns
    id_hashes = f", list(hash({shipment_id()})) FILTER ({shipment_id()} IS NOT NULL) AS ids"
    # The order of the groups does not matter; DuckDB need not keep the file's order.
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(
            f"""CREATE TABLE scanned AS
                SELECT state, {MONTHLY_COLUMNS}, {SUMS} {id_hashes if ids else ""}
                FROM (SELECT *, {MONTH} FROM ({checked_rows(source)}))
                GROUP BY ALL"""
        )
    except duckdb.Error as error:
        raise FileRejectedError(read_error_message(error)) from None
    finally:
        con.execute("RESET preserve_insertion_order")
    by_state = dict(
        con.execute("SELECT state, sum(parcels) FROM scanned GROUP BY state").fetchall()
    )
    counts = RowCounts(
        rows=int(by_state.get(VALID_ROW, 0) + by_state.get(INVALID_ROW, 0)),
        valid_rows=int(by_state.get(VALID_ROW, 0)),
        invalid_rows=int(by_state.get(INVALID_ROW, 0)),
    )
    if not counts.invalid_rows:
        con.execute(
            f"""CREATE TABLE monthly AS
                SELECT {MONTHLY_COLUMNS}, parcels, revenue, cost, weight_kg
                FROM scanned WHERE state = {VALID_ROW}"""
        )
    return counts


def scanned_repeated_ids(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """How many valid rows repeat a shipment id seen earlier in the file (after file_scan)."""
    if "shipment_id" not in source.columns:
        return 0
    # Sorted, a repeat is a hash equal to the one before it (cheaper than count DISTINCT).
    row = con.execute(
        f"""SELECT count(*) FILTER (id_hash = previous) FROM (
                SELECT id_hash, lag(id_hash) OVER (ORDER BY id_hash) AS previous
                FROM (SELECT unnest(ids) AS id_hash FROM scanned WHERE state = {VALID_ROW}))"""
    ).fetchone()
    if not row or not row[0]:
        return 0
    # Some ids share a hash: count the ids themselves (reads the file again).
    row = con.execute(
        f"""SELECT count(id) - count(DISTINCT id)
            FROM (SELECT {shipment_id()} AS id FROM ({checked_rows(source)})
                  WHERE state = {VALID_ROW})"""
    ).fetchone()
    return int(row[0]) if row else 0


def scanned_drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS scanned")
