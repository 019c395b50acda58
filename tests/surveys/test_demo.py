"""The demo surveys: two past campaigns for several key accounts, one with a big accuracy gap."""

from __future__ import annotations

from datetime import date

import pytest

from nokkel.accounts.models import Account
from nokkel.surveys.demo import survey_demo_load
from nokkel.surveys.models import CampaignStatus, SurveyCampaign
from nokkel.surveys.selectors import account_survey_history
from tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture
def key_accounts(kari, ola, admin_user, segment):
    accounts = [
        AccountFactory(name=f"Nøkkelkunde {i} AS", kam=kam, segment=segment, is_key_account=True)
        for i, kam in enumerate((kari, ola, kari, ola))
    ]
    for account in accounts:
        ContactFactory.create_batch(2, account=account)
    AccountFactory(name="Småkunde AS", is_key_account=False)
    return accounts


def test_two_closed_past_campaigns_with_answers_for_the_key_accounts(key_accounts):
    counts = survey_demo_load(today=TODAY)
    assert counts.campaigns == 2
    assert counts.responses == 2 * 4 * 2  # campaigns × accounts × contacts
    assert counts.estimates == 2 * 4
    campaigns = SurveyCampaign.objects.order_by("sent_at")
    assert all(c.status == CampaignStatus.CLOSED for c in campaigns)
    assert all(c.sent_at.date() < TODAY and c.closed_at.date() < TODAY for c in campaigns)
    assert not Account.objects.get(name="Småkunde AS").survey_targets.exists()


def test_one_account_shows_a_large_accuracy_gap_the_team_did_not_see(key_accounts):
    survey_demo_load(today=TODAY)
    history = account_survey_history(account=key_accounts[0])
    assert len(history) == 2
    latest = history[-1].score
    accuracy = latest.area("accuracy")
    assert accuracy is not None
    assert accuracy.customer_gap <= -2.5
    assert accuracy.knowledge_gap >= 2  # the team believed accuracy mattered less
    assert latest.importance_mismatch
    # It got worse between the two surveys.
    assert history[0].score.area("accuracy").customer_gap > accuracy.customer_gap
    others = [account_survey_history(account=a)[-1].score for a in key_accounts[1:]]
    assert all(o.area("accuracy").customer_gap > -1 for o in others)
    assert counts_after_second_load_unchanged()


def counts_after_second_load_unchanged() -> bool:
    before = SurveyCampaign.objects.count()
    survey_demo_load(today=TODAY)
    return SurveyCampaign.objects.count() == before
