"""The contact cadence: a table of cases for the pure rules, then the selector over the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nokkel.activities.services import interaction_log
from nokkel.plans.cadence import (
    AMBER,
    DUE,
    OK,
    RED,
    cadence_state,
    default_cadence_days,
)
from nokkel.plans.models import PlanStatus
from nokkel.plans.selectors import cadence_for_account, cadence_for_accounts
from nokkel.portfolio.models import AccountClassification
from tests.factories import AccountFactory
from tests.plans.factories import CustomerPlanFactory

TODAY = date(2026, 3, 16)
OSLO = ZoneInfo("Europe/Oslo")


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.mark.parametrize(
    ("cadence_days", "last_contact", "status", "next_due"),
    [
        # Never contacted: due now, and red.
        (30, None, RED, TODAY),
        (14, None, RED, TODAY),
        # Contacted today or recently: on track.
        (30, TODAY, OK, days_ago(-30)),
        (30, days_ago(1), OK, days_ago(-29)),
        (30, days_ago(29), OK, days_ago(-1)),
        # The cadence reached: due, up to and including exactly 1.5 ×.
        (30, days_ago(30), DUE, TODAY),
        (30, days_ago(44), DUE, days_ago(14)),
        (30, days_ago(45), DUE, days_ago(15)),  # exactly 1.5 × is not yet amber
        # More than 1.5 ×: amber, until 2 ×.
        (30, days_ago(46), AMBER, days_ago(16)),
        (30, days_ago(59), AMBER, days_ago(29)),
        # 2 × or more: red.
        (30, days_ago(60), RED, days_ago(30)),  # exactly 2 ×
        (30, days_ago(200), RED, days_ago(170)),
        # An odd cadence: 1.5 × 15 = 22.5 days.
        (15, days_ago(22), DUE, days_ago(7)),
        (15, days_ago(23), AMBER, days_ago(8)),
        (15, days_ago(29), AMBER, days_ago(14)),
        (15, days_ago(30), RED, days_ago(15)),
        # Key accounts every 14 days: 21 is exactly 1.5 ×, 28 exactly 2 ×.
        (14, days_ago(13), OK, days_ago(-1)),
        (14, days_ago(14), DUE, TODAY),
        (14, days_ago(21), DUE, days_ago(7)),
        (14, days_ago(22), AMBER, days_ago(8)),
        (14, days_ago(28), RED, days_ago(14)),
        # Quarterly: 135 days is exactly 1.5 ×.
        (90, days_ago(89), OK, days_ago(-1)),
        (90, days_ago(135), DUE, days_ago(45)),
        (90, days_ago(136), AMBER, days_ago(46)),
        (90, days_ago(180), RED, days_ago(90)),
        # Every day: 1.5 × is 1.5 days, so two days is already red.
        (1, TODAY, OK, days_ago(-1)),
        (1, days_ago(1), DUE, TODAY),
        (1, days_ago(2), RED, days_ago(1)),
        # A contact dated after today (clock skew, a back-filled entry) counts as today.
        (30, days_ago(-2), OK, days_ago(-32)),
    ],
)
def test_cadence_state_as_of_a_date(cadence_days, last_contact, status, next_due):
    state = cadence_state(today=TODAY, cadence_days=cadence_days, last_contact=last_contact)
    assert state.status == status
    assert state.next_due == next_due
    assert state.cadence_days == cadence_days
    assert state.is_late == (status in (AMBER, RED))


@pytest.mark.parametrize(
    ("abc_class", "is_key_account", "days"),
    [
        ("A", True, 14),
        ("A", False, 30),
        ("B", False, 60),
        ("B", True, 60),  # the 14-day rhythm is for key accounts of class A
        ("C", False, 90),
        ("", False, 90),
        ("", True, 90),
    ],
)
def test_the_default_cadence_follows_the_class(abc_class, is_key_account, days):
    assert default_cadence_days(abc_class=abc_class, is_key_account=is_key_account) == days


def test_the_table_from_settings_overrides_single_classes():
    table = {"B": 45, "unclassified": 120}
    assert default_cadence_days(abc_class="B", is_key_account=False, table=table) == 45
    assert default_cadence_days(abc_class="", is_key_account=False, table=table) == 120
    assert default_cadence_days(abc_class="A", is_key_account=True, table=table) == 14


def test_a_cadence_below_one_day_is_refused():
    with pytest.raises(ValueError, match="at least one day"):
        cadence_state(today=TODAY, cadence_days=0, last_contact=None)


def _classify(account, abc_class: str) -> None:
    AccountClassification.objects.create(
        account=account,
        as_of=TODAY,
        revenue_12m=1000,
        share=0.1,
        cumulative_share=0.5,
        abc_class=abc_class,
        rank=1,
    )


def _call(account, kari, when: datetime) -> None:
    interaction_log(
        account=account, author=kari, kind="phone", happened_at=when, summary="Ringte innkjøper"
    )


@pytest.mark.django_db
def test_cadence_for_accounts_reads_class_plan_and_last_contact(kari, segment):
    key = AccountFactory(kam=kari, segment=segment, is_key_account=True)
    other_a = AccountFactory(kam=kari, segment=segment)
    b_with_plan = AccountFactory(kam=kari, segment=segment)
    unclassified = AccountFactory(kam=kari, segment=segment)
    for account, abc in ((key, "A"), (other_a, "A"), (b_with_plan, "B")):
        _classify(account, abc)
    CustomerPlanFactory(account=b_with_plan, status=PlanStatus.ACTIVE, cadence_days=20)
    # A draft's cadence does not count until the plan is active.
    CustomerPlanFactory(account=other_a, status=PlanStatus.DRAFT, cadence_days=7)
    _call(key, kari, datetime(2026, 3, 1, 10, 0, tzinfo=OSLO))  # 15 days: due
    _call(other_a, kari, datetime(2026, 3, 1, 10, 0, tzinfo=OSLO))  # 15 of 30: ok
    _call(b_with_plan, kari, datetime(2026, 2, 13, 10, 0, tzinfo=OSLO))  # 31 of 20: amber

    states = cadence_for_accounts(
        account_ids=[key.pk, other_a.pk, b_with_plan.pk, unclassified.pk], today=TODAY
    )

    assert (states[key.pk].cadence_days, states[key.pk].status) == (14, DUE)
    assert (states[other_a.pk].cadence_days, states[other_a.pk].status) == (30, OK)
    assert states[other_a.pk].next_due == date(2026, 3, 31)
    assert (states[b_with_plan.pk].cadence_days, states[b_with_plan.pk].status) == (20, AMBER)
    assert states[b_with_plan.pk].from_plan
    assert (states[unclassified.pk].cadence_days, states[unclassified.pk].status) == (90, RED)
    assert states[unclassified.pk].last_contact is None


@pytest.mark.django_db
def test_cadence_for_accounts_runs_three_queries_for_one_or_many(kari, segment):
    accounts = AccountFactory.create_batch(12, kam=kari, segment=segment)
    for account in accounts:
        _classify(account, "B")
        _call(account, kari, datetime(2026, 3, 1, 10, 0, tzinfo=OSLO))
    with CaptureQueriesContext(connection) as one:
        cadence_for_accounts(account_ids=[accounts[0].pk], today=TODAY)
    with CaptureQueriesContext(connection) as many:
        cadence_for_accounts(account_ids=[a.pk for a in accounts], today=TODAY)
    assert len(one.captured_queries) == len(many.captured_queries) == 3
    assert cadence_for_accounts(account_ids=[], today=TODAY) == {}


@pytest.mark.django_db
def test_a_meeting_planned_for_next_week_is_not_the_last_contact(kari, karis_account):
    _call(karis_account, kari, datetime(2026, 1, 5, 9, 0, tzinfo=OSLO))
    _call(karis_account, kari, datetime(2026, 3, 20, 9, 0, tzinfo=OSLO))
    state = cadence_for_account(account=karis_account, today=TODAY)
    assert state.last_contact == date(2026, 1, 5)


@pytest.mark.django_db
def test_a_call_late_in_the_evening_counts_on_the_norwegian_date(kari, karis_account):
    # 23:30 in Oslo is 22:30 UTC on the same day; in winter UTC is an hour behind.
    _call(karis_account, kari, datetime(2026, 3, 16, 23, 30, tzinfo=OSLO))
    state = cadence_for_account(account=karis_account, today=TODAY)
    assert state.last_contact == TODAY
    assert state.status == OK


@pytest.mark.django_db
def test_the_cadence_table_comes_from_settings(settings, kari, karis_account):
    settings.NOKKEL_CADENCE_DAYS = {"unclassified": 10}
    state = cadence_for_account(account=karis_account, today=TODAY)
    assert state.cadence_days == 10
