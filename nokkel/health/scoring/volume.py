"""Volume: parcels in the last 3 whole months, seasonality-aware, and days since the last one.

- Year on year: the last 3 months against the same 3 months a year earlier. Web shops peak
  in November–December every year, so comparing the same months cancels the season.
- Against the 12-month trend: how the last 3 months' year-on-year change compares with the
  whole last year's (with 24 months of history, so the season cancels again). With less
  history the last 3 months are compared with the plain 12-month average, and a dip smaller
  than the usual seasonal swing (`seasonal_tolerance`) counts as season, not decline.
- Recency: whole months since the last month with parcels.

Compared months need at least `min_parcels` parcels: a shop sending ten parcels a month
moves by a third when one customer orders twice, and that says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from nokkel.health.scoring.facts import VOLUME, VolumeFacts
from nokkel.health.scoring.results import ComponentScore, ParamValue, Reason, Thresholds

YOY_SHARE = 0.6  # of the trend part; the rest is the 12-month trend
RECENCY_SCORES = (100, 40, 10)  # 0, 1, 2 whole months without parcels; 0 after that
EPSILON = 1e-9  # 80 of 100 parcels is down 20 %, not 19.999…


@dataclass(frozen=True)
class VolumeSignals:
    """The measurements the volume score and the backtest both read."""

    yoy_change: float | None  # last 3 months on the same months a year earlier
    trend_gap: float | None  # last 3 months against the seasonally adjusted 12-month trend
    average_gap: float | None  # last 3 months against the plain 12-month average
    months_without: int | None  # whole months since the last parcels; None: none in series
    days_since_last: int | None
    parcels_last3: int
    parcels_year_earlier3: int
    history_months: int  # months since the first month with parcels in the series


def _clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


def decline_score(change: float, zero_at: float) -> float:
    """100 for no decline or growth, falling linearly to 0 at a drop of `zero_at`."""
    return _clamp(100.0 + change * 100.0 / zero_at)


def _month_end(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=16)  # the score and the override read the same signals
def volume_signals(facts: VolumeFacts, as_of: date, thresholds: Thresholds) -> VolumeSignals:
    series = facts.monthly_parcels
    n = len(series)
    shipped = [i for i, parcels in enumerate(series) if parcels > 0]
    last3 = sum(series[-3:])
    earlier3 = sum(series[-15:-12]) if n >= 15 else 0
    if not shipped:
        return VolumeSignals(None, None, None, None, None, 0, 0, 0)
    started, newest = shipped[0], shipped[-1]
    history = n - started
    months_without = n - 1 - newest
    last_shipping_month = _months_back(facts.last_month, months_without)
    days_since = max((as_of - _month_end(last_shipping_month)).days, 0)

    yoy: float | None = None
    if history >= 15 and earlier3 >= thresholds.min_parcels:
        yoy = last3 / earlier3 - 1.0
    trend: float | None = None
    average: float | None = None
    last12, previous12 = sum(series[-12:]), sum(series[-24:-12]) if n >= 24 else 0
    if yoy is not None and history >= 24 and previous12 >= 4 * thresholds.min_parcels:
        year_ratio = last12 / previous12
        if year_ratio > 0:
            trend = (1.0 + yoy) / year_ratio - 1.0
    recent = series[max(started, n - 12) :]
    if len(recent) >= 6 and sum(recent) >= 4 * thresholds.min_parcels:
        average = (last3 / 3.0) / (sum(recent) / len(recent)) - 1.0
    return VolumeSignals(
        yoy_change=yoy,
        trend_gap=trend,
        average_gap=average,
        months_without=months_without,
        days_since_last=days_since,
        parcels_last3=last3,
        parcels_year_earlier3=earlier3,
        history_months=history,
    )


def _pct(change: float) -> float:
    return round(change * 100.0, 1)


def score_volume(facts: VolumeFacts, as_of: date, thresholds: Thresholds) -> ComponentScore:
    signals = volume_signals(facts, as_of, thresholds)
    months = signals.months_without
    if months is None:
        return ComponentScore(VOLUME, 0, Reason("volume_none", {}, VOLUME, step="ask_about_volume"))

    # (share, score, code, change) per measurement; the weakest explains the component.
    parts: list[tuple[float, float, str, float]] = []
    zero_at = thresholds.volume_zero_at
    if signals.yoy_change is not None:
        change = signals.yoy_change
        parts.append((YOY_SHARE, decline_score(change, zero_at), "volume_yoy", change))
    if signals.trend_gap is not None:
        change = signals.trend_gap
        parts.append((1.0 - YOY_SHARE, decline_score(change, zero_at), "volume_trend", change))
    elif signals.average_gap is not None:
        change = signals.average_gap
        beyond_season = min(0.0, change + thresholds.seasonal_tolerance)
        parts.append(
            (1.0 - YOY_SHARE, decline_score(beyond_season, zero_at), "volume_average", change)
        )
    trend_score = 100.0
    if parts:
        total_share = sum(part[0] for part in parts)
        trend_score = sum(part[0] * part[1] for part in parts) / total_share
    if months:
        # A shipper that has stopped is the news, whatever the averages say.
        recency = float(RECENCY_SCORES[months]) if months < len(RECENCY_SCORES) else 0.0
        stopped = {"months": months, "days": signals.days_since_last}
        reason = Reason("volume_stopped", stopped, VOLUME, step="ask_about_volume")
        return ComponentScore(VOLUME, round(min(recency, trend_score)), reason)
    if signals.yoy_change is not None or trend_score < 100:
        _share, _score, code, change = min(parts, key=lambda part: part[1])
        params: dict[str, ParamValue] = {"change_pct": _pct(change)}
        if code == "volume_yoy":
            params.update(parcels=signals.parcels_last3, earlier=signals.parcels_year_earlier3)
        reason = Reason(code, params, VOLUME, step="ask_about_volume")
    else:
        # No year to compare with and nothing wrong against the average: say why.
        code = "volume_new" if signals.history_months < 15 else "volume_small"
        reason = Reason(code, {"months": signals.history_months}, VOLUME)
    return ComponentScore(VOLUME, round(trend_score), reason)


def volume_override(facts: VolumeFacts, as_of: date, thresholds: Thresholds) -> Reason | None:
    """Red when the last 3 months are down `volume_drop_override` or more on a year earlier."""
    signals = volume_signals(facts, as_of, thresholds)
    change = signals.yoy_change
    if change is None or change > -thresholds.volume_drop_override + EPSILON:
        return None
    return Reason(
        "override_volume_drop",
        {
            "change_pct": _pct(change),
            "parcels": signals.parcels_last3,
            "earlier": signals.parcels_year_earlier3,
        },
        VOLUME,
        step="ask_about_volume",
    )
