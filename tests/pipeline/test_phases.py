"""The pure rules: where our sales phase and the customer's buying phase do not match,
probabilities that follow the phase, and the weighted forecast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nokkel.pipeline import phases
from nokkel.pipeline.phases import (
    AHEAD_OF_CUSTOMER,
    BEHIND_CUSTOMER,
    BUYING_PHASE_NOT_UPDATED,
    CUSTOMER_ALREADY_BOUGHT,
    ForecastRow,
    forecast,
    phase_mismatch,
    probability_after_move,
    weighted_value,
)

PR, IS, EV, PD, PP = phases.BUYING_PHASES

# (our phase, the customer's phase, the warning or None)
MISMATCH_TABLE = [
    # An offer or a negotiation while the customer has not started comparing: too early.
    ("offer", PR, AHEAD_OF_CUSTOMER),
    ("offer", IS, AHEAD_OF_CUSTOMER),
    ("negotiation", PR, AHEAD_OF_CUSTOMER),
    ("negotiation", IS, AHEAD_OF_CUSTOMER),
    # ... and where they fit.
    ("offer", EV, None),
    ("offer", PD, None),
    ("negotiation", EV, None),
    ("negotiation", PD, None),
    # Early phases fit an early customer.
    ("identify", PR, None),
    ("identify", IS, None),
    ("contact", IS, None),
    ("contact", EV, None),
    ("needs_analysis", PR, None),
    ("needs_analysis", EV, None),
    # The customer compares or decides while we have not offered anything: too late.
    ("identify", EV, BEHIND_CUSTOMER),
    ("identify", PD, BEHIND_CUSTOMER),
    ("contact", PD, BEHIND_CUSTOMER),
    ("needs_analysis", PD, BEHIND_CUSTOMER),
    # The customer already bought while we are still selling.
    ("identify", PP, CUSTOMER_ALREADY_BOUGHT),
    ("needs_analysis", PP, CUSTOMER_ALREADY_BOUGHT),
    ("offer", PP, CUSTOMER_ALREADY_BOUGHT),
    ("negotiation", PP, CUSTOMER_ALREADY_BOUGHT),
    # Won: the customer should be deciding or have bought.
    ("won", PD, None),
    ("won", PP, None),
    ("won", IS, BUYING_PHASE_NOT_UPDATED),
    ("won", EV, BUYING_PHASE_NOT_UPDATED),
    # Lost, unknown buying phase and unknown codes: nothing to say.
    ("lost", PR, None),
    ("lost", PP, None),
    ("offer", "", None),
    ("offer", None, None),
    ("offer", "daydreaming", None),
    ("unknown", IS, None),
]


@pytest.mark.parametrize(("ours", "theirs", "expected"), MISMATCH_TABLE)
def test_the_board_warns_where_the_two_processes_do_not_match(ours, theirs, expected):
    mismatch = phase_mismatch(ours, theirs)
    assert (mismatch.code if mismatch else None) == expected


def test_a_won_deal_with_a_stale_buying_phase_is_a_hint_not_a_warning():
    assert phase_mismatch("won", IS).severity == phases.INFO
    assert phase_mismatch("offer", IS).severity == phases.WARNING


@pytest.mark.parametrize(
    ("current", "old", "new", "expected"),
    [
        (10, "identify", "contact", 20),  # a default follows the phase
        (50, "offer", "negotiation", 70),
        (70, "negotiation", "offer", 50),  # backwards too
        (35, "needs_analysis", "offer", 35),  # someone's own estimate is kept
        (35, "offer", "won", 100),
        (35, "offer", "lost", 0),
        (0, "lost", "negotiation", 70),  # reopened: the automatic 0 gives way
    ],
)
def test_probability_follows_the_phase_unless_someone_set_it(current, old, new, expected):
    assert probability_after_move(current, old, new) == expected


def test_the_weighted_value_is_probability_times_annual_revenue_in_ore():
    assert weighted_value(25, Decimal("1000000.00")) == Decimal("250000.00")
    assert weighted_value(33, Decimal("100.01")) == Decimal("33.00")  # 33.0033 → 33.00
    assert weighted_value(50, Decimal("0.01")) == Decimal("0.01")  # half a øre rounds up
    assert weighted_value(0, Decimal("5000.00")) == Decimal("0.00")


def test_the_forecast_adds_up_by_month_kam_and_segment():
    march, april = date(2026, 3, 1), date(2026, 4, 1)
    rows = [
        ForecastRow(march, "Kari", "Netthandel", 50, Decimal("1000000.00")),
        ForecastRow(march, "Ola", "Netthandel", 20, Decimal("500000.00")),
        ForecastRow(april, "Kari", "Aviser", 70, Decimal("200000.00")),
        ForecastRow(None, "Ola", "", 10, Decimal("300000.00")),
    ]
    result = forecast(rows)

    assert [(line.key, line.count, line.weighted) for line in result.by_month] == [
        (march, 2, Decimal("600000.00")),
        (april, 1, Decimal("140000.00")),
        (None, 1, Decimal("30000.00")),  # undated last
    ]
    assert [(line.key, line.weighted) for line in result.by_kam] == [
        ("Kari", Decimal("640000.00")),
        ("Ola", Decimal("130000.00")),
    ]
    assert [(line.key, line.weighted, line.revenue) for line in result.by_segment] == [
        ("Netthandel", Decimal("600000.00"), Decimal("1500000.00")),
        ("Aviser", Decimal("140000.00"), Decimal("200000.00")),
        ("", Decimal("30000.00"), Decimal("300000.00")),
    ]
    assert result.total.weighted == Decimal("770000.00")
    assert result.total.revenue == Decimal("2000000.00")
    assert result.total.count == 4


def test_an_empty_pipeline_forecasts_nothing():
    result = forecast([])
    assert result.by_month == []
    assert result.total.weighted == Decimal("0.00")
