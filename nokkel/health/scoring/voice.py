"""Voice of the customer: the latest survey's NPS and customer gap, and their trend.

- NPS (−100..100): a passive customer (NPS 0) scores 70; promoters lift it to 100,
  detractors pull it to 0.
- Customer gap (perception − expectation on the 1–7 scale, the worst area when known):
  no gap scores 100, each point below expectation costs 40.
- Trend: against the previous survey, NPS down `nps_drop` or the gap `gap_drop` wider costs
  15 points each.

Answers older than `survey_max_age_days` no longer speak for the customer: left out.
"""

from __future__ import annotations

from datetime import date, timedelta

from nokkel.health.scoring.facts import VOICE, SurveyReading, VoiceFacts
from nokkel.health.scoring.results import ComponentScore, Reason, Thresholds

TREND_PENALTY = 15.0


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def nps_score(nps: float) -> float:
    return _clamp(70.0 + (0.3 * nps if nps >= 0 else 0.7 * nps))


def gap_score(gap: float) -> float:
    return _clamp(100.0 + 40.0 * min(gap, 0.0))


def _gap_of(reading: SurveyReading) -> float | None:
    return reading.worst_area_gap if reading.worst_area_gap is not None else reading.customer_gap


def fresh_readings(facts: VoiceFacts, as_of: date, thresholds: Thresholds) -> list[SurveyReading]:
    oldest = as_of - timedelta(days=thresholds.survey_max_age_days)
    return [r for r in facts.readings if oldest <= r.answered_on <= as_of]


def score_voice(facts: VoiceFacts, as_of: date, thresholds: Thresholds) -> ComponentScore | None:
    """None when no answer is recent enough to count."""
    readings = fresh_readings(facts, as_of, thresholds)
    if not readings:
        return None
    latest = readings[-1]
    previous = readings[-2] if len(readings) > 1 else None
    parts: list[tuple[float, Reason]] = []
    if latest.nps is not None:
        parts.append(
            (
                nps_score(latest.nps),
                Reason(
                    "voice_nps",
                    {"nps": round(latest.nps), "answered_on": latest.answered_on},
                    VOICE,
                    step="discuss_survey",
                ),
            )
        )
    gap = _gap_of(latest)
    if gap is not None:
        if latest.worst_area and latest.worst_area_gap is not None:
            reason = Reason(
                "voice_area_gap",
                {"area": latest.worst_area, "gap": round(gap, 1)},
                VOICE,
                step=f"ask_about_{latest.worst_area}_gap",
            )
        else:
            reason = Reason("voice_gap", {"gap": round(gap, 1)}, VOICE, step="discuss_survey")
        parts.append((gap_score(gap), reason))
    if not parts:
        return None
    score = sum(value for value, _ in parts) / len(parts)
    weakest_value, weakest = min(parts, key=lambda part: part[0])
    weakest_cost = (100.0 - weakest_value) / len(parts)

    if previous is not None:
        penalties: list[Reason] = []
        if (
            latest.nps is not None
            and previous.nps is not None
            and previous.nps - latest.nps >= thresholds.nps_drop
        ):
            penalties.append(
                Reason(
                    "voice_nps_fell",
                    {"before": round(previous.nps), "now": round(latest.nps)},
                    VOICE,
                    step="discuss_survey",
                )
            )
        before_gap = _gap_of(previous)
        if gap is not None and before_gap is not None and before_gap - gap >= thresholds.gap_drop:
            penalties.append(
                Reason(
                    "voice_gap_widened",
                    {"before": round(before_gap, 1), "now": round(gap, 1)},
                    VOICE,
                    step=weakest.step or "discuss_survey",
                )
            )
        if penalties:
            score -= TREND_PENALTY * len(penalties)
            if weakest_cost <= TREND_PENALTY:
                weakest = penalties[0]
    return ComponentScore(VOICE, round(_clamp(score)), weakest)
