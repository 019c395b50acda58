# ruff: noqa: S608 -- no value from a file is put into SQL text here
"""From the valid rows' sums (`monthly`) to what is stored and reported.

The file's customer identifiers are resolved to accounts by the caller; the sums are
then added up per account × month × service × zone (`grains`, what is stored) and per
unknown customer (`unknown`, what is reported), still inside DuckDB, so no figure
passes through Python row by row until it is written.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb
from django.utils.translation import ngettext

UNKNOWN_SHOWN = 500
CENTS = Decimal("0.01")

Identifier = tuple[str, str]  # IdentifierKind value, the identifier
COUNTS = (
    *("rows", "valid_rows", "invalid_rows", "accounts", "months", "aggregates"),
    *("aggregates_written", "aggregates_replaced", "parcels"),
    *("unknown_customers", "unknown_parcels"),
)


def empty_counts() -> dict[str, Any]:
    """An import's counts before anything is read; money as strings with two decimals."""
    return {**dict.fromkeys(COUNTS, 0), "revenue": "0.00", "unknown_revenue": "0.00"}


def empty_report() -> dict[str, Any]:
    return {"bad_rows": [], "unknown_customers": [], "messages": [], "period": None}


def money(value: Decimal) -> str:
    return str(value.quantize(CENTS, ROUND_HALF_UP))


@dataclass(frozen=True)
class Period:
    """The months of the valid rows: from `start`, the first day of the first month, to
    `end`, the last day of the last month."""

    first_month: date
    last_month: date
    months: int  # how many months in between have shipments

    @property
    def start(self) -> date:
        return self.first_month

    @property
    def end(self) -> date:
        last = self.last_month
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def valid_period(con: duckdb.DuckDBPyConnection) -> Period | None:
    """The first and last month of the valid rows, and how many months have shipments."""
    row = con.execute(
        "SELECT min(month), max(month), count(DISTINCT month) FROM monthly"
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return Period(first_month=row[0], last_month=row[1], months=row[2])


def customer_identifiers(con: duckdb.DuckDBPyConnection) -> tuple[set[str], set[str]]:
    """The customer numbers and organisation numbers the valid rows name."""
    customer_numbers = con.execute(
        "SELECT DISTINCT customer_number FROM monthly WHERE customer_number IS NOT NULL"
    ).fetchall()
    org_numbers = con.execute(
        "SELECT DISTINCT org_number FROM monthly WHERE org_number IS NOT NULL"
    ).fetchall()
    return {row[0] for row in customer_numbers}, {row[0] for row in org_numbers}


def accounts_assign(con: duckdb.DuckDBPyConnection, known: Mapping[Identifier, int]) -> None:
    """Sum `monthly` per account × month × service × zone (`grains`) and per unknown
    customer (`unknown`).

    A row's customer number is tried first, then its organisation number, so two
    identifiers of one account (or an alias and the account's own number) add up.
    An unknown customer is listed under the identifier the file leads with.
    """
    con.execute("CREATE TABLE known (kind VARCHAR, value VARCHAR, account_id BIGINT)")
    if known:
        kinds, values = zip(*known, strict=True)
        con.execute(
            "INSERT INTO known SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::BIGINT[])",
            [list(kinds), list(values), list(known.values())],
        )
    con.execute(
        """CREATE TABLE assigned AS
           SELECT monthly.*, coalesce(by_number.account_id, by_org.account_id) AS account_id
           FROM monthly
           LEFT JOIN known AS by_number
             ON by_number.kind = 'customer_number' AND by_number.value = customer_number
           LEFT JOIN known AS by_org
             ON by_org.kind = 'org_number' AND by_org.value = org_number"""
    )
    sums = "sum(parcels) AS parcels, sum(revenue) AS revenue"
    con.execute(
        f"""CREATE TABLE grains AS
            SELECT account_id, month, service, zone, {sums}, sum(cost) AS cost,
                   sum(weight_kg) AS weight_kg
            FROM assigned WHERE account_id IS NOT NULL GROUP BY ALL"""
    )
    con.execute(
        f"""CREATE TABLE unknown AS
            SELECT CASE WHEN customer_number IS NOT NULL THEN 'customer_number'
                        ELSE 'org_number' END AS kind,
                   coalesce(customer_number, org_number) AS value, {sums}
            FROM assigned WHERE account_id IS NULL GROUP BY ALL"""
    )


def figures_report(
    con: duckdb.DuckDBPyConnection, *, counts: dict[str, Any], report: dict[str, Any]
) -> None:
    """Put what the file holds per known and unknown customer into the counts and report.

    Unknown customers are listed by revenue, highest first, with their parcels: the
    identifiers only, never an account's data.
    """
    known = con.execute(
        "SELECT count(DISTINCT account_id), count(*), coalesce(sum(parcels), 0), "
        "coalesce(sum(revenue), 0) FROM grains"
    ).fetchone()
    unknown = con.execute(
        "SELECT count(*), coalesce(sum(parcels), 0), coalesce(sum(revenue), 0) FROM unknown"
    ).fetchone()
    assert known is not None
    assert unknown is not None
    counts["accounts"], counts["aggregates"] = known[0], known[1]
    counts["parcels"], counts["revenue"] = int(known[2]), money(known[3])
    counts["unknown_customers"], counts["unknown_parcels"] = unknown[0], int(unknown[1])
    counts["unknown_revenue"] = money(unknown[2])
    listed = con.execute(
        f"SELECT kind, value, parcels, revenue FROM unknown "
        f"ORDER BY revenue DESC, kind, value LIMIT {UNKNOWN_SHOWN}"
    ).fetchall()
    report["unknown_customers"] = [
        {"kind": kind, "value": value, "parcels": int(parcels), "revenue": money(revenue)}
        for kind, value, parcels, revenue in listed
    ]
    if unknown[0]:
        report["messages"].append(
            ngettext(
                "%(count)d customer in the file is unknown; its %(parcels)d parcels were not "
                "imported. Map it to an account (or create it), then import the file again.",
                "%(count)d customers in the file are unknown; their %(parcels)d parcels were "
                "not imported. Map them to accounts (or create them), then import the file "
                "again.",
                unknown[0],
            )
            % {"count": unknown[0], "parcels": counts["unknown_parcels"]}
        )


def grain_accounts(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The accounts that have figures in the file, in id order."""
    return [
        row[0]
        for row in con.execute("SELECT DISTINCT account_id FROM grains ORDER BY 1").fetchall()
    ]


def grain_batches(
    con: duckdb.DuckDBPyConnection,
    *,
    shipment_import_id: int | None,
    encoding: str,
    batch: int = 20_000,
) -> Iterator[str]:
    """The figures to store, a batch at a time, as text the database reads by itself.

    A row is account id, month, service, zone, parcels, revenue, cost, weight, import:
    the month an ISO date, the money rounded half up to øre, the weight to grams, no
    cost as NULL. `encoding` "csv" gives CSV lines for PostgreSQL's COPY, "json" a JSON
    array of arrays of text for SQLite's json_each. The rows come in the order of the
    table's unique index (account, month, service, zone), the cheapest to insert.
    """
    fields = [
        "CAST(account_id AS VARCHAR)",
        "strftime(month, '%Y-%m-%d')",
        "service",
        "zone",
        "CAST(parcels AS VARCHAR)",
        "CAST(round(revenue, 2) AS VARCHAR)",
        "CAST(round(cost, 2) AS VARCHAR)",
        "CAST(round(weight_kg, 3) AS VARCHAR)",
        "NULL::VARCHAR" if shipment_import_id is None else f"'{int(shipment_import_id)}'",
    ]
    if encoding == "csv":
        # The zone is quoted, so an empty zone stays text; an unquoted empty field is NULL.
        fields[3] = """'"' || replace(zone, '"', '""') || '"'"""
        row = "concat_ws(',', " + ", ".join(f"coalesce({f}, '')" for f in fields) + ")"
        separator, start, end = "\n", "", "\n"
    else:
        row = f"CAST(to_json([{', '.join(fields)}]) AS VARCHAR)"
        separator, start, end = ",", "[", "]"
    con.execute(f"SELECT {row} FROM grains ORDER BY account_id, month, service, zone")
    while rows := con.fetchmany(batch):
        yield start + separator.join(line for (line,) in rows) + end
