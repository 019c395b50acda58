"""The row rules as DuckDB SQL: the fast pass and the detailed pass must agree on every row."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from nokkel.shipments.reading import COLUMN_NAMES, DEFAULT_DATE_FORMATS, Source
from nokkel.shipments.validation.parsing import REASONS, blank, number, problem
from nokkel.shipments.validation.scan import BLANK_ROW, INVALID_ROW, VALID_ROW, checked_rows

GOOD = {
    "shipment_id": "S1",
    "customer_number": "K1001",
    "org_number": "",
    "shipped_on": "01.03.2024",
    "service": "natt",
    "zone": "Oslo",
    "weight_kg": "1,5",
    "price_nok": "129,50",
    "cost_nok": "80,00",
    "extra": "",  # a field beyond the header
}
# Each row: the fields that differ from GOOD, and the problem the detailed pass finds.
ROWS: list[tuple[dict[str, str], str | None]] = [
    ({}, None),
    ({"customer_number": "", "org_number": "NO 923 456 789 MVA"}, None),
    ({"cost_nok": ""}, None),
    ({"cost_nok": "  "}, None),
    ({"price_nok": "1 000,25", "weight_kg": "\u00a02\u202f000,5 "}, None),
    ({"shipped_on": "2024-03-01T10:20:30", "service": " Pickup-Point "}, None),
    ({"zone": ""}, None),
    ({"weight_kg": "0", "price_nok": "0", "cost_nok": "0"}, None),
    ({"extra": "vest"}, "row:too_many_fields"),
    ({"customer_number": "", "org_number": ""}, "customer_number:missing"),
    ({"customer_number": " ", "org_number": "NO MVA"}, "customer_number:missing"),
    ({"shipped_on": " "}, "shipped_on:missing"),
    ({"shipped_on": "31.02.2024"}, "shipped_on:invalid"),
    ({"service": ""}, "service:missing"),
    ({"service": "teleport"}, "service:unknown"),
    ({"zone": "x" * 51}, "zone:too_long"),
    ({"weight_kg": ""}, "weight_kg:missing"),
    ({"weight_kg": "tung"}, "weight_kg:not_a_number"),
    ({"weight_kg": "-1"}, "weight_kg:negative"),
    ({"price_nok": ""}, "price_nok:missing"),
    ({"price_nok": "1.234,50"}, "price_nok:not_a_number"),
    ({"price_nok": "-0,01"}, "price_nok:negative"),
    ({"cost_nok": "gratis"}, "cost_nok:not_a_number"),
    ({"cost_nok": "-5"}, "cost_nok:negative"),
    ({"price_nok": "x", "cost_nok": "-5"}, "price_nok:not_a_number"),  # the first problem
]


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        yield connection


def table_source(con, rows: list[dict[str, str | None]]) -> Source:
    names = [*COLUMN_NAMES, "extra"]
    con.execute(f"CREATE TABLE file ({', '.join(f'{n} VARCHAR' for n in names)})")
    con.executemany(
        f"INSERT INTO file VALUES ({', '.join('?' * len(names))})",
        [[row.get(name) for name in names] for row in rows],
    )
    return Source(
        kind="csv",
        relation="file",
        columns={name: name for name in COLUMN_NAMES},
        decimal=",",
        date_formats=DEFAULT_DATE_FORMATS,
        overflow=("extra",),
    )


def test_every_problem_the_detailed_pass_finds_makes_the_row_invalid_in_the_fast_pass(con):
    blank_row: dict[str, str | None] = dict.fromkeys(GOOD, "")
    none_row: dict[str, str | None] = dict.fromkeys(GOOD)
    source = table_source(con, [{**GOOD, **changes} for changes, _ in ROWS] + [blank_row, none_row])

    found = con.execute(
        f"""SELECT state, {problem("is_blank")}
            FROM (SELECT *, {blank(source)} AS is_blank FROM ({checked_rows(source)}))"""
    ).fetchall()

    expected = [(VALID_ROW if code is None else INVALID_ROW, code) for _changes, code in ROWS] + [
        (BLANK_ROW, None),
        (BLANK_ROW, None),
    ]
    assert found == expected
    assert {code for _changes, code in ROWS} - {None} == set(REASONS)


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1 234,50", ",", Decimal("1234.5")),
        ("\u00a01\u202f234,5\u00a0", ",", Decimal("1234.5")),
        ("\u20091234,5", ",", Decimal("1234.5")),  # a thin space at the end is trimmed
        ("1.5", ",", Decimal("1.5")),  # a decimal point still reads as one
        ("1.234,50", ",", None),
        ("1,234.50", ".", None),
        ("1 234.50", ".", Decimal("1234.5")),
        ("", ",", None),
        (None, ",", None),
    ],
)
def test_numbers_are_read_the_way_norwegians_and_machines_write_them(con, text, decimal, value):
    row = con.execute(
        f"SELECT {number('price_nok', decimal)} FROM (SELECT ? AS raw_price_nok)", [text]
    )

    assert row.fetchone() == (value,)


def test_no_text_is_a_date_in_two_of_the_default_formats(con):
    # So trying the file's own format first (reading.source) changes no result.
    texts = [
        "01.03.2024",
        "1.3.2024",
        "2024-03-01",
        "01.03.2024 10:20",
        "01.03.2024 10:20:30",
        "2024-03-01 10:20:30",
        "2024-03-01T10:20:30",
        "01.03.24",
        "01.03.2024 ",
    ]
    for text in texts:
        read_by = [
            f
            for f in DEFAULT_DATE_FORMATS
            if con.execute("SELECT try_strptime(?, ?)", [text, f]).fetchone()[0] is not None
        ]
        assert len(read_by) == 1, (text, read_by)
