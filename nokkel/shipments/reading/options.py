"""What a shipment file may hold and how the user may describe it; the DuckDB set-up.

The column names accepted in files, the user's reading overrides (encoding, separator,
decimal mark, date format), the quoting of SQL built as text, and the DuckDB
connection of one import.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.utils.translation import gettext as _

# One import at a time per worker; DuckDB spills to the work directory beyond this.
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "memory_limit": "1GB",
    "threads": 2,
}

CSV_SUFFIXES = (".csv", ".txt")
ALLOWED_SUFFIXES = (*CSV_SUFFIXES, ".parquet", ".xlsx")

# Canonical column -> the header names accepted for it (compared lower-cased, trimmed,
# with spaces and dashes read as underscores).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "shipment_id": ("shipment_id", "sendingsnummer"),
    "customer_number": ("customer_number", "kundenummer"),
    "org_number": ("org_number", "organisasjonsnummer"),
    "shipped_on": ("shipped_on", "dato"),
    "service": ("service", "tjeneste"),
    "zone": ("zone", "sone"),
    "weight_kg": ("weight_kg", "vekt"),
    "price_nok": ("price_nok", "pris"),
    "cost_nok": ("cost_nok", "kostnad"),
}
REQUIRED_COLUMNS = ("shipped_on", "service", "zone", "weight_kg", "price_nok")
IDENTIFIER_COLUMNS = ("customer_number", "org_number")
NUMERIC_COLUMNS = ("weight_kg", "price_nok", "cost_nok")

# Dates as Norwegian Excel writes them, then ISO; a time of day is allowed and dropped.
DEFAULT_DATE_FORMATS = (
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
_FRIENDLY_DATE_TOKENS = (("yyyy", "%Y"), ("yy", "%y"), ("mm", "%m"), ("dd", "%d"))


class FileRejectedError(Exception):
    """The file cannot be read as shipments; the message is for the user."""

    def __init__(self, message: str, *, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


@dataclass(frozen=True)
class ReadOptions:
    """The user's overrides; None means "detect it"."""

    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    date_format: str | None = None

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> ReadOptions:
        """Read and check the overrides; raises ValueError with a message for the user."""
        encoding = _blank_to_none(options.get("encoding"))
        if encoding is not None:
            try:
                encoding = codecs.lookup(encoding).name
            except LookupError:
                raise ValueError(_("Unknown encoding “%s”.") % encoding) from None
        delimiter = _blank_to_none(options.get("delimiter"), strip=False)
        if delimiter is not None:
            delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
            if len(delimiter) != 1 or delimiter in '"\r\n':
                raise ValueError(_("The separator must be a single character, such as ; or ,."))
        decimal = _blank_to_none(options.get("decimal"))
        if decimal is not None and decimal not in (",", "."):
            raise ValueError(_("The decimal mark must be , or ."))
        date_format = _blank_to_none(options.get("date_format"))
        if date_format is not None:
            date_format = _strptime_format(date_format)
        return cls(encoding=encoding, delimiter=delimiter, decimal=decimal, date_format=date_format)

    def as_dict(self) -> dict[str, str]:
        values = {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "date_format": self.date_format,
        }
        return {key: value for key, value in values.items() if value is not None}


def _blank_to_none(value: Any, *, strip: bool = True) -> str | None:
    if value is None:
        return None
    text = str(value).strip() if strip else str(value)
    return text or None


def _strptime_format(value: str) -> str:
    """A date format as DuckDB's strptime wants it; "dd.mm.yyyy" is accepted too."""
    pattern = value
    if "%" not in pattern:
        for token, directive in _FRIENDLY_DATE_TOKENS:
            pattern = pattern.replace(token, directive).replace(token.upper(), directive)
    try:
        with duckdb.connect() as con:
            con.execute("SELECT try_strptime('2024-01-01', ?)", [pattern])
    except duckdb.Error:
        raise ValueError(_("“%s” is not a date format DuckDB understands.") % value) from None
    return pattern


@contextmanager
def duckdb_connection(workdir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh in-memory DuckDB for one import, spilling to `workdir` when memory runs short."""
    con = duckdb.connect(config={**DUCKDB_CONFIG, "temp_directory": str(workdir / "spill")})
    try:
        yield con
    finally:
        con.close()


def file_kind(file_name: str) -> str | None:
    """ "csv", "parquet" or "xlsx" by the file name's extension; None when not importable."""
    suffix = Path(file_name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in (".parquet", ".xlsx"):
        return suffix[1:]
    return None


def accepted_headers_text() -> str:
    return "; ".join(" / ".join(names) for names in COLUMN_NAMES.values())


def normalize_header(header: str) -> str:
    return header.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
