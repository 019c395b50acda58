"""Engagement, from tables of cases: recency against the cadence, breadth, people, forms."""

from __future__ import annotations

from datetime import date

import pytest

from nokkel.health.scoring import (
    KeyPerson,
    Thresholds,
    key_person_override,
    no_contact_override,
    score_engagement,
)
from tests.health.builders import AS_OF, days_ago, engagement

T = Thresholds()
CHAMPION_GONE = KeyPerson(7, "Siri Dal", "champion", left_on=days_ago(30))
DM_GONE = KeyPerson(8, "Per Holm", "decision_maker", left_on=days_ago(10))
DM_CRITIC = KeyPerson(9, "Ann Lie", "decision_maker", detractor=True)


@pytest.mark.parametrize(
    ("changes", "score", "code"),
    [
        ({}, 100, "engagement_ok"),
        # Recency against a 14-day cadence: within, 1.5 ×, 2 ×, beyond.
        ({"last_contact_on": days_ago(14)}, 100, "engagement_ok"),
        ({"last_contact_on": days_ago(20)}, 89, "engagement_last_contact"),
        ({"last_contact_on": days_ago(25)}, 75, "engagement_last_contact"),
        ({"last_contact_on": days_ago(28)}, 75, "engagement_last_contact"),
        ({"last_contact_on": days_ago(40)}, 60, "engagement_last_contact"),
        # The plan's own cadence.
        ({"last_contact_on": days_ago(40), "cadence_days": 30, "cadence_from_plan": True}, 89,
         "engagement_last_contact"),
        # Never contacted: counted from the day the account came into Nøkkel.
        ({"last_contact_on": None, "registered_on": days_ago(10), "contacts_engaged": 0}, 75,
         "engagement_single_threaded"),
        ({"last_contact_on": None, "registered_on": days_ago(60), "contacts_engaged": 0}, 34,
         "engagement_never_contacted"),
        # Breadth: single-threaded below two people met in 90 days.
        ({"contacts_engaged": 2}, 95, "engagement_contacts"),
        ({"contacts_engaged": 1}, 84, "engagement_single_threaded"),
        ({"contacts_engaged": 0}, 75, "engagement_single_threaded"),
        # People: a champion or decision maker gone and nobody in the role met since.
        ({"key_people": (CHAMPION_GONE,)}, 85, "engagement_champion_left"),
        ({"key_people": (DM_GONE,)}, 85, "engagement_decision_maker_left"),
        ({"key_people": (CHAMPION_GONE,), "role_last_engaged": {"champion": days_ago(5)}}, 100,
         "engagement_ok"),
        ({"key_people": (KeyPerson(7, "Siri Dal", "champion", left_on=days_ago(200)),)}, 100,
         "engagement_ok"),
        ({"key_people": (DM_CRITIC,)}, 90, "engagement_decision_maker_detractor"),
        # Relationship forms in use.
        ({"relationship_forms": frozenset({"professional", "formal"})}, 96, "engagement_forms"),
        ({"relationship_forms": frozenset({"professional"})}, 92, "engagement_forms"),
        ({"relationship_forms": frozenset()}, 88, "engagement_forms"),
    ],
)  # fmt: skip
def test_engagement_score(changes, score, code):
    result = score_engagement(engagement(**changes), AS_OF, T)
    assert (result.score, result.reason.code) == (score, code)


def test_the_reason_names_the_days_and_the_cadence():
    result = score_engagement(engagement(last_contact_on=days_ago(20)), AS_OF, T)
    assert result.reason.params == {"days": 20, "cadence": 14, "last": days_ago(20)}
    assert result.reason.step == "book_meeting"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"last_contact_on": days_ago(28)}, None),  # exactly 2 × 14 days: not more
        ({"last_contact_on": days_ago(29)}, "override_no_contact"),
        ({"last_contact_on": days_ago(29), "is_key_account": False}, None),
        ({"last_contact_on": days_ago(59), "cadence_days": 30}, None),
        ({"last_contact_on": days_ago(61), "cadence_days": 30}, "override_no_contact"),
        ({"last_contact_on": None, "registered_on": days_ago(20)}, None),
        ({"last_contact_on": None, "registered_on": days_ago(40)}, "override_never_contacted"),
    ],
)
def test_no_contact_override(changes, code):
    reason = no_contact_override(engagement(**changes), AS_OF, T)
    assert (reason.code if reason else None) == code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({}, None),
        ({"key_people": (DM_GONE,)}, "override_decision_maker_left"),
        ({"key_people": (CHAMPION_GONE,)}, "override_champion_left"),
        ({"key_people": (DM_CRITIC,)}, "override_decision_maker_detractor"),
        ({"key_people": (KeyPerson(3, "Ola", "champion", detractor=True),)},
         "override_champion_detractor"),
        # A new decision maker met after the old one left: the relationship is rebuilt.
        ({"key_people": (DM_GONE,), "role_last_engaged": {"decision_maker": days_ago(2)}}, None),
        # ... but a meeting before they left does not count.
        ({"key_people": (DM_GONE,), "role_last_engaged": {"decision_maker": days_ago(20)}},
         "override_decision_maker_left"),
        # Left long ago: no longer news.
        ({"key_people": (KeyPerson(8, "Per", "decision_maker", left_on=date(2025, 1, 1)),)}, None),
        # A detractor who has left is no longer a detractor at the customer.
        ({"key_people": (KeyPerson(9, "Ann", "decision_maker", left_on=date(2024, 1, 1),
                                    detractor=True),)}, None),
    ],
)  # fmt: skip
def test_key_person_override(changes, code):
    reason = key_person_override(engagement(**changes), AS_OF, T)
    assert (reason.code if reason else None) == code


def test_a_key_person_who_left_is_named_with_the_day():
    reason = key_person_override(engagement(key_people=(DM_GONE,)), AS_OF, T)
    assert reason is not None
    assert reason.params == {"name": "Per Holm", "left_on": days_ago(10)}
    assert reason.step == "meet_new_decision_maker"
