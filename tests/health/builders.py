"""Plain facts for the scoring tables: a healthy account, changed one thing at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from nokkel.health.scoring import (
    CommercialFacts,
    CoverageFacts,
    EngagementFacts,
    HealthFacts,
    SurveyReading,
    VoiceFacts,
    VolumeFacts,
)

AS_OF = date(2026, 3, 1)
LAST_MONTH = date(2026, 2, 1)  # the newest whole month before AS_OF
# Parcels per calendar month against an ordinary month: web shops peak before Christmas.
SEASON = {1: 0.85, 2: 0.85, 3: 0.95, 4: 0.95, 5: 1.0, 6: 0.95,
          7: 0.8, 8: 0.9, 9: 1.0, 10: 1.05, 11: 1.55, 12: 1.7}  # fmt: skip


def months_back(count: int) -> date:
    """The month `count` months before LAST_MONTH."""
    index = LAST_MONTH.year * 12 + LAST_MONTH.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def flat(level: int = 100, months: int = 24) -> list[int]:
    return [level] * months


def seasonal(level: float = 100, monthly_growth: float = 0.0) -> list[int]:
    """24 months of a web shop's parcels, oldest first, with its season and a trend."""
    return [
        round(level * SEASON[months_back(23 - i).month] * (1 + monthly_growth) ** i)
        for i in range(24)
    ]


def with_last(series: list[int], factor: float, months: int = 3) -> list[int]:
    """The series with its newest `months` months multiplied by `factor`."""
    return series[:-months] + [round(p * factor) for p in series[-months:]]


def volume(series: list[int]) -> VolumeFacts:
    return VolumeFacts(tuple(series), LAST_MONTH)


def days_ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def engagement(**changes: Any) -> EngagementFacts:
    healthy = EngagementFacts(
        is_key_account=True,
        cadence_days=14,
        cadence_from_plan=False,
        last_contact_on=days_ago(7),
        registered_on=date(2024, 1, 1),
        contacts_engaged=3,
        relationship_forms=frozenset({"professional", "formal", "social"}),
    )
    return replace(healthy, **changes)


def reading(
    days: int, nps: float | None = 40, gap: float | None = 0.0, **more: Any
) -> SurveyReading:
    return SurveyReading(answered_on=days_ago(days), nps=nps, customer_gap=gap, **more)


def voice(*readings: SurveyReading) -> VoiceFacts:
    return VoiceFacts(tuple(readings))


def commercial(**changes: Any) -> CommercialFacts:
    return replace(CommercialFacts(), **changes)


def coverage(**changes: Any) -> CoverageFacts:
    healthy = CoverageFacts(
        kam_assigned=True, deputy_assigned=True, team_members=2, plan_active=True,
        plan_review_on=AS_OF + timedelta(days=30),
    )  # fmt: skip
    return replace(healthy, **changes)


def healthy_facts(**changes: Any) -> HealthFacts:
    facts = HealthFacts(
        account_id=1,
        volume=volume(flat()),
        engagement=engagement(),
        voice=voice(reading(60, nps=100, gap=0.0)),
        commercial=commercial(),
        coverage=coverage(),
    )
    return replace(facts, **changes)
