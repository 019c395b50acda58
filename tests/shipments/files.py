"""Small writers of shipment files, as the carrier's systems and Excel produce them."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl

ENGLISH = (
    "shipment_id",
    "customer_number",
    "shipped_on",
    "service",
    "zone",
    "weight_kg",
    "price_nok",
    "cost_nok",
)
NORWEGIAN = ("sendingsnummer", "kundenummer", "dato", "tjeneste", "sone", "vekt", "pris", "kostnad")


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = ENGLISH,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """A CSV file with Windows line ends, as Excel saves it; values are written as given."""
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


def norwegian_excel_csv(path: Path, rows: Sequence[Sequence[str]], **kwargs: object) -> Path:
    """What Norwegian Excel's "CSV (semikolonseparert)" gives: ';', Windows-1252."""
    return write_csv(path, rows, header=NORWEGIAN, delimiter=";", encoding="cp1252", **kwargs)  # type: ignore[arg-type]


def write_parquet(path: Path, rows: Sequence[tuple[object, ...]], columns: Sequence[str]) -> Path:
    """A Parquet file written by DuckDB; dates stay dates and money stays decimal."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (customer_number VARCHAR, shipped_on DATE, service VARCHAR, "
        "zone VARCHAR, weight_kg DOUBLE, price_nok DECIMAL(12, 2), cost_nok DECIMAL(12, 2))"
    )
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", [list(row) for row in rows])
    selected = ", ".join(columns)
    con.execute(f"COPY (SELECT {selected} FROM t) TO '{path}' (FORMAT parquet)")
    con.close()
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def day(text: str) -> date:
    return date.fromisoformat(text)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
