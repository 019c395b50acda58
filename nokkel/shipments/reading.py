# ruff: noqa: S608 -- values from files and users are quoted; see reading.py's docstring
"""Getting a shipment file into DuckDB: formats, encodings, separators and headers.

SQL is built as text here and in validation.py (DuckDB takes no parameters for file
names and column names); whatever comes from the file or the user is quoted with
sql_literal or sql_identifier, hence the S608 exemptions.

Everything here prepares a DuckDB relation whose columns are the file's columns as
text (VARCHAR), so one set of SQL checks serves CSV, Parquet and Excel alike. Nothing
here touches Django's database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import duckdb
import openpyxl
from django.core.files import File
from django.utils.translation import gettext as _

SNIFF_BYTES = 1024
CHUNK = 1 << 20
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
    width = _header_width(path, delimiter) if kind != "parquet" else len(headers)
    overflow = tuple(headers[width:]) if 0 < width < len(headers) else ()
    columns = map_columns(headers[: len(headers) - len(overflow)])
    decimal = options.decimal or _detect_decimal(con, relation, columns, delimiter)
    date_formats = (options.date_format,) if options.date_format else DEFAULT_DATE_FORMATS
    return Source(kind, relation, columns, decimal, date_formats, encoding, delimiter, overflow)


def _header_width(path: Path, delimiter: str) -> int:
    """How many fields the header row has (DuckDB widens the table for longer rows)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return len(next(csv.reader(file, delimiter=delimiter), []))


def sniff_csv(path: Path, options: ReadOptions) -> tuple[str, str]:
    """(encoding, delimiter) from the first KB, unless the user gave them."""
    with path.open("rb") as file:
        sample = file.read(SNIFF_BYTES)
    encoding = options.encoding or sniff_encoding(path, sample)
    if options.delimiter:
        return encoding, options.delimiter
    text = codecs.decode(sample, encoding, errors="ignore")
    header_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=lambda sep: counts[sep])
    return encoding, delimiter if counts[delimiter] else ","


def sniff_encoding(path: Path, sample: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252.

    Decided on the first KB; when that is plain ASCII (a header and rows without æøå)
    it cannot tell, so the decision waits for the first chunk holding other bytes.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.isascii():
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                if not chunk.isascii():
                    sample = chunk
                    break
    try:
        # Not final: the sample may end in the middle of a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def copy_with_checksum(source: IO[bytes] | File, target: Path) -> tuple[str, int]:
    """Copy a file in chunks; (sha256 hex digest, size in bytes)."""
    digest, size = hashlib.sha256(), 0
    chunks = (
        source.chunks(CHUNK) if isinstance(source, File) else iter(lambda: source.read(CHUNK), b"")
    )
    with target.open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def transcode_to_utf8(source: Path, target: Path, encoding: str) -> Path:
    """Copy a file to UTF-8 in chunks (DuckDB reads UTF-8, and Windows-1252 is not Latin-1)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with source.open("rb") as reader, target.open("w", encoding="utf-8", newline="") as out:
            while chunk := reader.read(CHUNK):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as error:
        raise FileRejectedError(
            _("The file is not valid %(encoding)s text (at byte %(position)d).")
            % {"encoding": encoding, "position": error.start}
        ) from None
    return target


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Customer numbers typed as numbers come back as 100001.0.
        return str(int(value))
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)), "f")
    return str(value)


def xlsx_to_csv(source: Path, target: Path) -> Path:
    """The first sheet of a workbook as a UTF-8 CSV file; dates become ISO dates."""
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileRejectedError(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            sheet = workbook.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_cell_text(value) for value in row])
    finally:
        workbook.close()
    return target


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


def _detect_decimal(
    con: duckdb.DuckDBPyConnection, relation: str, columns: dict[str, str], delimiter: str
) -> str:
    """A decimal comma with the ';' separator, or when numbers in the first rows hold ','."""
    if delimiter == ";":
        return ","
    numeric = [sql_identifier(columns[name]) for name in NUMERIC_COLUMNS if name in columns]
    condition = " OR ".join(f"contains({column}, ',')" for column in numeric)
    try:
        row = con.execute(
            f"SELECT count(*) FROM (SELECT * FROM {relation} LIMIT 1000) WHERE {condition}"
        ).fetchone()
    except duckdb.Error as error:
        raise FileRejectedError(read_error_message(error)) from None
    return "," if row and row[0] else "."
