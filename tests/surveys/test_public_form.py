"""The public form at /s/<token>/: no login, the token is the credential."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from nokkel.surveys.models import SurveyAnswer, SurveyResponse
from nokkel.surveys.services import campaign_close, campaign_create
from tests.surveys.helpers import form_data, recipient_of, sent_campaign, uniform_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(kari, karis_account, karis_contact):
    return sent_campaign(actor=kari, accounts=[karis_account], language="en")


@pytest.fixture
def url(campaign, karis_contact):
    return f"/s/{recipient_of(campaign, karis_contact).token}/"


def test_the_contact_opens_the_form_without_logging_in(client, url, karis_contact):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert karis_contact.name in html
    assert "Parcels are delivered to the right place on the agreed day." in html
    assert 'name="imp_accuracy"' in html
    assert 'name="nps"' in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_form_speaks_the_recipients_language(client, kari, karis_account, karis_contact):
    campaign = sent_campaign(actor=kari, accounts=[karis_account], language="nb")
    url = f"/s/{recipient_of(campaign, karis_contact).token}/"
    html = client.get(url).content.decode()
    assert "Sendingene leveres til rett sted på avtalt dag." in html
    assert '<html lang="nb">' in html
    # The respondent may switch language.
    assert "Parcels are delivered" in client.get(f"{url}?lang=en").content.decode()


def test_submitting_stores_the_answer_and_thanks_the_contact(client, campaign, url):
    response = client.post(url, form_data(uniform_answers(campaign, comment="Fine")), follow=True)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert stored.comment == "Fine"
    assert stored.nps == 9


def test_the_answer_can_be_changed_until_the_campaign_closes(client, campaign, kari, url):
    client.post(url, form_data(uniform_answers(campaign, perception=2)))
    page = client.get(url).content.decode()
    assert "You can change your answers until the survey closes" in page
    client.post(url, form_data(uniform_answers(campaign, perception=6)))
    assert SurveyResponse.objects.count() == 1
    assert set(SurveyAnswer.objects.values_list("perception", flat=True)) == {6}

    campaign_close(campaign=campaign, actor=kari, now=timezone.now())
    # A second submit after the close shows the friendly closed page and changes nothing.
    response = client.post(url, form_data(uniform_answers(campaign, perception=1)))
    assert response.status_code == 410
    assert "This survey is closed" in response.content.decode()
    assert "your answers were received" in response.content.decode()
    assert set(SurveyAnswer.objects.values_list("perception", flat=True)) == {6}


def test_an_expired_link_shows_a_friendly_page(client, kari, karis_account, karis_contact):
    campaign = sent_campaign(
        actor=kari,
        accounts=[karis_account],
        now=timezone.now() - timedelta(days=31),
        language="en",
    )
    response = client.get(f"/s/{recipient_of(campaign, karis_contact).token}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert kari.email in html


def test_an_unknown_token_is_404(client, campaign):
    assert client.get("/s/not-a-real-token-at-all/").status_code == 404


def test_a_draft_campaigns_link_is_404(client, kari, karis_account, karis_contact):
    draft = campaign_create(actor=kari, name="Utkast", accounts=[karis_account])
    assert client.get(f"/s/{recipient_of(draft, karis_contact).token}/").status_code == 404


def test_importance_not_adding_up_to_100_is_an_error_on_the_form(client, campaign, url):
    answers = uniform_answers(campaign)
    answers.importance["accuracy"] += 10
    response = client.post(url, form_data(answers))
    assert response.status_code == 200
    assert "The points must add up to 100; now they add up to 110." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_out_of_range_answers_are_errors(client, campaign, url):
    data = form_data(uniform_answers(campaign))
    first = next(key for key in data if key.startswith("e_"))
    data[first] = 9
    data["nps"] = 11
    response = client.post(url, data)
    html = response.content.decode()
    assert "Choose a number from 1 to 7." in html
    assert "Choose a number from 0 to 10." in html
    assert not SurveyResponse.objects.exists()


def test_a_half_filled_form_counts_for_nothing(client, campaign, url):
    data = form_data(uniform_answers(campaign))
    for key in [k for k in data if k.startswith("p_")][:5]:
        del data[key]
    response = client.post(url, data)
    assert "Some answers are missing" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    assert not SurveyAnswer.objects.exists()


def test_the_running_total_script_is_on_the_page(client, url):
    html = client.get(url).content.decode()
    assert "surveys/importance.js" in html
    assert "data-importance-total" in html


@override_settings(NOKKEL_SURVEY_RATE_LIMIT=3)
def test_guessing_tokens_is_rate_limited(client, campaign, url):
    assert [client.get(f"/s/guess-{n}/").status_code for n in range(3)] == [404] * 3
    assert client.get("/s/guess-4/").status_code == 429
    # The guessing address is turned away for the minute, even with a real link;
    # a respondent at another address is not.
    assert client.get(url).status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200


@override_settings(NOKKEL_SURVEY_RATE_LIMIT=3)
def test_one_link_hammered_is_rate_limited(client, url):
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
