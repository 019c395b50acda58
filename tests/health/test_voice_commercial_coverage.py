"""Voice of the customer, commercial and team coverage, from tables of cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nokkel.health.scoring import (
    LostDeal,
    Thresholds,
    notice_override,
    score_commercial,
    score_coverage,
    score_voice,
)
from tests.health.builders import AS_OF, commercial, coverage, days_ago, reading, voice

T = Thresholds()


@pytest.mark.parametrize(
    ("readings", "score", "code"),
    [
        ((reading(30, nps=40, gap=0.0),), 91, "voice_nps"),
        ((reading(30, nps=40, gap=-0.5),), 81, "voice_gap"),
        ((reading(30, nps=0, gap=None),), 70, "voice_nps"),
        ((reading(30, nps=100, gap=None),), 100, "voice_nps"),
        ((reading(30, nps=-100, gap=None),), 0, "voice_nps"),
        ((reading(30, nps=-50, gap=-1.0),), 48, "voice_nps"),
        # The worst area speaks louder than the weighted gap.
        ((reading(30, nps=None, gap=-0.2, worst_area="accuracy", worst_area_gap=-1.5),), 40,
         "voice_area_gap"),
        # Worse than the previous survey: 15 points for each.
        ((reading(200, nps=40, gap=None), reading(30, nps=10, gap=None)), 58, "voice_nps"),
        # ... the news is the worsening, unless the level itself costs more.
        ((reading(200, nps=60, gap=-0.1), reading(30, nps=60, gap=-0.8)), 63, "voice_gap"),
        ((reading(200, nps=60, gap=0.0), reading(30, nps=30, gap=-0.6)), 48, "voice_nps_fell"),
    ],
)  # fmt: skip
def test_voice_score(readings, score, code):
    result = score_voice(voice(*readings), AS_OF, T)
    assert result is not None
    assert (result.score, result.reason.code) == (score, code)


def test_an_area_gap_suggests_asking_about_that_area():
    facts = voice(reading(30, nps=None, gap=-1.0, worst_area="accuracy", worst_area_gap=-1.2))
    result = score_voice(facts, AS_OF, T)
    assert result is not None
    assert result.reason.step == "ask_about_accuracy_gap"
    assert result.reason.params == {"area": "accuracy", "gap": -1.2}


@pytest.mark.parametrize(
    "readings",
    [
        (reading(800, nps=-100, gap=-3.0),),  # too old to speak for the customer
        (reading(-5, nps=-100, gap=-3.0),),  # answered after the date
        (reading(30, nps=None, gap=None),),  # nothing to read
    ],
)
def test_voice_is_left_out_without_a_usable_answer(readings):
    assert score_voice(voice(*readings), AS_OF, T) is None


def _deals(*ages: int) -> tuple[LostDeal, ...]:
    return tuple(LostDeal(days_ago(age), "price") for age in ages)


@pytest.mark.parametrize(
    ("changes", "score", "code"),
    [
        ({}, 100, "commercial_ok"),
        ({"price_complaints": (days_ago(20),)}, 70, "commercial_price_complaints"),
        ({"price_complaints": (days_ago(20), days_ago(50))}, 45, "commercial_price_complaints"),
        ({"price_complaints": (days_ago(20),) * 4}, 20, "commercial_price_complaints"),
        ({"price_complaints": (days_ago(200),)}, 100, "commercial_ok"),  # old news
        # Contracts known: the notice deadline and renewal work.
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=60)}, 33,
         "commercial_notice"),
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=60),
          "renewal_activity_on": days_ago(30)}, 100, "commercial_ok"),
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=150)}, 67,
         "commercial_notice"),
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=300)}, 100,
         "commercial_ok"),
        ({"contracts_known": True, "notice_deadline": days_ago(5)}, 100, "commercial_ok"),
        # Lost deals known: in the last year only.
        ({"lost_deals": _deals(40)}, 80, "commercial_lost_deals_because"),
        ({"lost_deals": _deals(40, 100)}, 65, "commercial_lost_deals_because"),
        ({"lost_deals": _deals(400)}, 100, "commercial_ok"),
        ({"lost_deals": (LostDeal(days_ago(10), ""),)}, 80, "commercial_lost_deals"),
    ],
)  # fmt: skip
def test_commercial_score(changes, score, code):
    result = score_commercial(commercial(**changes), AS_OF, T)
    assert (result.score, result.reason.code) == (score, code)


@pytest.mark.parametrize(
    ("changes", "forced"),
    [
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=90)}, True),
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=91)}, False),
        ({"contracts_known": True, "notice_deadline": AS_OF}, True),
        ({"contracts_known": True, "notice_deadline": days_ago(1)}, False),  # already passed
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=30),
          "renewal_activity_on": days_ago(100)}, False),
        ({"contracts_known": True, "notice_deadline": AS_OF + timedelta(days=30),
          "renewal_activity_on": days_ago(200)}, True),  # renewal work gone cold
        ({"contracts_known": False, "notice_deadline": AS_OF + timedelta(days=30)}, False),
    ],
)  # fmt: skip
def test_notice_override(changes, forced):
    reason = notice_override(commercial(**changes), AS_OF, T)
    assert (reason is not None) == forced
    if forced:
        assert reason.code == "override_notice"
        assert reason.step == "book_renewal_meeting"


@pytest.mark.parametrize(
    ("changes", "score", "code"),
    [
        ({}, 100, "coverage_ok"),
        ({"deputy_assigned": False}, 65, "coverage_no_deputy"),
        ({"team_members": 0}, 75, "coverage_no_team"),
        ({"plan_active": False, "plan_review_on": None}, 60, "coverage_no_plan"),
        ({"plan_review_on": days_ago(10)}, 80, "coverage_plan_overdue"),
        ({"deputy_assigned": False, "team_members": 0, "plan_active": False}, 0,
         "coverage_no_plan"),
        # Without plans to ask, deputy and team make the whole score.
        ({"plan_active": None}, 100, "coverage_ok"),
        ({"plan_active": None, "deputy_assigned": False}, 42, "coverage_no_deputy"),
        ({"kam_assigned": False}, 0, "coverage_no_kam"),
    ],
)  # fmt: skip
def test_coverage_score(changes, score, code):
    result = score_coverage(coverage(**changes), AS_OF, T)
    assert (result.score, result.reason.code) == (score, code)
