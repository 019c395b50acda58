# ruff: noqa: S608 -- values from files and users are quoted; see reading.py's docstring
"""Checking and summing shipment rows inside DuckDB.

The file's rows are copied once into a DuckDB table `rows` that keeps each raw value
beside its parsed value and the row's first problem. Every later step (counts, the bad
rows, the rejected-rows file, the monthly sums) is a query on that table; the rows
never pass through Python one by one. A row's line in the file is its rowid + 2: the
table keeps the file's order and line 1 is the header.
"""

from __future__ import annotations

import calendar
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nokkel.shipments.reading import (
    COLUMN_NAMES,
    FileRejectedError,
    Source,
    read_error_message,
    sql_identifier,
    sql_literal,
)

BAD_ROWS_SHOWN = 50
UNKNOWN_SHOWN = 500
CENTS, GRAMS = Decimal("0.01"), Decimal("0.001")
ZONE_MAX_LENGTH = 50  # ShipmentMonth.zone

SERVICE_ALIASES = {
    "overnight": "overnight",
    "natt": "overnight",
    "express": "express",
    "ekspress": "express",
    "weekend": "weekend",
    "helg": "weekend",
    "pickup_point": "pickup_point",
    "hentested": "pickup_point",
    "return": "return",
    "retur": "return",
}

# A problem is "<column>:<code>"; the column is canonical, shown as the file's header.
REASONS = {
    "row:too_many_fields": gettext_lazy(
        "The row has more fields than the header; a value holding the separator needs quotes."
    ),
    "customer_number:missing": gettext_lazy(
        "Neither a customer number nor an organisation number is given."
    ),
    "shipped_on:missing": gettext_lazy("The date is missing."),
    "shipped_on:invalid": gettext_lazy("Not a date; write dates as dd.mm.yyyy or yyyy-mm-dd."),
    "service:missing": gettext_lazy("The service is missing."),
    "service:unknown": gettext_lazy(
        "Unknown service; use overnight, express, weekend, pickup_point or return "
        "(natt, ekspress, helg, hentested, retur)."
    ),
    "zone:too_long": gettext_lazy("The zone is longer than 50 characters."),
    "weight_kg:missing": gettext_lazy("The weight is missing."),
    "weight_kg:not_a_number": gettext_lazy("The weight is not a number."),
    "weight_kg:negative": gettext_lazy("The weight must not be negative."),
    "price_nok:missing": gettext_lazy("The price is missing."),
    "price_nok:not_a_number": gettext_lazy("The price is not a number."),
    "price_nok:negative": gettext_lazy("The price must not be negative."),
    "cost_nok:not_a_number": gettext_lazy("The cost is not a number."),
    "cost_nok:negative": gettext_lazy("The cost must not be negative."),
}


@dataclass(frozen=True)
class RowCounts:
    rows: int
    valid_rows: int
    invalid_rows: int


@dataclass(frozen=True)
class FileAggregate:
    """The valid rows of one customer identifier × month × service × zone, summed."""

    customer_number: str | None
    org_number: str | None
    month: date
    service: str
    zone: str
    parcels: int
    revenue: Decimal
    cost: Decimal | None
    weight_kg: Decimal


def _raw(name: str) -> str:
    return f"raw_{name}"


def _given(name: str) -> str:
    """The raw value is there (not empty, not only spaces)."""
    return f"coalesce(trim({_raw(name)}), '') <> ''"


def _number(name: str, decimal: str) -> str:
    # Spaces, no-break spaces and narrow no-break spaces group thousands in Norwegian.
    text = f"replace(replace(replace(trim({_raw(name)}), ' ', ''), chr(160), ''), chr(8239), '')"
    if decimal == ",":
        # A decimal point is still read as one; "1.234,50" fails loudly, not silently.
        text = f"replace({text}, ',', '.')"
    return f"TRY_CAST(NULLIF({text}, '') AS DECIMAL(18, 4))"


def _service() -> str:
    key = f"replace(replace(lower(trim({_raw('service')})), ' ', '_'), '-', '_')"
    cases = " ".join(
        f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in SERVICE_ALIASES.items()
    )
    return f"CASE {key} {cases} END"


def _org_number() -> str:
    # As core.orgnr.normalize_org_number: "NO 923 456 789 MVA" -> "923456789".
    stripped = f"regexp_replace(upper(trim({_raw('org_number')})), '[ .\\-]', '', 'g')"
    stripped = f"replace({stripped}, chr(160), '')"
    return f"NULLIF(regexp_replace({stripped}, '^NO|MVA$', '', 'g'), '')"


def _problem() -> str:
    def check(condition: str, problem: str) -> str:
        return f"WHEN {condition} THEN {sql_literal(problem)}"

    checks = [
        check(_given("overflow"), "row:too_many_fields"),
        check("customer_number IS NULL AND org_number IS NULL", "customer_number:missing"),
        check(f"NOT {_given('shipped_on')}", "shipped_on:missing"),
        check("shipped_on IS NULL", "shipped_on:invalid"),
        check(f"NOT {_given('service')}", "service:missing"),
        check("service IS NULL", "service:unknown"),
        check(f"length(zone) > {ZONE_MAX_LENGTH}", "zone:too_long"),
    ]
    for name in ("weight_kg", "price_nok"):
        checks += [
            check(f"NOT {_given(name)}", f"{name}:missing"),
            check(f"{name} IS NULL", f"{name}:not_a_number"),
            check(f"{name} < 0", f"{name}:negative"),
        ]
    checks += [
        check(f"{_given('cost_nok')} AND cost_nok IS NULL", "cost_nok:not_a_number"),
        check("cost_nok < 0", "cost_nok:negative"),
    ]
    return f"CASE WHEN blank THEN NULL {' '.join(checks)} END"


def rows_table_create(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Copy the file into the `rows` table: raw values, parsed values, blank flag, problem."""
    raw = ", ".join(
        f"{sql_identifier(source.columns[name]) if name in source.columns else 'NULL::VARCHAR'}"
        f" AS {_raw(name)}"
        for name in COLUMN_NAMES
    )
    overflow = ", ".join(sql_identifier(column) for column in source.overflow)
    raw += f", {f'coalesce({overflow})' if overflow else 'NULL::VARCHAR'} AS {_raw('overflow')}"
    formats = "[" + ", ".join(sql_literal(f) for f in source.date_formats) + "]"
    mapped = [*(name for name in COLUMN_NAMES if name in source.columns), "overflow"]
    # Excel exports rows of empty cells (";;;;") below the data; they are not shipments.
    blank = " AND ".join(f"NOT {_given(name)}" for name in mapped)
    parsed = f"""
        SELECT *,
            NULLIF(trim({_raw("customer_number")}), '') AS customer_number,
            {_org_number()} AS org_number,
            CAST(try_strptime(trim({_raw("shipped_on")}), {formats}) AS DATE) AS shipped_on,
            {_service()} AS service,
            coalesce(trim({_raw("zone")}), '') AS zone,
            {_number("weight_kg", source.decimal)} AS weight_kg,
            {_number("price_nok", source.decimal)} AS price_nok,
            {_number("cost_nok", source.decimal)} AS cost_nok,
            {blank} AS blank
        FROM (SELECT {raw} FROM {source.relation})
    """
    try:
        con.execute(f"CREATE TABLE rows AS SELECT *, {_problem()} AS problem FROM ({parsed})")
    except duckdb.Error as error:
        raise FileRejectedError(read_error_message(error)) from None


VALID = "NOT blank AND problem IS NULL"


def row_counts(con: duckdb.DuckDBPyConnection) -> RowCounts:
    row = con.execute(
        f"""SELECT count(*) FILTER (NOT blank), count(*) FILTER ({VALID}),
                   count(*) FILTER (problem IS NOT NULL) FROM rows"""
    ).fetchone()
    assert row is not None
    return RowCounts(rows=row[0], valid_rows=row[1], invalid_rows=row[2])


def _reported_column(problem: str, source: Source) -> tuple[str, str]:
    """(canonical column, header in the file) a problem is reported under."""
    name = problem.split(":", 1)[0]
    if name == "row":
        return "overflow", ""
    if name == "customer_number" and name not in source.columns:
        name = "org_number"
    return name, source.columns.get(name, name)


def reason_text(problem: str, source: Source) -> str:
    if problem == "shipped_on:invalid" and len(source.date_formats) == 1:
        return _("Not a date in the format %(format)s.") % {"format": source.date_formats[0]}
    return str(REASONS[problem])


def bad_rows(
    con: duckdb.DuckDBPyConnection, source: Source, limit: int = BAD_ROWS_SHOWN
) -> list[dict[str, Any]]:
    """The first bad rows in file order: line, column (as headed in the file), value, reason."""
    names = [*COLUMN_NAMES, "overflow"]
    raw = ", ".join(_raw(name) for name in names)
    result = con.execute(
        f"SELECT rowid + 2, problem, {raw} FROM rows WHERE problem IS NOT NULL "
        f"ORDER BY rowid LIMIT {int(limit)}"
    ).fetchall()
    shown = []
    for line, problem, *values in result:
        name, header = _reported_column(problem, source)
        value = values[names.index(name)]
        shown.append(
            {
                "line": line,
                "column": header,
                "value": "" if value is None else value,
                "reason": reason_text(problem, source),
                "code": problem,
            }
        )
    return shown


def rejected_rows_write(con: duckdb.DuckDBPyConnection, source: Source, target: Path) -> None:
    """Every bad row, with its line and reason first, as a CSV file Excel opens.

    UTF-8 with a BOM so Excel shows æøå; the separator is the file's own (';' for a
    Norwegian Excel export) so the user can fix the rows and import them again.
    """
    con.execute("CREATE TEMP TABLE reasons (problem VARCHAR, reason VARCHAR)")
    con.executemany(
        "INSERT INTO reasons VALUES (?, ?)",
        [(problem, reason_text(problem, source)) for problem in REASONS],
    )
    columns = ", ".join(
        f"{_raw(name)} AS {sql_identifier(header)}" for name, header in source.columns.items()
    )
    line, error = sql_identifier(_("line")), sql_identifier(_("error"))
    delimiter = source.delimiter or ";"
    plain = target.with_suffix(".tmp")
    con.execute(
        f"""COPY (SELECT r.rowid + 2 AS {line}, reasons.reason AS {error}, {columns}
                  FROM rows r JOIN reasons USING (problem) ORDER BY r.rowid)
            TO {sql_literal(str(plain))} (HEADER, DELIMITER {sql_literal(delimiter)})"""
    )
    with plain.open("rb") as reader, target.open("wb") as out:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(reader, out)
    plain.unlink()


@dataclass(frozen=True)
class Period:
    """The valid rows' first and last shipment date; the months from `start` to `end`."""

    first_day: date
    last_day: date
    months: int

    @property
    def start(self) -> date:
        return self.first_day.replace(day=1)

    @property
    def end(self) -> date:
        """The last day of the last month."""
        last = self.last_day
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def valid_period(con: duckdb.DuckDBPyConnection) -> Period | None:
    """The first and last shipment date of the valid rows, and how many months they span."""
    row = con.execute(
        f"""SELECT min(shipped_on), max(shipped_on),
                   count(DISTINCT date_trunc('month', shipped_on)) FROM rows WHERE {VALID}"""
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return Period(first_day=row[0], last_day=row[1], months=row[2])


def repeated_shipment_ids(con: duckdb.DuckDBPyConnection) -> int:
    """How many valid rows repeat a shipment id seen earlier in the file."""
    row = con.execute(
        f"""SELECT count(id) - count(DISTINCT id) FROM
            (SELECT NULLIF(trim({_raw("shipment_id")}), '') AS id FROM rows WHERE {VALID})"""
    ).fetchone()
    return int(row[0]) if row else 0


def aggregates(con: duckdb.DuckDBPyConnection, batch: int = 10_000) -> Iterator[FileAggregate]:
    """The valid rows summed per customer identifier × month × service × zone."""
    con.execute(
        f"""SELECT customer_number, org_number,
                   CAST(date_trunc('month', shipped_on) AS DATE) AS month, service, zone,
                   count(*), sum(price_nok), sum(cost_nok), sum(weight_kg)
            FROM rows WHERE {VALID} GROUP BY ALL"""
    )
    while result := con.fetchmany(batch):
        for row in result:
            yield FileAggregate(*row)


Grain = tuple[int, date, str, str]  # account id, month, service, zone
Identifier = tuple[str, str]  # IdentifierKind value, the identifier


@dataclass
class Sums:
    parcels: int = 0
    revenue: Decimal = Decimal(0)
    cost: Decimal | None = None  # None while no row had a cost
    weight_kg: Decimal = Decimal(0)

    def add(self, row: FileAggregate) -> None:
        self.parcels += row.parcels
        self.revenue += row.revenue
        self.weight_kg += row.weight_kg
        if row.cost is not None:
            self.cost = (self.cost or Decimal(0)) + row.cost


def accounts_assign(
    rows: Iterable[FileAggregate], known: Mapping[Identifier, int]
) -> tuple[dict[Grain, Sums], dict[Identifier, Sums]]:
    """The file's sums per account × month × service × zone, and per unknown customer.

    A row's customer number is tried first, then its organisation number, so two
    identifiers of one account (or an alias and the account's own number) add up.
    An unknown customer is listed under the identifier the file leads with.
    """
    figures: dict[Grain, Sums] = {}
    unknown: dict[Identifier, Sums] = {}
    for row in rows:
        identifiers: list[Identifier] = []
        if row.customer_number:
            identifiers.append(("customer_number", row.customer_number))
        if row.org_number:
            identifiers.append(("org_number", row.org_number))
        account_id = next((known[i] for i in identifiers if i in known), None)
        if account_id is None:
            unknown.setdefault(identifiers[0], Sums()).add(row)
        else:
            figures.setdefault((account_id, row.month, row.service, row.zone), Sums()).add(row)
    return figures, unknown


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


def figures_report(
    figures: Mapping[Grain, Sums],
    unknown: Mapping[Identifier, Sums],
    *,
    counts: dict[str, Any],
    report: dict[str, Any],
) -> None:
    """Put what the file holds per known and unknown customer into the counts and report.

    Unknown customers are listed by revenue, highest first, with their parcels: the
    identifiers only, never an account's data.
    """
    counts["accounts"] = len({grain[0] for grain in figures})
    counts["aggregates"] = len(figures)
    counts["parcels"] = sum(s.parcels for s in figures.values())
    counts["revenue"] = money(sum((s.revenue for s in figures.values()), Decimal(0)))
    counts["unknown_customers"] = len(unknown)
    counts["unknown_parcels"] = sum(s.parcels for s in unknown.values())
    counts["unknown_revenue"] = money(sum((s.revenue for s in unknown.values()), Decimal(0)))
    listed = sorted(unknown.items(), key=lambda item: (-item[1].revenue, item[0]))
    report["unknown_customers"] = [
        {"kind": kind, "value": value, "parcels": sums.parcels, "revenue": money(sums.revenue)}
        for (kind, value), sums in listed[:UNKNOWN_SHOWN]
    ]
    if unknown:
        report["messages"].append(
            ngettext(
                "%(count)d customer in the file is unknown; its %(parcels)d parcels were not "
                "imported. Map it to an account (or create it), then import the file again.",
                "%(count)d customers in the file are unknown; their %(parcels)d parcels were "
                "not imported. Map them to accounts (or create them), then import the file "
                "again.",
                len(unknown),
            )
            % {"count": len(unknown), "parcels": counts["unknown_parcels"]}
        )
