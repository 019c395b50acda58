"""Shipment files as bytes: their checksum, encoding and separator, and conversions to
the UTF-8 CSV DuckDB reads (from Windows-1252 text and from Excel workbooks)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.utils.translation import gettext as _

from nokkel.shipments.reading.options import FileRejectedError, ReadOptions

SNIFF_BYTES = 1024
CHUNK = 1 << 20
HASH_CHUNK = 4 << 20  # hashlib is faster on bigger pieces; this is 4 MB at a time


def header_width(path: Path, delimiter: str) -> int:
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


def file_checksum(path: Path) -> tuple[str, int]:
    """Read a file once in chunks; (sha256 hex digest, size in bytes)."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source:
        while chunk := source.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
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
    # Imported here: openpyxl takes a tenth of a second to import, and most files are CSV.
    import openpyxl

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
