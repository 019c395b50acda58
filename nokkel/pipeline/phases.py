"""The two processes side by side, and the forecast maths. Pure: no Django, no clock.

Our sales phases run identify → contact → needs analysis → offer → negotiation →
won / lost; the customer's buying phases run problem recognition → information
search → evaluation of alternatives → purchase decision → after purchase. Each open
sales phase fits a window of buying phases; outside it the board warns. Codes are
plain strings; the pages turn them into translated sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

IDENTIFY = "identify"
CONTACT = "contact"
NEEDS_ANALYSIS = "needs_analysis"
OFFER = "offer"
NEGOTIATION = "negotiation"
WON = "won"
LOST = "lost"
SALES_PHASES = (IDENTIFY, CONTACT, NEEDS_ANALYSIS, OFFER, NEGOTIATION, WON, LOST)
OPEN_PHASES = (IDENTIFY, CONTACT, NEEDS_ANALYSIS, OFFER, NEGOTIATION)
CLOSED_PHASES = (WON, LOST)

PROBLEM_RECOGNITION = "problem_recognition"
INFORMATION_SEARCH = "information_search"
EVALUATION = "evaluation"
PURCHASE_DECISION = "purchase_decision"
POST_PURCHASE = "post_purchase"
BUYING_PHASES = (
    PROBLEM_RECOGNITION,
    INFORMATION_SEARCH,
    EVALUATION,
    PURCHASE_DECISION,
    POST_PURCHASE,
)

# The buying phases (first, last) each sales phase fits; lost fits anything.
_FITS: dict[str, tuple[str, str]] = {
    IDENTIFY: (PROBLEM_RECOGNITION, INFORMATION_SEARCH),
    CONTACT: (PROBLEM_RECOGNITION, EVALUATION),
    NEEDS_ANALYSIS: (PROBLEM_RECOGNITION, EVALUATION),
    OFFER: (EVALUATION, PURCHASE_DECISION),
    NEGOTIATION: (EVALUATION, PURCHASE_DECISION),
    WON: (PURCHASE_DECISION, POST_PURCHASE),
}

# Mismatch codes.
AHEAD_OF_CUSTOMER = "ahead_of_customer"  # offering to someone not yet ready to compare
BEHIND_CUSTOMER = "behind_customer"  # the customer compares or decides without our offer
CUSTOMER_ALREADY_BOUGHT = "customer_already_bought"  # bought while we are still selling
BUYING_PHASE_NOT_UPDATED = "buying_phase_not_updated"  # won, but recorded as still searching

WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Mismatch:
    code: str
    severity: str  # WARNING or INFO


def phase_mismatch(sales_phase: str, buying_phase: str | None) -> Mismatch | None:
    """Where our sales phase and the customer's buying phase do not match, and how.

    An unknown buying phase, a lost opportunity or an unknown code gives no warning.
    """
    window = _FITS.get(sales_phase)
    if window is None or not buying_phase or buying_phase not in BUYING_PHASES:
        return None
    position = BUYING_PHASES.index(buying_phase)
    first, last = (BUYING_PHASES.index(p) for p in window)
    if first <= position <= last:
        return None
    if sales_phase == WON:
        return Mismatch(BUYING_PHASE_NOT_UPDATED, INFO)
    if position < first:
        return Mismatch(AHEAD_OF_CUSTOMER, WARNING)
    if buying_phase == POST_PURCHASE:
        return Mismatch(CUSTOMER_ALREADY_BOUGHT, WARNING)
    return Mismatch(BEHIND_CUSTOMER, WARNING)


# A fresh opportunity's probability (per cent) by phase, until someone sets their own.
DEFAULT_PROBABILITY = {
    IDENTIFY: 10,
    CONTACT: 20,
    NEEDS_ANALYSIS: 30,
    OFFER: 50,
    NEGOTIATION: 70,
    WON: 100,
    LOST: 0,
}


def probability_after_move(current: int, old_phase: str, new_phase: str) -> int:
    """Won is 100 and lost is 0; between open phases a default follows the phase,
    while a probability someone set by hand is kept."""
    if new_phase in CLOSED_PHASES:
        return DEFAULT_PROBABILITY[new_phase]
    if current == DEFAULT_PROBABILITY.get(old_phase):
        return DEFAULT_PROBABILITY[new_phase]
    return current


CENT = Decimal("0.01")


def weighted_value(probability: int, annual_revenue: Decimal) -> Decimal:
    """Probability (per cent) × annual revenue, in NOK rounded to øre."""
    return (Decimal(probability) * annual_revenue / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class ForecastRow:
    """One open opportunity as the forecast sees it."""

    close_month: date | None  # the first day of the expected close month
    kam: str
    segment: str
    probability: int
    annual_revenue: Decimal


@dataclass
class ForecastLine:
    key: object
    count: int = 0
    revenue: Decimal = Decimal("0.00")
    weighted: Decimal = Decimal("0.00")

    def add(self, row: ForecastRow) -> None:
        self.count += 1
        self.revenue += row.annual_revenue
        self.weighted += weighted_value(row.probability, row.annual_revenue)


@dataclass
class Forecast:
    by_month: list[ForecastLine] = field(default_factory=list)
    by_kam: list[ForecastLine] = field(default_factory=list)
    by_segment: list[ForecastLine] = field(default_factory=list)
    total: ForecastLine = field(default_factory=lambda: ForecastLine(key=None))


def _group(rows: Iterable[ForecastRow], key: str) -> dict[object, ForecastLine]:
    lines: dict[object, ForecastLine] = {}
    for row in rows:
        value = getattr(row, key)
        lines.setdefault(value, ForecastLine(key=value)).add(row)
    return lines


def forecast(rows: Iterable[ForecastRow]) -> Forecast:
    """Weighted pipeline by expected close month (undated last), by KAM and by segment
    (largest weighted value first); each weighted value is rounded before it is summed,
    so the lines add up to the total exactly."""
    rows = list(rows)
    total = ForecastLine(key=None)
    for row in rows:
        total.add(row)
    months = _group(rows, "close_month")
    dated = sorted(m for m in months if isinstance(m, date))
    by_month = [months[m] for m in dated] + ([months[None]] if None in months else [])

    def biggest_first(lines: dict[object, ForecastLine]) -> list[ForecastLine]:
        return sorted(lines.values(), key=lambda line: (-line.weighted, str(line.key)))

    return Forecast(
        by_month=by_month,
        by_kam=biggest_first(_group(rows, "kam")),
        by_segment=biggest_first(_group(rows, "segment")),
        total=total,
    )
