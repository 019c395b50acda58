"""The dated facts: each component reads only what was known by the end of the as-of day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nokkel.accounts.models import Sentiment
from nokkel.health import facts as health_facts_module
from nokkel.health.facts import (
    account_states,
    commercial_facts,
    coverage_facts,
    engagement_facts,
    health_facts,
    sources,
    volume_facts,
)
from nokkel.plans.models import PlanStatus
from nokkel.timeline.models import EventKind
from tests.factories import ContactFactory, TeamMembershipFactory, UserFactory
from tests.health.helpers import at, changed, customer, interact, left, ship
from tests.plans.factories import CustomerPlanFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 15)


def test_volume_reads_the_whole_months_before_the_as_of_month(kari):
    account = customer(kam=kari)
    ship(account, date(2024, 3, 1), [100] * 24 + [999])  # March 2024 to March 2026
    facts = volume_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts is not None
    assert facts.last_month == date(2026, 2, 1)
    assert facts.monthly_parcels == (100,) * 24  # March 2026 is not over yet


def test_an_account_without_shipments_has_no_volume(kari):
    account = customer(kam=kari)
    assert volume_facts(account_ids=[account.pk], as_of=AS_OF) == {account.pk: None}


def test_status_key_account_kam_and_deputy_are_replayed_from_the_timeline(kari, ola):
    account = customer(kam=kari, deputy=ola, is_key_account=True)
    left(account, date(2026, 5, 1))
    changed(account, EventKind.KEY_ACCOUNT_CHANGED, date(2026, 2, 1), False, True)
    changed(account, EventKind.DEPUTY_CHANGED, date(2026, 4, 1), "", "Ola Hansen")
    before = account_states(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert (before.status, before.is_key_account, before.deputy_assigned) == (
        "customer",
        True,
        False,
    )
    earlier = account_states(account_ids=[account.pk], as_of=date(2026, 1, 31))[account.pk]
    assert earlier.is_key_account is False
    after = account_states(account_ids=[account.pk], as_of=date(2026, 5, 1))[account.pk]
    assert (after.status, after.deputy_assigned) == ("former", True)


def test_engagement_reads_contacts_dated_up_to_the_end_of_the_day(kari):
    account = customer(kam=kari, is_key_account=True)
    per, kim = ContactFactory(account=account), ContactFactory(account=account, buying_role="")
    interact(account, date(2025, 10, 1), contacts=[per], forms=["social"])
    interact(account, date(2026, 3, 1), contacts=[per, kim], forms=["professional"])
    interact(account, AS_OF, contacts=[kim])  # the same day: known by its end
    interact(account, AS_OF + timedelta(days=1), contacts=[kim], forms=["technological"])
    facts = engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts is not None
    assert facts.last_contact_on == AS_OF
    assert facts.contacts_engaged == 2
    assert facts.relationship_forms == {"professional", "social"}
    assert facts.registered_on == date(2023, 1, 1)


def test_the_cadence_is_the_plans_in_force_then_else_the_class_default(kari, settings):
    settings.NOKKEL_CADENCE_DAYS = {"key_account": 14, "A": 30, "B": 60, "C": 90,
                                    "unclassified": 90}  # fmt: skip
    account = customer(kam=kari, is_key_account=True)
    plan = CustomerPlanFactory(account=account, status=PlanStatus.ACTIVE, cadence_days=21)
    plan.activated_at = at(date(2026, 1, 10))
    plan.save()
    assert engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk].cadence_days == 21
    before_plan = engagement_facts(account_ids=[account.pk], as_of=date(2026, 1, 9))[account.pk]
    assert before_plan.cadence_days == 90  # no revenue, no class: the unclassified default


def test_a_key_account_with_the_most_revenue_gets_the_key_account_cadence(kari):
    account = customer(kam=kari, is_key_account=True)
    ship(account, date(2025, 1, 1), [500] * 14)
    facts = engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts.cadence_days == 14


def test_key_people_their_leaving_and_a_critic_known_only_once_recorded(kari):
    account = customer(kam=kari, is_key_account=True)
    champion = ContactFactory(account=account, buying_role="champion", left_on=date(2026, 2, 1))
    critic = ContactFactory(account=account, sentiment=Sentiment.CRITIC)
    facts = engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    people = {p.contact_id: p for p in facts.key_people}
    assert people[champion.pk].left_on == date(2026, 2, 1)
    # The critic was recorded today, after the as-of date: not known then.
    assert people[critic.pk].detractor is False
    today = engagement_facts(account_ids=[account.pk], as_of=date.today())[account.pk]
    assert {p.contact_id: p for p in today.key_people}[critic.pk].detractor is True
    before = engagement_facts(account_ids=[account.pk], as_of=date(2026, 1, 31))[account.pk]
    assert {p.contact_id: p for p in before.key_people}[champion.pk].left_on is None


def test_no_contact_history_before_an_account_came_into_noekkel(kari):
    account = customer(kam=kari, on=date(2026, 6, 1))
    assert engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk] is None
    interact(account, date(2026, 1, 5))  # logged later, dated back: known as of then
    assert engagement_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk] is not None


def test_coverage_reads_the_team_and_plan_of_the_day_for_key_accounts_only(kari, erik):
    account = customer(kam=kari, is_key_account=True)
    other = customer(kam=kari)
    TeamMembershipFactory(account=account, user=erik, started_on=date(2026, 3, 1))
    TeamMembershipFactory(
        account=account, user=UserFactory(), started_on=date(2025, 1, 1), ended_on=AS_OF
    )
    plan = CustomerPlanFactory(account=account, status=PlanStatus.ARCHIVED)
    plan.activated_at, plan.archived_at = at(date(2025, 6, 1)), at(date(2026, 4, 1))
    plan.next_review_on = date(2026, 3, 1)
    plan.save()
    facts = coverage_facts(account_ids=[account.pk, other.pk], as_of=AS_OF)
    assert facts[other.pk] is None
    mine = facts[account.pk]
    assert (mine.kam_assigned, mine.team_members, mine.plan_active) == (True, 1, True)
    assert mine.plan_review_on == date(2026, 3, 1)
    assert (
        coverage_facts(account_ids=[account.pk], as_of=date(2026, 4, 2))[account.pk].plan_active
        is False
    )


def test_price_complaints_and_renewal_talk_come_from_logged_contacts(kari):
    account = customer(kam=kari)
    interact(account, date(2026, 2, 1), summary="Kunden sier Bring har et bedre pristilbud")
    interact(account, date(2026, 2, 2), summary="Gjennomgang av priser")
    interact(account, date(2026, 3, 1), summary="Startet reforhandling av avtalen")
    interact(account, date(2026, 4, 1), summary="Klaget på prisene, vurderer å bytte")
    facts = commercial_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts.price_complaints == (date(2026, 2, 1),)
    assert facts.renewal_activity_on == date(2026, 3, 1)
    assert facts.contracts_known == (sources.selector(*sources.CONTRACT_SELECTOR) is not None)


def test_contracts_and_deals_come_from_their_apps_selectors(kari, monkeypatch):
    account = customer(kam=kari)
    calls = []

    def contracts(*, account_ids, as_of):
        calls.append(("contracts", account_ids, as_of))
        return {account.pk: {"notice_deadline": date(2026, 5, 1), "renewal_activity_on": None}}

    def deals(*, account_ids, as_of):
        calls.append(("deals", account_ids, as_of))
        return {account.pk: {"lost": [{"closed_on": date(2026, 1, 5), "reason": "price"},
                                      {"closed_on": date(2026, 4, 1), "reason": "price"}],
                             "renewal_activity_on": date(2026, 2, 1)}}  # fmt: skip

    found = {sources.CONTRACT_SELECTOR: contracts, sources.DEAL_SELECTOR: deals}
    monkeypatch.setattr(sources, "selector", lambda *source: found.get(source))
    facts = commercial_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts.contracts_known
    assert facts.notice_deadline == date(2026, 5, 1)
    assert [deal.closed_on for deal in facts.lost_deals] == [date(2026, 1, 5)]
    assert facts.renewal_activity_on == date(2026, 2, 1)
    assert calls == [("contracts", [account.pk], AS_OF), ("deals", [account.pk], AS_OF)]


def test_a_missing_app_or_selector_leaves_its_part_unknown(kari, monkeypatch):
    assert sources.selector("nokkel.nowhere", "nokkel.nowhere.selectors", "x") is None
    assert sources.selector("nokkel.health", "nokkel.health.selectors", "no_such") is None
    monkeypatch.setattr(sources, "selector", lambda *source: None)
    account = customer(kam=kari)
    facts = health_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert facts.voice is None
    assert facts.left_out["voice"] == "voice_no_surveys"
    assert facts.commercial.contracts_known is False
    assert facts.commercial.lost_deals is None


def test_survey_answers_and_detractors_come_from_the_surveys_selector(kari, monkeypatch):
    account = customer(kam=kari, is_key_account=True)
    boss = ContactFactory(account=account, buying_role="decision_maker")

    def answers(*, account_ids, as_of):
        return {account.pk: {"readings": [
            {"answered_on": date(2026, 1, 10), "nps": -20.0, "customer_gap": -0.5,
             "worst_area": "accuracy", "worst_area_gap": -1.1},
            {"answered_on": date(2026, 4, 10), "nps": 50.0, "customer_gap": 0.0},
        ], "detractor_contact_ids": [boss.pk]}}  # fmt: skip

    found = {sources.VOICE_SELECTOR: answers}
    monkeypatch.setattr(sources, "selector", lambda *source: found.get(source))
    facts = health_facts(account_ids=[account.pk], as_of=AS_OF)[account.pk]
    assert [r.answered_on for r in facts.voice.readings] == [date(2026, 1, 10)]
    assert facts.voice.readings[0].worst_area == "accuracy"
    assert [p.detractor for p in facts.engagement.key_people] == [True]


def test_facts_take_a_fixed_number_of_queries_whatever_the_number_of_accounts(kari, erik):
    def build(count):
        ids = []
        for _ in range(count):
            account = customer(kam=kari, is_key_account=True)
            ship(account, date(2025, 1, 1), [100] * 14)
            contact = ContactFactory(account=account, buying_role="champion")
            interact(account, date(2026, 3, 1), contacts=[contact], summary="Klaget på prisen")
            TeamMembershipFactory(account=account, user=UserFactory(), started_on=date(2025, 1, 1))
            ids.append(account.pk)
        return ids

    one, many = build(1), build(12)
    with CaptureQueriesContext(connection) as small:
        health_facts(account_ids=one, as_of=AS_OF)
    with CaptureQueriesContext(connection) as large:
        result = health_facts(account_ids=many, as_of=AS_OF)
    assert len(result) == 12
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_large_batch_reads_the_window_and_keeps_only_the_wanted_accounts(kari, monkeypatch):
    monkeypatch.setattr(health_facts_module.accounts, "IN_LIMIT", 1)
    wanted, other = customer(kam=kari), customer(kam=kari)
    third = customer(kam=kari)
    for account in (wanted, other, third):
        ship(account, date(2025, 1, 1), [100] * 14)
    result = health_facts(account_ids=[wanted.pk, third.pk], as_of=AS_OF)
    assert set(result) == {wanted.pk, third.pk}
