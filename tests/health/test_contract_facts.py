"""The contracts' facts for the health score: dated, and nothing from after the date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from nokkel.agreements.contract_services import contract_create
from nokkel.agreements.models import Contract
from nokkel.agreements.selectors import health_contract_facts
from nokkel.health.selectors import account_health

pytestmark = pytest.mark.django_db


def signed(account, actor, *, on: date, start: date, end: date) -> Contract:
    contract = contract_create(
        account=account,
        actor=actor,
        data={"title": "Avtale", "start_on": start, "end_on": end, "notice_months": 3},
    )
    # Recorded in Nøkkel on the day it was signed, as if entered then.
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, 12))
    Contract.objects.filter(pk=contract.pk).update(created_at=moment)
    return contract


def test_a_contract_in_force_gives_its_notice_deadline(kari, karis_account):
    signed(
        karis_account, kari, on=date(2024, 12, 1), start=date(2025, 1, 1), end=date(2026, 12, 31)
    )
    facts = health_contract_facts(account_ids=[karis_account.pk], as_of=date(2026, 6, 1))
    assert facts == {
        karis_account.pk: {"notice_deadline": date(2026, 9, 30), "renewal_activity_on": None}
    }
    assert health_contract_facts(account_ids=[karis_account.pk], as_of=date(2024, 11, 1)) == {}


def test_a_contract_entered_later_is_not_known_before(kari, karis_account):
    signed(karis_account, kari, on=date(2026, 7, 1), start=date(2025, 1, 1), end=date(2026, 12, 31))
    assert health_contract_facts(account_ids=[karis_account.pk], as_of=date(2026, 6, 1)) == {}


def test_a_following_contract_counts_as_renewal_activity(kari, karis_account):
    signed(
        karis_account, kari, on=date(2024, 12, 1), start=date(2025, 1, 1), end=date(2026, 12, 31)
    )
    signed(karis_account, kari, on=date(2026, 8, 1), start=date(2027, 1, 1), end=date(2028, 12, 31))
    facts = health_contract_facts(account_ids=[karis_account.pk], as_of=date(2026, 8, 15))
    assert facts[karis_account.pk]["renewal_activity_on"] == date(2026, 8, 1)


def test_an_approaching_notice_deadline_without_renewal_lowers_the_commercial_score(
    kari, karis_account
):
    as_of = date(2026, 8, 15)
    before = {c.key: c.score for c in account_health(account=karis_account, as_of=as_of).components}
    signed(
        karis_account, kari, on=date(2024, 12, 1), start=date(2025, 1, 1), end=date(2026, 12, 31)
    )
    after = account_health(account=karis_account, as_of=as_of)
    scores = {c.key: c.score for c in after.components}
    assert "commercial" in scores
    assert scores["commercial"] < before.get("commercial", 100)
