"""ABC and XYZ classification, case by case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nokkel.portfolio.pareto import (
    abc_classify,
    coefficient_of_variation,
    variation_of_sums,
    xyz_class,
    xyz_class_of_variation,
)
from nokkel.portfolio.windows import add_months, trailing_months


def classes(revenues: list[tuple[int, str]]) -> dict[int, str]:
    rows = abc_classify((pk, Decimal(value)) for pk, value in revenues)
    return {row.account_id: row.abc_class for row in rows}


@pytest.mark.parametrize(
    ("revenues", "expected"),
    [
        # One account reaching exactly 80 % is the last A; the next starts B.
        ([(1, "80"), (2, "15"), (3, "5")], {1: "A", 2: "B", 3: "C"}),
        # The account that crosses 80 % belongs to A (up to and including it).
        ([(1, "50"), (2, "40"), (3, "10")], {1: "A", 2: "A", 3: "B"}),
        # Exactly 95 % after B: the one reaching 95 % is the last B.
        ([(1, "80"), (2, "10"), (3, "5"), (4, "5")], {1: "A", 2: "B", 3: "B", 4: "C"}),
        # Ties are ranked by account id ascending.
        ([(7, "40"), (3, "40"), (5, "20")], {3: "A", 7: "A", 5: "B"}),
        ([(2, "45"), (1, "45"), (3, "10")], {1: "A", 2: "A", 3: "B"}),
        # Zero and negative revenue get no class and do not count in the total.
        ([(1, "100"), (2, "0"), (3, "-5")], {1: "A", 2: "", 3: ""}),
        # Nothing at all: nobody is classified.
        ([(1, "0"), (2, "0")], {1: "", 2: ""}),
        # A single customer is A.
        ([(1, "10")], {1: "A"}),
        # A long tail: 20 % of customers carry 80 %; the one reaching 95 % is the last B.
        (
            [(1, "400"), (2, "400")] + [(pk, "25") for pk in range(3, 11)],
            {1: "A", 2: "A", 3: "B", 4: "B", 5: "B", 6: "B", 7: "B", 8: "B", 9: "C", 10: "C"},
        ),
    ],
)
def test_abc_classes(revenues, expected):
    assert classes(revenues) == expected


def test_abc_rows_come_in_ranking_order_with_shares():
    rows = abc_classify([(1, Decimal("20")), (2, Decimal("80"))])
    assert [r.account_id for r in rows] == [2, 1]
    assert rows[0].share == Decimal("0.8")
    assert rows[1].cumulative_share == Decimal("1")


XYZ_CASES = [
    ([100] * 12, "X"),  # steady
    ([100, 120, 80, 110, 90, 100, 105, 95, 100, 110, 90, 100], "X"),
    ([0] * 11 + [100], "Z"),  # one month only: CV = sqrt(11) ≈ 3.3
    ([50, 150] * 6, "Y"),  # CV exactly 0.5 is Y
    ([0, 200] * 6, "Z"),  # CV exactly 1.0 is Z
    ([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 200, 300], "Z"),
    ([0] * 12, ""),  # shipped nothing: no class
    ([], ""),
]


@pytest.mark.parametrize(("monthly", "expected"), XYZ_CASES)
def test_xyz_classes(monthly, expected):
    assert xyz_class(monthly) == expected


@pytest.mark.parametrize(("monthly", "expected"), XYZ_CASES)
def test_xyz_classes_from_sums_match_the_series(monthly, expected):
    """What the classification reads from the database: sum and sum of squares."""
    cv = variation_of_sums(sum(monthly), sum(x * x for x in monthly), len(monthly))
    assert xyz_class_of_variation(cv) == expected
    if cv is not None:
        assert cv == pytest.approx(coefficient_of_variation(monthly))


@pytest.mark.parametrize(
    ("total", "squares", "months", "expected"),
    [
        (1200, 120_000, 12, 0.0),  # 100 every month
        (1200, 150_000, 12, 0.5),  # 50 and 150 alternating
        (100, 10_000, 12, 11**0.5),  # one month of 100, eleven of none
        (200, 40_000, 2, 1.0),  # 0 and 200
        (200, 25_000, 2, 0.5),  # 50 and 150: exactly on the Y boundary, exactly
        (0, 0, 12, None),
        (100, 10_000, 0, None),
    ],
)
def test_variation_of_sums(total, squares, months, expected):
    if expected is None:
        assert variation_of_sums(total, squares, months) is None
    else:
        assert variation_of_sums(total, squares, months) == pytest.approx(expected, abs=1e-12)


def test_variation_exactly_on_the_boundaries():
    assert xyz_class_of_variation(variation_of_sums(200, 25_000, 2)) == "Y"  # 0.5 exactly
    assert xyz_class_of_variation(variation_of_sums(200, 40_000, 2)) == "Z"  # 1.0 exactly


def test_coefficient_of_variation_is_population_sd_over_mean():
    assert coefficient_of_variation([50, 150]) == pytest.approx(0.5)
    assert coefficient_of_variation([0, 0]) is None


@pytest.mark.parametrize(
    ("as_of", "first", "last"),
    [
        (date(2026, 1, 15), date(2025, 1, 1), date(2025, 12, 1)),
        (date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 1)),
        (date(2026, 3, 31), date(2025, 3, 1), date(2026, 2, 1)),
        (date(2024, 12, 31), date(2023, 12, 1), date(2024, 11, 1)),
    ],
)
def test_the_window_is_the_twelve_whole_months_before_the_as_of_month(as_of, first, last):
    months = trailing_months(as_of)
    assert len(months) == 12
    assert (months[0], months[-1]) == (first, last)


def test_add_months_crosses_years():
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)
    assert add_months(date(2025, 1, 1), -1) == date(2024, 12, 1)
