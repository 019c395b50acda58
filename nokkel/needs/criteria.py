"""Decision criteria: the weighted position and the recommended move per criterion.

Pure: plain values in, plain values out; nothing of Django. The thresholds are named
here so the table of cases in the tests and the page's explanation read the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

WEIGHT_TOTAL = 100
SCORE_MIN = 1
SCORE_MAX = 10

# A criterion is important to the customer when it carries at least this much of the
# 100 points of weight (with seven or eight criteria, an even spread is 12–14 each).
IMPORTANT_WEIGHT = 15
# We are strong on a criterion when we score at least this well and no worse than the
# best competitor: a good score that still loses to the rival is no strength to sell.
STRONG_SCORE = 7

# The moves, as stable codes (their labels live with the model's choices).
STRENGTHEN = "strengthen"  # important and we are strong: build on it, make it count
REDEFINE = "redefine"  # important and we are weak: redefine, compromise or offer an alternative
HOLD = "hold"  # unimportant to the customer: keep it, do not over-invest

_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionScore:
    weight: int
    ours: int
    theirs: int


@dataclass(frozen=True)
class Position:
    """Weighted scores (1–10) of us and of the best competitor, and our lead (negative: behind)."""

    ours: Decimal
    theirs: Decimal

    @property
    def lead(self) -> Decimal:
        return self.ours - self.theirs


def is_important(weight: int) -> bool:
    return weight >= IMPORTANT_WEIGHT


def is_strong(ours: int, theirs: int) -> bool:
    return ours >= STRONG_SCORE and ours >= theirs


def recommended_move(*, weight: int, ours: int, theirs: int) -> str:
    """STRENGTHEN, REDEFINE or HOLD for one criterion."""
    if not is_important(weight):
        return HOLD
    return STRENGTHEN if is_strong(ours, theirs) else REDEFINE


def weight_total(weights: Iterable[int]) -> int:
    return sum(weights)


def weighted_position(criteria: Iterable[CriterionScore]) -> Position | None:
    """Σ weight × score / Σ weight for us and the best competitor; None without weight."""
    rows = list(criteria)
    total = sum(row.weight for row in rows)
    if total <= 0:
        return None
    ours = Decimal(sum(row.weight * row.ours for row in rows)) / total
    theirs = Decimal(sum(row.weight * row.theirs for row in rows)) / total
    return Position(ours.quantize(_TWO_PLACES), theirs.quantize(_TWO_PLACES))
