"""Demo shipment files: 24 months of shipments for the demo portfolio.

The rows are written as a Norwegian-Excel CSV (`;`, decimal comma, dd.mm.yyyy) and
imported through the real import path, so the demo exercises what users use.

The story in the numbers: a few accounts carry most of the revenue (Pareto), every
shop peaks in November–December, some grow and some shrink, former customers stopped
shipping, and one of Kari's key accounts moved most of its volume to a competitor
over a few months and then left.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nokkel.portfolio.windows import add_months

SEED = 20261129
MONTHS = 24
# Parcels in each calendar month relative to an ordinary month (web shops peak before Christmas).
SEASON = {1: 0.85, 2: 0.85, 3: 0.95, 4: 0.95, 5: 1.0, 6: 0.95,
          7: 0.8, 8: 0.9, 9: 1.0, 10: 1.05, 11: 1.55, 12: 1.7}  # fmt: skip
SERVICES = (  # service, share of parcels, price per parcel (NOK), cost share of price
    ("overnight", 0.55, 69, 0.72),
    ("pickup_point", 0.25, 49, 0.68),
    ("express", 0.07, 149, 0.78),
    ("weekend", 0.05, 89, 0.83),
    ("return", 0.08, 59, 0.90),
)
ZONES = ("Oslo", "Østlandet", "Sørlandet", "Vestlandet", "Trøndelag", "Nord-Norge")
ZONE_WEIGHTS = (0.3, 0.25, 0.08, 0.17, 0.1, 0.1)
ZONE_SURCHARGE = {"Nord-Norge": 1.25, "Vestlandet": 1.08}


@dataclass(frozen=True)
class ShipperPlan:
    """How one account ships over the demo months."""

    customer_number: str
    base_parcels: float  # an ordinary month at the start
    monthly_growth: float  # 0.02 = +2 % a month
    last_month: int | None = None  # index of the last month with shipments (former customers)
    lost_from: int | None = None  # index where volume starts moving to a competitor


@dataclass(frozen=True)
class DemoAccount:
    customer_number: str
    is_key_account: bool
    status: str


def plan_shippers(
    accounts: Sequence[DemoAccount], lost_customer_number: str, seed: int = SEED
) -> list[ShipperPlan]:
    rng = random.Random(seed)
    plans = []
    for account in accounts:
        if account.status == "prospect" or not account.customer_number:
            continue
        # Key accounts are chosen from the big shippers; the rest have a long tail.
        if account.is_key_account:
            base = max(60.0, 130.0 * rng.lognormvariate(0, 0.6))
        else:
            base = 9.0 * rng.lognormvariate(0, 1.0)
        roll = rng.random()
        growth = 0.025 if roll < 0.2 else (-0.02 if roll < 0.35 else rng.uniform(-0.004, 0.006))
        last_month = rng.randint(4, 14) if account.status == "former" else None
        lost_from = None
        if account.customer_number == lost_customer_number:
            base, growth, last_month, lost_from = max(base, 400.0), 0.004, 19, 15
        plans.append(ShipperPlan(account.customer_number, base, growth, last_month, lost_from))
    return plans


def monthly_parcels(plan: ShipperPlan, index: int, month: date) -> int:
    """Parcels in the index-th demo month (0 = the oldest)."""
    if plan.last_month is not None and index > plan.last_month:
        return 0
    volume = plan.base_parcels * (1 + plan.monthly_growth) ** index * SEASON[month.month]
    if plan.lost_from is not None and index >= plan.lost_from:
        # Most of the volume moves to the competitor over four months.
        moved = min(1.0, (index - plan.lost_from + 1) / 4)
        volume *= 1 - 0.85 * moved
    return round(volume)


def demo_months(today: date) -> list[date]:
    """The 24 whole months before today's month, oldest first."""
    first = add_months(today.replace(day=1), -MONTHS)
    return [add_months(first, i) for i in range(MONTHS)]


def shipment_rows(
    plans: Sequence[ShipperPlan], months: Sequence[date], seed: int = SEED
) -> Iterator[tuple[str, str, str, str, str, str, str, str]]:
    """Rows: shipment id, customer number, date, service, zone, weight, price, cost."""
    rng = random.Random(seed + 1)
    service_weights = [share for _, share, _, _ in SERVICES]
    serial = 0
    for plan in plans:
        for index, month in enumerate(months):
            for _ in range(monthly_parcels(plan, index, month)):
                serial += 1
                service, _share, price, cost_share = rng.choices(SERVICES, service_weights)[0]
                zone = rng.choices(ZONES, ZONE_WEIGHTS)[0]
                day = date(month.year, month.month, rng.randint(1, 28))
                weight = rng.uniform(0.2, 12.0)
                gross = price * ZONE_SURCHARGE.get(zone, 1.0) + weight * 1.5
                cost = gross * cost_share * rng.uniform(0.92, 1.08)
                yield (
                    f"S{serial:09d}",
                    plan.customer_number,
                    day.strftime("%d.%m.%Y"),
                    service,
                    zone,
                    _comma(weight),
                    _comma(gross),
                    _comma(cost),
                )


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


HEADER = ("sendingsnummer", "kundenummer", "dato", "tjeneste", "sone", "vekt", "pris", "kostnad")


def write_shipment_file(path: Path, rows: Iterator[Sequence[str]]) -> int:
    """Write rows as Norwegian Excel would: `;`, decimal comma, UTF-8 with BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
