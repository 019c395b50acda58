# ruff: noqa: S608 -- values from files and users are quoted; see the package docstring
"""A shipment file opened in DuckDB as a relation of text columns, its headers mapped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from nokkel.shipments.reading.files import (
    header_width,
    sniff_csv,
    transcode_to_utf8,
    xlsx_to_csv,
)
from nokkel.shipments.reading.options import (
    COLUMN_NAMES,
    DEFAULT_DATE_FORMATS,
    IDENTIFIER_COLUMNS,
    NUMERIC_COLUMNS,
    REQUIRED_COLUMNS,
    FileRejectedError,
    ReadOptions,
    accepted_headers_text,
    normalize_header,
    sql_identifier,
    sql_literal,
)

PROBE_ROWS = 1000  # the first rows, read to guess the decimal mark and the date format


@dataclass
class Source:
    """A file opened in DuckDB: `relation` is a FROM clause of VARCHAR columns."""

    kind: str
    relation: str
    columns: dict[str, str]  # canonical column -> header as written in the file
    decimal: str
    date_formats: tuple[str, ...]
    encoding: str = ""
    delimiter: str = ""
    # Columns DuckDB added for rows with more fields than the header has.
    overflow: tuple[str, ...] = ()

    def describe(self) -> dict[str, str]:
        info = {"format": self.kind, "decimal": self.decimal}
        if self.kind == "csv":
            info.update(encoding=self.encoding, delimiter=self.delimiter)
        return info


def open_source(
    con: duckdb.DuckDBPyConnection, *, path: Path, kind: str, options: ReadOptions, workdir: Path
) -> Source:
    """Open the file as a relation of text columns and map its headers.

    Raises FileRejectedError for a file that is not what it claims to be, has no header row
    or lacks required columns.
    """
    if path.stat().st_size == 0:
        raise FileRejectedError(_("The file is empty."))
    encoding, delimiter = "", ""
    if kind == "parquet":
        relation = _parquet_relation(con, path)
    else:
        if kind == "xlsx":
            # Written by us below: UTF-8, comma separated, numbers with a decimal point.
            path = xlsx_to_csv(path, workdir / "sheet.csv")
            encoding, delimiter = "utf-8", ","
        else:
            encoding, delimiter = sniff_csv(path, options)
            if encoding not in ("utf-8", "utf-8-sig"):
                path = transcode_to_utf8(path, workdir / "utf8.csv", encoding)
        relation = _csv_relation(path, delimiter)
    headers = _headers(con, relation)
    width = header_width(path, delimiter) if kind != "parquet" else len(headers)
    overflow = tuple(headers[width:]) if 0 < width < len(headers) else ()
    columns = map_columns(headers[: len(headers) - len(overflow)])
    decimal, date_formats = _first_rows_read(con, relation, columns, delimiter, options)
    return Source(kind, relation, columns, decimal, date_formats, encoding, delimiter, overflow)


def _csv_relation(path: Path, delimiter: str) -> str:
    # Every column as text: the checks parse the values themselves, so a bad value is
    # reported with its line instead of failing the whole read. Short rows (Excel drops
    # trailing empty cells) are padded.
    return (
        f"read_csv({sql_literal(str(path))}, all_varchar = true, header = true, "
        f"delim = {sql_literal(delimiter)}, quote = '\"', escape = '\"', null_padding = true)"
    )


def _parquet_relation(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    source = f"read_parquet({sql_literal(str(path))})"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error:
        raise FileRejectedError(_("The file is not a Parquet file.")) from None
    selects = []
    for name, type_name, *_rest in described:
        column = sql_identifier(name)
        if type_name == "DATE" or str(type_name).startswith("TIMESTAMP"):
            expression = f"strftime(CAST({column} AS DATE), '%Y-%m-%d')"
        else:
            expression = f"CAST({column} AS VARCHAR)"
        selects.append(f"{expression} AS {column}")
    return f"(SELECT {', '.join(selects)} FROM {source})"


def _headers(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    try:
        return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    except duckdb.Error as error:
        raise FileRejectedError(read_error_message(error)) from None


def read_error_message(error: duckdb.Error) -> str:
    """DuckDB's reason, shortened to its first line, inside a translated sentence."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return _("The file could not be read: %s") % first_line


def map_columns(headers: list[str]) -> dict[str, str]:
    """Canonical column -> header in the file; FileRejectedError naming what is missing."""
    by_name = {name: canonical for canonical, names in COLUMN_NAMES.items() for name in names}
    columns: dict[str, str] = {}
    for header in headers:
        canonical = by_name.get(normalize_header(header))
        if canonical is None:
            continue  # other columns are allowed and ignored
        if canonical in columns:
            raise FileRejectedError(
                _("The columns “%(first)s” and “%(second)s” both mean %(column)s; keep one.")
                % {"first": columns[canonical], "second": header, "column": canonical}
            )
        columns[canonical] = header
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in IDENTIFIER_COLUMNS):
        missing.insert(0, "customer_number / org_number")
    if missing:
        raise FileRejectedError(
            _("Missing column(s): %(missing)s. Accepted column names: %(accepted)s.")
            % {"missing": ", ".join(missing), "accepted": accepted_headers_text()},
            missing=tuple(missing),
        )
    return columns


def _first_rows_read(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    columns: dict[str, str],
    delimiter: str,
    options: ReadOptions,
) -> tuple[str, tuple[str, ...]]:
    """(decimal mark, date formats in the order to try them), unless the user gave them.

    A decimal comma with the ';' separator, or when numbers in the first rows hold ','.
    The default date formats are tried in the order of how many of the first rows' dates
    each one reads. No text is a date in two of them (they differ in their separators
    and in how many fields they have), so the order changes no result; trying the
    file's own format first spares DuckDB a failed attempt on every row.
    """
    selects = []
    if options.decimal is None and delimiter != ";":
        numeric = [sql_identifier(columns[name]) for name in NUMERIC_COLUMNS if name in columns]
        condition = " OR ".join(f"contains({column}, ',')" for column in numeric)
        selects.append(f"count(*) FILTER ({condition})")
    if options.date_format is None:
        date = f"trim({sql_identifier(columns['shipped_on'])})"
        selects += [f"count(try_strptime({date}, {sql_literal(f)}))" for f in DEFAULT_DATE_FORMATS]
    row: tuple[int, ...] = ()
    if selects:
        try:
            found = con.execute(
                f"SELECT {', '.join(selects)} FROM (SELECT * FROM {relation} LIMIT {PROBE_ROWS})"
            ).fetchone()
        except duckdb.Error as error:
            raise FileRejectedError(read_error_message(error)) from None
        assert found is not None
        row = tuple(found)
    decimal = options.decimal or ("," if delimiter == ";" or row[0] else ".")
    if options.date_format is not None:
        return decimal, (options.date_format,)
    matches = dict(zip(DEFAULT_DATE_FORMATS, row[-len(DEFAULT_DATE_FORMATS) :], strict=True))
    return decimal, tuple(sorted(DEFAULT_DATE_FORMATS, key=lambda f: -matches[f]))
