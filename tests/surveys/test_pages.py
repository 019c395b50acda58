"""The survey pages for the carrier's people, behind the access door."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nokkel.surveys.models import CampaignStatus, SurveyCampaign, TeamEstimate
from nokkel.surveys.services import (
    campaign_create,
    campaign_send,
    survey_answer_submit,
    team_estimate_submit,
)
from tests.factories import AccountFactory, ContactFactory, SegmentFactory, TeamMembershipFactory
from tests.surveys.helpers import form_data, recipient_of, sent_campaign, uniform_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(kari, karis_account, karis_contact):
    return sent_campaign(actor=kari, accounts=[karis_account], language="en")


def _answer(campaign, contact, **options):
    return survey_answer_submit(
        recipient=recipient_of(campaign, contact),
        answers=uniform_answers(campaign, **options),
        now=timezone.now(),
    )


def test_kari_creates_a_survey_chooses_recipients_and_sends_it(
    client, kari, karis_account, karis_contact, settings
):
    settings.NOKKEL_BASE_URL = "https://crm.carrier.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "phishing.example"]
    other = ContactFactory(account=karis_account, email="innkjop@shop.example")
    client.force_login(kari)
    form = client.get(f"/surveys/new/?account={karis_account.pk}")
    assert form.status_code == 200
    response = client.post(
        "/surveys/new/",
        {
            "name": "Vår 2026",
            "accounts": [karis_account.pk],
            "language": "nb",
            "reminder_after_days": 7,
            "closes_on": (timezone.localdate() + timezone.timedelta(days=20)).isoformat(),
        },
    )
    campaign = SurveyCampaign.objects.get()
    assert response.status_code == 302
    assert response.url == campaign.get_absolute_url()
    assert campaign.recipients.count() == 2

    # Only Per is asked, in English.
    client.post(
        f"/surveys/{campaign.pk}/recipients/",
        {
            f"contact_{karis_contact.pk}": "on",
            f"language_{karis_contact.pk}": "en",
            f"language_{other.pk}": "nb",
        },
    )
    assert list(campaign.recipients.values_list("contact", "language")) == [
        (karis_contact.pk, "en")
    ]
    # The link in the e-mail is the configured site's, whatever Host the request named.
    client.post(f"/surveys/{campaign.pk}/send/", HTTP_HOST="phishing.example")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert len(mail.outbox) == 1
    assert "phishing.example" not in mail.outbox[0].body
    link = re.search(r"https://crm\.carrier\.example(/s/[\w-]+/)", mail.outbox[0].body)
    assert link is not None
    assert client.get(link.group(1)).status_code == 200


def test_a_team_member_sees_the_campaign_but_cannot_send_or_close_it(
    client, erik, karis_account, campaign
):
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(erik)
    assert client.get(campaign.get_absolute_url()).status_code == 200
    assert client.post(f"/surveys/{campaign.pk}/close/").status_code == 403
    assert client.get("/surveys/new/").status_code == 403


def test_ola_gets_404_on_every_page_of_karis_campaign(client, ola, campaign, karis_account):
    client.force_login(ola)
    for url in (
        f"/surveys/{campaign.pk}/",
        f"/surveys/{campaign.pk}/results/",
        f"/surveys/{campaign.pk}/accounts/{karis_account.pk}/",
        f"/surveys/{campaign.pk}/accounts/{karis_account.pk}/estimate/",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("recipients", "send", "close"):
        assert client.post(f"/surveys/{campaign.pk}/{url}/").status_code == 404
    assert "Spring survey" not in client.get("/surveys/").content.decode()


def test_the_results_wait_for_the_teams_estimate(
    client, kari, campaign, karis_account, karis_contact
):
    _answer(campaign, karis_contact)
    client.force_login(kari)
    url = reverse(
        "surveys:account-results",
        kwargs={"campaign_id": campaign.pk, "account_id": karis_account.pk},
    )
    page = client.get(url).content.decode()
    assert "Give the team's estimate" in page
    assert 'id="survey-areas"' not in page

    estimate_url = f"{url}estimate/"
    answers = uniform_answers(campaign, expectation=4)
    data = {k: v for k, v in form_data(answers).items() if not k.startswith("p_")}
    response = client.post(estimate_url, data)
    assert response.status_code == 302
    assert response.url == url
    assert TeamEstimate.objects.filter(author=kari).exists()

    page = client.get(url).content.decode()
    assert 'id="survey-areas"' in page
    assert "Customer gap" in page
    assert "Knowledge gap" in page
    assert 'data-survey-chart="levels"' in page
    # Expected 6, team believed 4: a knowledge gap of +2.0 on every area.
    assert "+2.0" in page


def test_the_estimate_form_checks_the_importance_total(client, kari, campaign, karis_account):
    client.force_login(kari)
    answers = uniform_answers(campaign)
    answers.importance["accuracy"] -= 7
    data = {k: v for k, v in form_data(answers).items() if not k.startswith("p_")}
    response = client.post(f"/surveys/{campaign.pk}/accounts/{karis_account.pk}/estimate/", data)
    assert response.status_code == 200
    assert "now they add up to 93" in response.content.decode()
    assert not TeamEstimate.objects.exists()


def test_the_results_page_runs_a_fixed_number_of_queries(client, kari, karis_account):
    contacts = [ContactFactory(account=karis_account) for _ in range(6)]
    campaign = sent_campaign(actor=kari, accounts=[karis_account], contacts=contacts)
    url = f"/surveys/{campaign.pk}/accounts/{karis_account.pk}/"
    client.force_login(kari)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _answer(campaign, contacts[0])
    team_estimate_submit(
        campaign=campaign,
        account=karis_account,
        author=kari,
        answers=uniform_answers(campaign),
        now=timezone.now(),
    )
    few = count()
    for contact in contacts[1:]:
        _answer(campaign, contact, comment="Noe å si")
    assert count() == few


def test_the_account_page_shows_the_voice_of_the_customer(
    client, kari, campaign, karis_account, karis_contact
):
    _answer(campaign, karis_contact, per_area={"accuracy": (7, 3)}, comment="Late parcels")
    team_estimate_submit(
        campaign=campaign,
        account=karis_account,
        author=kari,
        answers=uniform_answers(campaign),
        now=timezone.now(),
    )
    client.force_login(kari)
    page = client.get(karis_account.get_absolute_url()).content.decode()
    assert 'id="panel-voice"' in page
    assert "Late parcels" in page
    assert "−4.0" in page  # the accuracy gap, with a true minus sign
    assert "surveys/survey-charts.js" in page


def test_the_account_panel_keeps_its_queries_fixed(client, kari, karis_account):
    contacts = [ContactFactory(account=karis_account) for _ in range(4)]
    client.force_login(kari)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(karis_account.get_absolute_url())
        return sum("surveys_" in q["sql"] for q in queries.captured_queries)

    first = sent_campaign(actor=kari, accounts=[karis_account], contacts=contacts, name="A")
    _answer(first, contacts[0])
    once = count()
    second = sent_campaign(actor=kari, accounts=[karis_account], contacts=contacts, name="B")
    for contact in contacts:
        _answer(second, contact)
    assert count() == once


def test_the_portfolio_view_shows_the_heat_map_and_knowledge_gaps(
    client, sara, kari, campaign, karis_account, karis_contact
):
    _answer(campaign, karis_contact, nps=10, per_area={"accuracy": (7, 4)})
    team_estimate_submit(
        campaign=campaign,
        account=karis_account,
        author=kari,
        answers=uniform_answers(campaign, expectation=3),
        now=timezone.now(),
    )
    client.force_login(sara)  # the segment's sales manager
    page = client.get("/surveys/portfolio/").content.decode()
    assert karis_account.name in page
    assert "h-bad" in page  # accuracy −3.0
    assert 'id="knowledge-gaps"' in page
    assert "+4.0" in page
    assert 'data-survey-chart="nps"' in page


def test_the_portfolio_view_hides_other_kams_accounts(client, ola, campaign, karis_contact):
    _answer(campaign, karis_contact)
    client.force_login(ola)
    assert "Fjellsport" not in client.get("/surveys/portfolio/").content.decode()


def test_a_sales_manager_sends_or_closes_only_campaigns_whose_accounts_they_all_see(
    client, sara, kari, admin_user, karis_account, karis_contact
):
    elsewhere = AccountFactory(name="Annet Segment AS", segment=SegmentFactory(name="Offentlig"))
    ContactFactory(account=elsewhere, email="innkjop@annet.example")
    mixed = campaign_create(actor=admin_user, name="Alle", accounts=[karis_account, elsewhere])
    mine = campaign_create(actor=kari, name="Karis", accounts=[karis_account])
    client.force_login(sara)

    # She sees the mixed campaign through Kari's account, but may not write to the other.
    assert client.get(mixed.get_absolute_url()).status_code == 200
    assert client.post(f"/surveys/{mixed.pk}/send/").status_code == 403
    mixed.refresh_from_db()
    assert mixed.status == CampaignStatus.DRAFT
    assert mail.outbox == []

    assert client.post(f"/surveys/{mine.pk}/send/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == CampaignStatus.OPEN

    campaign_send(campaign=mixed, actor=admin_user, now=timezone.now())
    assert client.post(f"/surveys/{mixed.pk}/close/").status_code == 403
    mixed.refresh_from_db()
    assert mixed.status == CampaignStatus.OPEN
    assert client.post(f"/surveys/{mine.pk}/close/").status_code == 302
