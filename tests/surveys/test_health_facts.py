"""The dated facts the health score reads from the surveys."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nokkel.surveys.selectors import health_voice_facts
from nokkel.surveys.services import survey_answer_submit
from tests.factories import AccountFactory, ContactFactory
from tests.surveys.helpers import recipient_of, sent_campaign, uniform_answers

OSLO = ZoneInfo("Europe/Oslo")
SENT = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)

pytestmark = pytest.mark.django_db


def test_readings_are_dated_and_never_read_later_answers(kari, karis_account, karis_contact):
    other = ContactFactory(account=karis_account)
    campaign = sent_campaign(
        actor=kari, accounts=[karis_account], contacts=[karis_contact, other], now=SENT
    )
    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact),
        answers=uniform_answers(campaign, nps=3, per_area={"accuracy": (7, 4)}),
        now=SENT + timedelta(days=1),
    )
    survey_answer_submit(
        recipient=recipient_of(campaign, other),
        answers=uniform_answers(campaign, nps=10),
        now=SENT + timedelta(days=5),
    )
    assert health_voice_facts(account_ids=[karis_account.pk], as_of=date(2026, 3, 2)) == {}

    early = health_voice_facts(account_ids=[karis_account.pk], as_of=date(2026, 3, 3))
    (reading,) = early[karis_account.pk]["readings"]
    assert reading["answered_on"] == date(2026, 3, 3)
    assert reading["nps"] == -100.0
    assert (reading["worst_area"], reading["worst_area_gap"]) == ("accuracy", -3.0)
    assert early[karis_account.pk]["detractor_contact_ids"] == [karis_contact.pk]

    later = health_voice_facts(account_ids=None, as_of=date(2026, 3, 31))
    (reading,) = later[karis_account.pk]["readings"]
    assert reading["nps"] == 0.0
    assert reading["answered_on"] == date(2026, 3, 7)


def test_health_facts_take_a_fixed_number_of_queries(kari, ola):
    accounts = [AccountFactory(kam=kari) for _ in range(3)]
    for account in accounts:
        contact = ContactFactory(account=account)
        campaign = sent_campaign(actor=kari, accounts=[account], contacts=[contact], now=SENT)
        survey_answer_submit(
            recipient=recipient_of(campaign, contact),
            answers=uniform_answers(campaign),
            now=SENT,
        )
    with CaptureQueriesContext(connection) as queries:
        facts = health_voice_facts(account_ids=[a.pk for a in accounts], as_of=date(2026, 4, 1))
    assert len(facts) == 3
    assert len(queries) == 3
