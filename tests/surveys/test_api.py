"""The surveys API: the public answer by token, and the results through the access door."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nokkel.surveys.answers import AnswerSet
from nokkel.surveys.models import SurveyResponse
from nokkel.surveys.services import campaign_close, survey_answer_submit, team_estimate_submit
from tests.factories import AccountFactory, ContactFactory, TeamMembershipFactory
from tests.surveys.helpers import (
    recipient_of,
    sent_campaign,
    small_questionnaire,
    uniform_answers,
)

pytestmark = pytest.mark.django_db
AREA_KEYS = {
    "key",
    "importance",
    "expectation",
    "perception",
    "team_estimate",
    "customer_gap",
    "knowledge_gap",
}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def campaign(kari, karis_account, karis_contact):
    return sent_campaign(actor=kari, accounts=[karis_account], language="en")


def _body(answers: AnswerSet) -> dict[str, object]:
    return {
        "answers": [
            {"statement": pk, "expectation": e, "perception": answers.perception[pk]}
            for pk, e in answers.expectation.items()
        ],
        "importance": answers.importance,
        "nps": answers.nps,
        "csat": answers.csat,
        "comment": answers.comment,
    }


def test_the_token_reads_the_questionnaire_without_login(api, campaign, karis_contact):
    token = recipient_of(campaign, karis_contact).token
    response = api.get(f"/api/v1/survey-responses/{token}/")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en"
    assert body["response"] is None
    assert [area["key"] for area in body["areas"]] == [
        "accuracy",
        "availability",
        "adaptation",
        "advice",
        "value_for_money",
        "integration",
    ]
    assert {"id", "text"} == set(body["areas"][0]["statements"][0])


def test_an_answer_through_the_api_is_created_then_replaced(api, campaign, karis_contact):
    url = f"/api/v1/survey-responses/{recipient_of(campaign, karis_contact).token}/"
    first = api.post(url, _body(uniform_answers(campaign, nps=3)), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["response"]["nps"] == 3
    second = api.post(url, _body(uniform_answers(campaign, nps=10)), format="json")
    assert second.status_code == 200
    assert SurveyResponse.objects.get().nps == 10
    assert api.get(url).json()["response"]["nps"] == 10


def test_bad_answers_through_the_api_are_400_naming_the_field(api, campaign, karis_contact):
    url = f"/api/v1/survey-responses/{recipient_of(campaign, karis_contact).token}/"
    answers = uniform_answers(campaign)
    answers.importance["accuracy"] += 5
    response = api.post(url, _body(answers), format="json")
    assert response.status_code == 400
    assert "importance" in response.json()

    body = _body(uniform_answers(campaign))
    body["answers"] = body["answers"][:-1]  # half-filled
    response = api.post(url, body, format="json")
    assert response.status_code == 400
    assert "answers" in response.json()

    body = _body(uniform_answers(campaign))
    body["answers"][0]["perception"] = 8
    body["nps"] = -1
    response = api.post(url, body, format="json")
    assert response.status_code == 400
    assert {"answers", "nps"} <= set(response.json())
    assert not SurveyResponse.objects.exists()


def test_closed_and_expired_links_are_410_and_unknown_is_404(
    api, campaign, kari, karis_account, karis_contact
):
    url = f"/api/v1/survey-responses/{recipient_of(campaign, karis_contact).token}/"
    assert api.get("/api/v1/survey-responses/nope/").status_code == 404
    campaign_close(campaign=campaign, actor=kari, now=timezone.now())
    closed = api.post(url, _body(uniform_answers(campaign)), format="json")
    assert closed.status_code == 410
    assert closed.json()["code"] == "closed"

    old = sent_campaign(
        actor=kari, accounts=[karis_account], now=timezone.now() - timedelta(days=40)
    )
    expired = api.get(f"/api/v1/survey-responses/{recipient_of(old, karis_contact).token}/")
    assert expired.status_code == 410
    assert expired.json()["code"] == "expired"


def test_results_match_the_hand_computed_example(api, kari, karis_account):
    """The scoring module's worked example, entered through the services and read back."""
    small_questionnaire()
    contacts = [ContactFactory(account=karis_account) for _ in range(3)]
    erik_like = TeamMembershipFactory(account=karis_account).user
    campaign = sent_campaign(actor=kari, accounts=[karis_account], contacts=contacts)
    s1, s2, s3 = campaign.questionnaire.statements.order_by("position")
    rows = [  # (s1 e/p, s2 e/p, s3 e/p, importance accuracy, nps, csat)
        ((7, 4), (6, 4), (5, 5), 60, 9, 5),
        ((6, 5), (6, 6), (6, 3), 30, 6, 3),
        ((5, 5), (7, 6), (7, 7), 50, 8, 4),
    ]
    for contact, (a, b, c, accuracy, nps, csat) in zip(contacts, rows, strict=True):
        survey_answer_submit(
            recipient=recipient_of(campaign, contact),
            answers=AnswerSet(
                expectation={s1.pk: a[0], s2.pk: b[0], s3.pk: c[0]},
                perception={s1.pk: a[1], s2.pk: b[1], s3.pk: c[1]},
                importance={"accuracy": accuracy, "availability": 100 - accuracy},
                nps=nps,
                csat=csat,
            ),
            now=timezone.now(),
        )
    for author, (e1, e2, e3), accuracy in ((kari, (5, 5, 6), 80), (erik_like, (6, 4, 4), 60)):
        team_estimate_submit(
            campaign=campaign,
            account=karis_account,
            author=author,
            answers=AnswerSet(
                expectation={s1.pk: e1, s2.pk: e2, s3.pk: e3},
                importance={"accuracy": accuracy, "availability": 100 - accuracy},
            ),
            now=timezone.now(),
        )
    api.force_authenticate(kari)
    expected = {
        "areas": [
            {
                "key": "accuracy",
                "importance": 140 / 3,
                "expectation": 37 / 6,
                "perception": 5.0,
                "team_estimate": 5.0,
                "customer_gap": -7 / 6,
                "knowledge_gap": 7 / 6,
            },
            {
                "key": "availability",
                "importance": 160 / 3,
                "expectation": 6.0,
                "perception": 5.0,
                "team_estimate": 5.0,
                "customer_gap": -1.0,
                "knowledge_gap": 1.0,
            },
        ],
        "nps": 0.0,
        "csat": 2 / 3,
        "responses": 3,
    }
    assert api.get(f"/api/v1/surveys/{campaign.pk}/results/").json() == expected
    per_account = api.get(f"/api/v1/accounts/{karis_account.pk}/survey-results/").json()
    assert per_account == expected


def test_results_have_exactly_the_documented_shape(
    api, campaign, kari, karis_account, karis_contact
):
    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact),
        answers=uniform_answers(campaign),
        now=timezone.now(),
    )
    api.force_authenticate(kari)
    body = api.get(f"/api/v1/surveys/{campaign.pk}/results/").json()
    assert set(body) == {"areas", "nps", "csat", "responses"}
    assert all(set(area) == AREA_KEYS for area in body["areas"])
    assert body["responses"] == 1
    assert body["areas"][0]["team_estimate"] is None  # no estimate given
    assert body["areas"][0]["knowledge_gap"] is None


def test_an_account_with_no_answers_has_empty_results(api, kari, karis_account):
    api.force_authenticate(kari)
    body = api.get(f"/api/v1/accounts/{karis_account.pk}/survey-results/").json()
    assert body == {"areas": [], "nps": None, "csat": None, "responses": 0}


def test_ola_gets_404_on_karis_campaign_and_account_results(api, ola, campaign, karis_account):
    api.force_authenticate(ola)
    assert api.get(f"/api/v1/surveys/{campaign.pk}/results/").status_code == 404
    assert api.get(f"/api/v1/surveys/{campaign.pk}/").status_code == 404
    assert api.get(f"/api/v1/accounts/{karis_account.pk}/survey-results/").status_code == 404
    assert api.get("/api/v1/surveys/").json()["results"] == []


def test_a_shared_campaign_is_scored_over_the_accounts_the_caller_may_see(
    api, kari, ola, admin_user, karis_account, karis_contact
):
    olas_account = AccountFactory(kam=ola)
    olas_contact = ContactFactory(account=olas_account)
    campaign = sent_campaign(
        actor=admin_user,
        accounts=[karis_account, olas_account],
        contacts=[karis_contact, olas_contact],
    )
    for contact, nps in ((karis_contact, 10), (olas_contact, 0)):
        survey_answer_submit(
            recipient=recipient_of(campaign, contact),
            answers=uniform_answers(campaign, nps=nps),
            now=timezone.now(),
        )
    url = f"/api/v1/surveys/{campaign.pk}/results/"
    api.force_authenticate(kari)
    assert api.get(url).json()["nps"] == 100.0
    assert api.get(f"/api/v1/surveys/{campaign.pk}/").json()["accounts"] == [karis_account.pk]
    api.force_authenticate(ola)
    assert api.get(url).json()["nps"] == -100.0
    api.force_authenticate(admin_user)
    assert api.get(url).json() | {"areas": []} == {
        "areas": [],
        "nps": 0.0,
        "csat": 1.0,
        "responses": 2,
    }


def test_the_results_api_needs_a_login(api, campaign, karis_account):
    assert api.get(f"/api/v1/surveys/{campaign.pk}/results/").status_code in (401, 403)
    assert api.get(f"/api/v1/accounts/{karis_account.pk}/survey-results/").status_code in (
        401,
        403,
    )
