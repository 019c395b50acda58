"""No leakage: what happens after the as-of date never changes the score as of then."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest
from django.utils import timezone

from nokkel.accounts.models import Contact
from nokkel.health.facts import sources
from nokkel.health.selectors import health_results
from nokkel.health.services import warning_acknowledge
from nokkel.plans.models import PlanStatus
from nokkel.timeline.models import EventKind
from tests.factories import ContactFactory, TeamMembershipFactory, UserFactory
from tests.health.helpers import (
    at,
    changed,
    customer,
    interact,
    left,
    months_before,
    seasonal,
    ship,
)
from tests.plans.factories import CustomerPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_of():
    return timezone.localdate() - timedelta(days=150)


@pytest.fixture
def surveys(monkeypatch):
    """A surveys selector over answers held here, dated, as the real one must be."""
    answers: list[tuple[int, date, float]] = []

    def health_voice_facts(*, account_ids, as_of):
        found: dict[int, dict] = {}
        for account_id, day, nps in answers:
            if day <= as_of:
                found.setdefault(account_id, {"readings": [], "detractor_contact_ids": []})
                found[account_id]["readings"].append(
                    {"answered_on": day, "nps": nps, "customer_gap": -0.2}
                )
        return found

    real = sources.selector
    monkeypatch.setattr(
        sources,
        "selector",
        lambda *source: health_voice_facts if source == sources.VOICE_SELECTOR else real(*source),
    )
    return answers


def _snapshot(account_id, as_of):
    result = health_results(account_ids=[account_id], as_of=as_of)[account_id]
    return asdict(result)


def test_adding_facts_after_the_as_of_date_changes_nothing_as_of_then(kari, ola, erik, as_of,
                                                                      surveys):  # fmt: skip
    first = (as_of.replace(day=1) - timedelta(days=700)).replace(day=1)
    account = customer(kam=kari, deputy=ola, is_key_account=True, on=first)
    ship(account, first, seasonal(first, 24))
    boss = ContactFactory(account=account, buying_role="decision_maker")
    champion = ContactFactory(account=account, buying_role="champion")
    interact(account, as_of - timedelta(days=20), contacts=[boss, champion], forms=["social"])
    TeamMembershipFactory(account=account, user=erik, started_on=as_of - timedelta(days=300))
    surveys.append((account.pk, as_of - timedelta(days=60), 30.0))
    before = _snapshot(account.pk, as_of)
    assert before["score"] is not None

    # Everything below is dated after the as-of date.
    later = as_of + timedelta(days=1)
    ship(account, as_of.replace(day=1), [5] * 4)  # the as-of month and later: not over yet
    interact(account, later, contacts=[boss], summary="Klaget på prisen; Bring er billigere",
             key_areas={"accuracy": "negative"})  # fmt: skip
    Contact.objects.filter(pk=champion.pk).update(left_on=later, active=False)
    ContactFactory(account=account, buying_role="champion")
    TeamMembershipFactory(account=account, user=UserFactory(), started_on=later)
    plan = CustomerPlanFactory(account=account, status=PlanStatus.ACTIVE, cadence_days=7)
    plan.activated_at = at(later)
    plan.save()
    changed(account, EventKind.DEPUTY_CHANGED, later, "Ola Hansen", "")
    changed(account, EventKind.KEY_ACCOUNT_CHANGED, later, True, False)
    left(account, later + timedelta(days=5))
    surveys.append((account.pk, later, -100.0))
    warning_acknowledge(account=account, user=kari, as_of=later, action="Ringte kunden")

    assert _snapshot(account.pk, as_of) == before
    assert _snapshot(account.pk, later) != before


def _overrides(account_id, as_of):
    result = health_results(account_ids=[account_id], as_of=as_of)[account_id]
    return [o.code for o in result.overrides]


def test_the_same_day_counts_and_the_next_does_not(kari, as_of):
    account = customer(kam=kari, is_key_account=True)
    ship(account, months_before(as_of, 16), [200] * 16)  # class A: the 14-day cadence
    interact(account, as_of - timedelta(days=40))
    assert _overrides(account.pk, as_of) == ["override_no_contact"]
    interact(account, as_of + timedelta(days=1))
    assert _overrides(account.pk, as_of) == ["override_no_contact"]
    interact(account, as_of)
    assert _overrides(account.pk, as_of) == []
