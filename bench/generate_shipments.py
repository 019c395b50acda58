"""Write N realistic shipment rows as a CSV file, with DuckDB's own generators.

    .venv/bin/python bench/generate_shipments.py 10000000 /tmp/shipments.csv
    .venv/bin/python bench/generate_shipments.py 1000000 /tmp/mars.csv --norwegian

The rows follow the demo's model of the business (nokkel/demo/shipments.py): its
services and their shares and prices, its six zones and their shares and surcharges,
its seasons (November and December peak), weights of 0.2–12 kg. They are spread over
the 12 months of --year. Customers are K100001 … K1nnnnn, the numbers bench_import.py
gives its accounts, skewed as a portfolio is: the first fifth of the accounts ships
about two thirds of the parcels. Every value is a deterministic function of the row
number, so the same arguments write the same file.

--norwegian writes what a Norwegian export looks like: Norwegian headers and service
names, ';' between fields, dates as dd.mm.yyyy and decimal commas (in UTF-8: DuckDB
writes nothing else). The default is the plain form: English headers, ',' and ISO dates.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import accumulate
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nokkel.demo.shipments import (  # a pure module: no Django needed
    SEASON,
    SERVICES,
    ZONE_SURCHARGE,
    ZONE_WEIGHTS,
    ZONES,
)

FIRST_CUSTOMER_NUMBER = 100_001
NORWEGIAN_SERVICES = {
    "overnight": "natt",
    "pickup_point": "hentested",
    "express": "ekspress",
    "weekend": "helg",
    "return": "retur",
}
ENGLISH_HEADERS = (
    "shipment_id",
    "customer_number",
    "shipped_on",
    "service",
    "zone",
    "weight_kg",
    "price_nok",
    "cost_nok",
)
NORWEGIAN_HEADERS = (
    "sendingsnummer",
    "kundenummer",
    "dato",
    "tjeneste",
    "sone",
    "vekt",
    "pris",
    "kostnad",
)


def customer_number(index: int) -> str:
    """The customer number of the index-th bench account (0-based)."""
    return f"K{FIRST_CUSTOMER_NUMBER + index}"


def _uniform(salt: int) -> str:
    """A deterministic pseudo-random number in [0, 1) per row and salt."""
    return f"((hash(i * 16 + {salt}) % 1000003) / 1000003.0)"


def _pick(salt: int, weights: list[float]) -> str:
    """A 1-based index drawn with the given weights."""
    total = sum(weights)
    whens = " ".join(
        f"WHEN {_uniform(salt)} < {bound / total!r} THEN {n}"
        for n, bound in enumerate(accumulate(weights[:-1]), start=1)
    )
    return f"CASE {whens} ELSE {len(weights)} END"


def _values(values: list[object]) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else repr(v) for v in values) + "]"


def generate(rows: int, path: Path, *, accounts: int, year: int, norwegian: bool) -> None:
    names = [name for name, *_rest in SERVICES]
    if norwegian:
        names = [NORWEGIAN_SERVICES[name] for name in names]
    headers = NORWEGIAN_HEADERS if norwegian else ENGLISH_HEADERS
    date_format = "%d.%m.%Y" if norwegian else "%Y-%m-%d"

    def number(expression: str) -> str:
        text = f"printf('%.2f', {expression})"
        return f"replace({text}, '.', ',')" if norwegian else text

    surcharges = [ZONE_SURCHARGE.get(zone, 1.0) for zone in ZONES]
    drawn = f"""
        SELECT i,
            CAST(floor({accounts} * pow({_uniform(1)}, 4)) AS BIGINT) AS account,
            make_date({year}, {_pick(2, [SEASON[m] for m in range(1, 13)])},
                      1 + CAST(floor(28 * {_uniform(3)}) AS INTEGER)) AS day,
            {_pick(4, [share for _name, share, *_rest in SERVICES])} AS service,
            {_pick(5, list(ZONE_WEIGHTS))} AS zone,
            0.2 + 11.8 * {_uniform(6)} AS weight,
            0.92 + 0.16 * {_uniform(7)} AS cost_factor
        FROM range({rows}) AS r(i)
    """
    gross = (
        f"{_values([price for _n, _s, price, _c in SERVICES])}[service] "
        f"* {_values(surcharges)}[zone] + weight * 1.5"
    )
    query = f"""
        SELECT
            'S' || lpad(CAST(i + 1 AS VARCHAR), 10, '0') AS {headers[0]},
            'K' || CAST({FIRST_CUSTOMER_NUMBER} + account AS VARCHAR) AS {headers[1]},
            strftime(day, '{date_format}') AS {headers[2]},
            {_values(names)}[service] AS {headers[3]},
            {_values(list(ZONES))}[zone] AS {headers[4]},
            {number("weight")} AS {headers[5]},
            {number(gross)} AS {headers[6]},
            {number(f"({gross}) * {_values([c for *_r, c in SERVICES])}[service] * cost_factor")}
                AS {headers[7]}
        FROM ({drawn})
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
