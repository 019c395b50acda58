# ruff: noqa: S608 -- values from files and users are quoted; see the reading package
"""The detailed pass, for a file with invalid rows: where they are and why.

The file's rows are copied into a DuckDB table `rows` that keeps each raw value beside
its parsed value and the row's first problem. The counts, the bad rows shown, the
rejected-rows file and the valid rows' sums are queries on that table. A row's line
in the file is its rowid + 2: the table keeps the file's order and line 1 is the header.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
from django.utils.translation import gettext as _

from nokkel.shipments.reading import (
    COLUMN_NAMES,
    FileRejectedError,
    Source,
    read_error_message,
    sql_identifier,
    sql_literal,
)
from nokkel.shipments.validation.parsing import (
    REASONS,
    blank,
    parsed_columns,
    problem,
    raw,
    raw_columns,
)
from nokkel.shipments.validation.scan import MONTH, MONTHLY_COLUMNS, SUMS, RowCounts, shipment_id

BAD_ROWS_SHOWN = 50
VALID = "NOT blank AND problem IS NULL"


def rows_table_create(con: duckdb.DuckDBPyConnection, source: Source) -> RowCounts:
    """Copy the file into the `rows` table (raw values, parsed values, blank flag, problem)
    and count its rows."""
    parsed = f"""
        SELECT *, {parsed_columns(decimal=source.decimal, date_formats=source.date_formats)},
            {blank(source)} AS blank
        FROM (SELECT {raw_columns(source)} FROM {source.relation})
    """
    try:
        con.execute(f"CREATE TABLE rows AS SELECT *, {problem('blank')} AS problem FROM ({parsed})")
    except duckdb.Error as error:
        raise FileRejectedError(read_error_message(error)) from None
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
    raw_values = ", ".join(raw(name) for name in names)
    result = con.execute(
        f"SELECT rowid + 2, problem, {raw_values} FROM rows WHERE problem IS NOT NULL "
        f"ORDER BY rowid LIMIT {int(limit)}"
    ).fetchall()
    shown = []
    for line, code, *values in result:
        name, header = _reported_column(code, source)
        value = values[names.index(name)]
        shown.append(
            {
                "line": line,
                "column": header,
                "value": "" if value is None else value,
                "reason": reason_text(code, source),
                "code": code,
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
        [(code, reason_text(code, source)) for code in REASONS],
    )
    columns = ", ".join(
        f"{raw(name)} AS {sql_identifier(header)}" for name, header in source.columns.items()
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


def rows_repeated_ids(con: duckdb.DuckDBPyConnection) -> int:
    """How many valid rows repeat a shipment id seen earlier in the file."""
    row = con.execute(
        f"SELECT count(id) - count(DISTINCT id) FROM (SELECT {shipment_id()} AS id FROM rows "
        f"WHERE {VALID})"
    ).fetchone()
    return int(row[0]) if row else 0


def rows_monthly_create(con: duckdb.DuckDBPyConnection) -> None:
    """The valid rows' sums per customer identifier × month × service × zone, as `monthly`."""
    con.execute(
        f"""CREATE TABLE monthly AS
            SELECT {MONTHLY_COLUMNS}, {SUMS}
            FROM (SELECT *, {MONTH} FROM rows WHERE {VALID}) GROUP BY ALL"""
    )
