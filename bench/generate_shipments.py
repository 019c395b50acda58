"""Write N realistic shipment rows as a CSV file, with DuckDB's own generators.

    .venv/bin/python bench/generate_shipments.py 10000000 /tmp/shipments.csv
    .venv/bin/python bench/generate_shipments.py 1000000 /tmp/mars.csv --norwegian

Rows are spread over the 12 months of --year. Customers are K100001 … K1nnnnn (the
numbers bench_import.py gives its accounts), skewed as a portfolio is: the first
fifth of the accounts ships about two thirds of the parcels. Services and zones are
skewed too. Every value is a deterministic function of the row number, so the same
arguments give the same file.

--norwegian writes what a Norwegian export looks like: Norwegian headers and service
names, ';' between fields, dates as dd.mm.yyyy and decimal commas (in UTF-8: DuckDB
writes nothing else). The default is the plain form: English headers, ',' and ISO dates.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

ZONES = (
    "Oslo",
    "Viken",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Kristiansand",
    "Tromsø",
    "Bodø",
    "Ålesund",
    "Lillehammer",
)
# (English, Norwegian, cumulative share of the rows)
SERVICES = (
    ("overnight", "natt", 0.55),
    ("pickup_point", "hentested", 0.80),
    ("return", "retur", 0.90),
    ("express", "ekspress", 0.98),
    ("weekend", "helg", 1.0),
)
FIRST_CUSTOMER_NUMBER = 100_001


def customer_number(index: int) -> str:
    """The customer number of the index-th bench account (0-based)."""
    return f"K{FIRST_CUSTOMER_NUMBER + index}"


def _uniform(salt: int) -> str:
    """A deterministic pseudo-random number in [0, 1) per row and salt."""
    return f"((hash(i * 16 + {salt}) % 1000003) / 1000003.0)"


def _text(values: list[str]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def generate(rows: int, path: Path, *, accounts: int, year: int, norwegian: bool) -> None:
    service_index = " ".join(
        f"WHEN {_uniform(3)} < {share} THEN {n + 1}" for n, (*_names, share) in enumerate(SERVICES)
    )
    services = _text([english for english, _n, _s in SERVICES])
    if norwegian:
        services = _text([norsk for _e, norsk, _s in SERVICES])
    headers = (
        ("sendingsnummer", "kundenummer", "dato", "tjeneste", "sone", "vekt", "pris", "kostnad")
        if norwegian
        else (
            "shipment_id",
            "customer_number",
            "shipped_on",
            "service",
            "zone",
            "weight_kg",
            "price_nok",
            "cost_nok",
        )
    )
    date_format = "%d.%m.%Y" if norwegian else "%Y-%m-%d"

    def number(expression: str) -> str:
        text = f"printf('%.2f', {expression})"
        return f"replace({text}, '.', ',')" if norwegian else text

    query = f"""
        SELECT
            'S' || lpad(CAST(i + 1 AS VARCHAR), 10, '0') AS {headers[0]},
            'K' || CAST({FIRST_CUSTOMER_NUMBER} + floor({accounts} * pow({_uniform(1)}, 4))
                        AS BIGINT) AS {headers[1]},
            strftime(DATE '{year}-01-01' + CAST(floor({_uniform(2)} * 365) AS INTEGER),
                     '{date_format}') AS {headers[2]},
            {services}[CASE {service_index} END] AS {headers[3]},
            {_text(list(ZONES))}[1 + CAST(floor({len(ZONES)} * pow({_uniform(4)}, 1.5))
                                          AS INTEGER)] AS {headers[4]},
            {number(f"0.2 + 24.8 * pow({_uniform(5)}, 3)")} AS {headers[5]},
            {number(f"49 + 180 * pow({_uniform(5)}, 3) + 20 * {_uniform(6)}")} AS {headers[6]},
            {number(f"(49 + 180 * pow({_uniform(5)}, 3)) * 0.62")} AS {headers[7]}
        FROM range({rows}) AS r(i)
    """
    delimiter = ";" if norwegian else ","
    with duckdb.connect(config={"threads": 2, "memory_limit": "1GB"}) as con:
        con.execute(f"COPY ({query}) TO '{path}' (HEADER, DELIMITER '{delimiter}', QUOTE '\"')")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, help="how many shipment rows")
    parser.add_argument("path", type=Path, help="the CSV file to write")
    parser.add_argument("--accounts", type=int, default=1_000, help="customers (default 1000)")
    parser.add_argument("--year", type=int, default=2025, help="the year shipped (default 2025)")
    parser.add_argument(
        "--norwegian", action="store_true", help="Norwegian headers, ';', dd.mm.yyyy, 1,5"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.rows, args.path, accounts=args.accounts, year=args.year, norwegian=args.norwegian)
    size = args.path.stat().st_size / 1e6
    print(f"{args.rows:,} rows, {size:,.0f} MB in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
