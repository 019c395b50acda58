"""Getting a shipment file into DuckDB: formats, encodings, separators and headers.

SQL is built as text here and in the validation package (DuckDB takes no parameters
for file names and column names); whatever comes from the file or the user is quoted
with sql_literal or sql_identifier, hence the S608 exemptions.

Everything here prepares a DuckDB relation whose columns are the file's columns as
text (VARCHAR), so one set of SQL checks serves CSV, Parquet and Excel alike. Nothing
here touches Django's database.
"""

from nokkel.shipments.reading.files import (
    CHUNK,
    SNIFF_BYTES,
    copy_with_checksum,
    file_checksum,
    header_width,
    sniff_csv,
    sniff_encoding,
    transcode_to_utf8,
    xlsx_to_csv,
)
from nokkel.shipments.reading.options import (
    ALLOWED_SUFFIXES,
    COLUMN_NAMES,
    CSV_SUFFIXES,
    DEFAULT_DATE_FORMATS,
    DUCKDB_CONFIG,
    IDENTIFIER_COLUMNS,
    NUMERIC_COLUMNS,
    REQUIRED_COLUMNS,
    FileRejectedError,
    ReadOptions,
    accepted_headers_text,
    duckdb_connection,
    file_kind,
    normalize_header,
    sql_identifier,
    sql_literal,
)
from nokkel.shipments.reading.source import (
    Source,
    map_columns,
    open_source,
    read_error_message,
)

__all__ = [
    "ALLOWED_SUFFIXES",
    "CHUNK",
    "COLUMN_NAMES",
    "CSV_SUFFIXES",
    "DEFAULT_DATE_FORMATS",
    "DUCKDB_CONFIG",
    "IDENTIFIER_COLUMNS",
    "NUMERIC_COLUMNS",
    "REQUIRED_COLUMNS",
    "SNIFF_BYTES",
    "FileRejectedError",
    "ReadOptions",
    "Source",
    "accepted_headers_text",
    "copy_with_checksum",
    "duckdb_connection",
    "file_checksum",
    "file_kind",
    "header_width",
    "map_columns",
    "normalize_header",
    "open_source",
    "read_error_message",
    "sniff_csv",
    "sniff_encoding",
    "sql_identifier",
    "sql_literal",
    "transcode_to_utf8",
    "xlsx_to_csv",
]
