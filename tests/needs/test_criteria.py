"""The recommended move per decision criterion and the weighted position, as a table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nokkel.needs import criteria
from nokkel.needs.criteria import HOLD, REDEFINE, STRENGTHEN, CriterionScore


@pytest.mark.parametrize(
    ("weight", "ours", "theirs", "move", "why"),
    [
        (30, 9, 6, STRENGTHEN, "important, we score high and beat the rival"),
        (15, 7, 7, STRENGTHEN, "at the thresholds: important, strong enough, level with the rival"),
        (40, 8, 9, REDEFINE, "important and good, but the rival is better"),
        (25, 6, 4, REDEFINE, "important and ahead, but our own score is too low to build on"),
        (20, 3, 8, REDEFINE, "important and clearly weak"),
        (14, 9, 3, HOLD, "just below the importance threshold, however strong we are"),
        (10, 2, 9, HOLD, "unimportant and weak: do not over-invest"),
        (0, 10, 1, HOLD, "no weight at all"),
    ],
)
def test_the_recommended_move_follows_importance_and_strength(weight, ours, theirs, move, why):
    assert criteria.recommended_move(weight=weight, ours=ours, theirs=theirs) == move, why


def test_the_thresholds_are_named_where_the_rules_read_them():
    assert criteria.IMPORTANT_WEIGHT == 15
    assert criteria.STRONG_SCORE == 7


def test_the_weighted_position_weighs_each_score_by_the_customers_weight():
    position = criteria.weighted_position(
        [CriterionScore(50, 8, 6), CriterionScore(30, 5, 9), CriterionScore(20, 7, 7)]
    )
    assert position is not None
    assert position.ours == Decimal("6.90")  # (400 + 150 + 140) / 100
    assert position.theirs == Decimal("7.10")  # (300 + 270 + 140) / 100
    assert position.lead == Decimal("-0.20")


def test_there_is_no_position_without_weight():
    assert criteria.weighted_position([]) is None
    assert criteria.weighted_position([CriterionScore(0, 5, 5)]) is None
