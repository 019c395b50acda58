"""Volume, from tables of cases: seasonality-aware year on year, the trend, recency."""

from __future__ import annotations

import pytest

from nokkel.health.scoring import Thresholds, score_volume, volume_override, volume_signals
from tests.health.builders import AS_OF, flat, seasonal, volume, with_last

T = Thresholds()


def _started(series: list[int], months: int) -> list[int]:
    """Only the newest `months` months have parcels: a newer customer."""
    return [0] * (len(series) - months) + series[-months:]


def _stopped(series: list[int], months: int) -> list[int]:
    return series[:-months] + [0] * months


@pytest.mark.parametrize(
    ("series", "score", "code"),
    [
        # Level with a year earlier and with the trend.
        (flat(100), 100, "volume_yoy"),
        # Growing: never better than 100.
        (seasonal(100, 0.02), 100, "volume_yoy"),
        # A web shop's Christmas peak and January dip cancel out against a year earlier.
        (seasonal(100), 100, "volume_yoy"),
        # Down 10 % on a year earlier: 80 for the year on year, 84.6 for the trend.
        (with_last(flat(100), 0.9), 82, "volume_yoy"),
        (with_last(flat(100), 0.8), 63, "volume_yoy"),
        (with_last(flat(100), 0.7), 45, "volume_yoy"),
        (with_last(flat(100), 0.5), 6, "volume_yoy"),
        # A steady shrinker (−2 % a month) is down a fifth on a year earlier but on trend.
        (seasonal(100, -0.02), 73, "volume_yoy"),
        # Nothing in the last whole month, or the last two: the stop is the reason.
        (_stopped(flat(100), 1), 38, "volume_stopped"),
        (_stopped(flat(100), 2), 0, "volume_stopped"),
        (_stopped(flat(100), 3), 0, "volume_stopped"),
        # A month without parcels after two strong ones: level on the quarter, yet stopped.
        (_stopped(with_last(flat(100), 1.5), 1), 40, "volume_stopped"),
        # A customer for ten months: nothing to compare with a year earlier yet.
        (_started(flat(100), 10), 100, "volume_new"),
        # Too few parcels for a percentage to mean anything.
        (flat(5), 100, "volume_small"),
        # 18 months of history: year on year, and the plain average with a seasonal allowance.
        (_started(seasonal(100), 18), 100, "volume_yoy"),
        # ... a drop beyond the season shows against the average too.
        (with_last(_started(flat(100), 18), 0.6), 45, "volume_yoy"),
    ],
)
def test_volume_score(series, score, code):
    result = score_volume(volume(series), AS_OF, T)
    assert (result.score, result.reason.code) == (score, code)


def test_the_year_on_year_compares_the_same_three_months_a_year_earlier():
    series = flat(100)
    series[-3:] = [80, 90, 100]  # Dec, Jan, Feb
    series[-15:-12] = [100, 100, 150]  # Dec, Jan, Feb a year earlier
    signals = volume_signals(volume(series), AS_OF, T)
    assert signals.parcels_last3 == 270
    assert signals.parcels_year_earlier3 == 350
    assert signals.yoy_change == pytest.approx(270 / 350 - 1)


def test_the_trend_is_the_last_three_months_against_the_whole_year_on_year():
    series = [100] * 12 + [120] * 9 + [96] * 3  # the year up 20 %, the last 3 months down
    signals = volume_signals(volume(series), AS_OF, T)
    assert signals.yoy_change == pytest.approx(-0.04)
    year = (120 * 9 + 96 * 3) / 1200
    assert signals.trend_gap == pytest.approx(0.96 / year - 1)


def test_days_since_the_last_shipment_count_from_the_end_of_its_month():
    signals = volume_signals(volume(_stopped(flat(100), 2)), AS_OF, T)
    assert signals.months_without == 2
    assert signals.days_since_last == 60  # 31 Dec to 1 Mar


@pytest.mark.parametrize(
    ("series", "forced"),
    [
        (with_last(flat(100), 0.71), False),  # down 29 %
        (with_last(flat(100), 0.70), True),  # down 30 %
        (with_last(flat(100), 0.2), True),
        (with_last(seasonal(100), 0.65), True),  # in any season
        (seasonal(100, -0.02), False),  # a steady shrinker is not a collapse
        (with_last(flat(8), 0.2), False),  # too few parcels to say
        (_started(with_last(flat(100), 0.2), 12), False),  # no year earlier to compare with
    ],
)
def test_volume_override_at_thirty_percent_down(series, forced):
    reason = volume_override(volume(series), AS_OF, T)
    assert (reason is not None) == forced
    if forced:
        assert reason.code == "override_volume_drop"
        assert reason.params["change_pct"] <= -30


def test_the_override_threshold_comes_from_the_thresholds():
    series = with_last(flat(100), 0.8)
    assert volume_override(volume(series), AS_OF, T) is None
    assert volume_override(volume(series), AS_OF, Thresholds(volume_drop_override=0.2))
