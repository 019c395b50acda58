"""Offer margins: Decimal arithmetic on plain values, nothing of Django.

Amounts are NOK per month: a line's revenue is its price per parcel times the parcels
expected each month, its cost the cost per parcel times the same parcels, and its
margin the difference. The margin share is margin / revenue. A line whose cost is not
in the cost model has an unknown margin, and so does the offer: a sales manager then
decides, as for a margin below the minimum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")
ANY = ""  # a cost-model row for any zone or any weight band


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(margin: Decimal | None, revenue: Decimal) -> Decimal | None:
    if margin is None or revenue == 0:
        return None
    return (margin / revenue).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineInput:
    price_per_parcel: Decimal
    expected_parcels_per_month: int
    cost_per_parcel: Decimal | None


@dataclass(frozen=True)
class LineMargin:
    revenue: Decimal
    cost: Decimal | None
    margin: Decimal | None
    margin_share: Decimal | None


@dataclass(frozen=True)
class OfferMargin:
    lines: tuple[LineMargin, ...]
    revenue: Decimal
    cost: Decimal | None
    margin: Decimal | None
    margin_share: Decimal | None


def line_margin(line: LineInput) -> LineMargin:
    revenue = money(line.price_per_parcel * line.expected_parcels_per_month)
    if line.cost_per_parcel is None:
        return LineMargin(revenue, None, None, None)
    cost = money(line.cost_per_parcel * line.expected_parcels_per_month)
    margin = revenue - cost
    return LineMargin(revenue, cost, margin, _share(margin, revenue))


def offer_margin(lines: Iterable[LineInput]) -> OfferMargin:
    """Each line's figures and the offer's totals; the totals are unknown if any cost is."""
    figures = tuple(line_margin(line) for line in lines)
    revenue = sum((f.revenue for f in figures), Decimal("0.00"))
    if any(f.cost is None for f in figures):
        return OfferMargin(figures, revenue, None, None, None)
    cost = sum((f.cost for f in figures if f.cost is not None), Decimal("0.00"))
    margin = revenue - cost
    return OfferMargin(figures, revenue, cost, margin, _share(margin, revenue))


def needs_approval(offer: OfferMargin, *, minimum_share: Decimal) -> bool:
    """A sales manager must approve when the margin is below the minimum share or unknown.

    Compared exactly (margin < minimum × revenue), not on the rounded share.
    """
    if offer.margin is None or offer.revenue <= 0:
        return True
    return offer.margin < minimum_share * offer.revenue


def _zone_key(zone: str) -> str:
    return zone.strip().casefold()


def cost_key(service: str, zone: str, weight_band: str) -> tuple[str, str, str]:
    return (service, _zone_key(zone), weight_band)


def cost_lookup(
    table: Mapping[tuple[str, str, str], Decimal],
    *,
    service: str,
    zone: str,
    weight_band: str,
) -> Decimal | None:
    """The cost per parcel from the most specific row of the cost model that applies.

    `table` is keyed by cost_key(service, zone, weight_band), where ANY ("") in zone or
    weight band covers every zone or band. Zone and band both given beat zone only, which
    beats band only, which beats the service's general row. None when nothing applies.
    """
    zone = _zone_key(zone)
    candidates = [(service, zone, weight_band), (service, zone, ANY)]
    candidates += [(service, ANY, weight_band), (service, ANY, ANY)]
    for key in candidates:
        if key in table:
            return table[key]
    return None
