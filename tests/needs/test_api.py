"""The needs API: versions of the needs analysis and the account's decision criteria."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nokkel.competitors.models import Competitor
from nokkel.needs.models import DecisionCriterion, NeedsAnalysis
from tests.factories import AccountFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

ANALYSES = "/api/v1/needs-analyses/"


def criteria_url(account) -> str:
    return f"/api/v1/accounts/{account.pk}/decision-criteria/"


def analysis_body(account, **changes):
    posten = Competitor.objects.get_or_create(name="Posten/Bring")[0]
    return {
        "account": account.pk,
        "peak_season": "November–desember",
        "regions": ["east", "west"],
        "returns_share": "12.50",
        "webshop_platform": "WooCommerce",
        "integration": "Egen API-kobling",
        "pain_points": "Mange reklamasjoner på skadde pakker.",
        "volumes": [
            {"service": "overnight", "parcels_per_month": 3000},
            {"service": "pickup_point", "parcels_per_month": 800},
        ],
        "wallet_shares": [
            {"carrier": "competitor", "competitor": posten.pk, "share": "65.00"},
            {"carrier": "us", "share": "35.00"},
        ],
        **changes,
    }


def test_posting_twice_makes_two_versions_and_the_list_shows_the_newest_first(
    api_as, kari, karis_account
):
    client = api_as(kari)
    first = client.post(ANALYSES, analysis_body(karis_account), format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["version"] == 1
    assert body["created_by"] == "kari"
    assert body["wallet_shares"][0] == {
        "carrier": "competitor",
        "competitor": Competitor.objects.get(name="Posten/Bring").pk,
        "label": "Posten/Bring",
        "share": "65.00",
    }
    client.post(ANALYSES, analysis_body(karis_account, pain_points="Bedre nå"), format="json")
    listed = client.get(ANALYSES, {"account": karis_account.pk}).json()
    assert listed["count"] == 2
    assert [row["version"] for row in listed["results"]] == [2, 1]
    assert set(listed) == {"count", "next", "previous", "results"}
    assert client.get(f"{ANALYSES}{body['id']}/").json()["pain_points"] == (
        "Mange reklamasjoner på skadde pakker."
    )
    assert client.put(f"{ANALYSES}{body['id']}/", {}, format="json").status_code == 405


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"wallet_shares": [{"carrier": "us", "share": "99.99"}]}, "wallet_shares"),
        ({"wallet_shares": [{"carrier": "competitor", "share": "100"}]}, "wallet_shares"),
        ({"regions": ["mars"]}, "regions"),
        ({"returns_share": "101"}, "returns_share"),
        ({"volumes": [{"service": "overnight", "parcels_per_month": -1}]}, "volumes"),
    ],
)
def test_bad_needs_are_refused_by_field(api_as, kari, karis_account, changes, field):
    response = api_as(kari).post(ANALYSES, analysis_body(karis_account, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not NeedsAnalysis.objects.exists()


def test_the_sum_error_is_spelled_out(api_as, kari, karis_account):
    body = analysis_body(karis_account, wallet_shares=[{"carrier": "us", "share": "99.5"}])
    response = api_as(kari).post(ANALYSES, body, format="json")
    assert response.json() == {
        "wallet_shares": ["The shares of wallet must sum to 100 %; these sum to 99.5 %."]
    }


CRITERIA = [
    {"criterion": "price", "weight": 40, "our_score": 6, "competitor_score": 8},
    {"criterion": "delivery_precision", "weight": 35, "our_score": 9, "competitor_score": 7},
    {
        "criterion": "other",
        "other_label": "Hentetider",
        "weight": 25,
        "our_score": 5,
        "competitor_score": 5,
    },
]


def test_kari_replaces_the_criteria_and_reads_the_moves(api_as, kari, karis_account):
    client = api_as(kari)
    response = client.put(criteria_url(karis_account), {"criteria": CRITERIA}, format="json")
    assert response.status_code == 200, response.json()
    body = client.get(criteria_url(karis_account)).json()
    assert body["weight_total"] == 100
    assert body["position"] == {"ours": "6.80", "theirs": "6.90", "lead": "-0.10"}
    moves = [(c["label"], c["recommended_move"]) for c in body["criteria"]]
    assert moves == [
        ("Price", "redefine"),
        ("Delivery precision", "strengthen"),
        ("Hentetider", "redefine"),
    ]
    assert body["criteria"][1]["recommended_move_label"] == (
        "Strengthen: build on it and make it count"
    )


def test_weights_not_summing_to_100_are_a_400_naming_the_sum(api_as, kari, karis_account):
    response = api_as(kari).put(
        criteria_url(karis_account), {"criteria": CRITERIA[:2]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "criteria": ["The customer's weights must sum to 100; these sum to 75."]
    }
    assert not DecisionCriterion.objects.exists()


def test_the_door_on_needs_and_criteria(api_as, kari, ola, erik, karis_account):
    analysis = api_as(kari).post(ANALYSES, analysis_body(karis_account), format="json").json()
    stranger = api_as(ola)
    assert stranger.get(f"{ANALYSES}{analysis['id']}/").status_code == 404
    assert stranger.get(ANALYSES).json()["count"] == 0
    assert stranger.get(criteria_url(karis_account)).status_code == 404
    assert (
        stranger.put(criteria_url(karis_account), {"criteria": []}, format="json").status_code
        == 404
    )
    assert "account" in stranger.post(ANALYSES, analysis_body(karis_account), format="json").json()

    TeamMembershipFactory(account=karis_account, user=erik)
    member = api_as(erik)
    assert member.get(f"{ANALYSES}{analysis['id']}/").status_code == 200
    assert (
        member.put(criteria_url(karis_account), {"criteria": []}, format="json").status_code == 403
    )
    assert member.post(ANALYSES, analysis_body(karis_account), format="json").status_code == 403


def test_the_analysis_list_takes_the_same_queries_for_one_or_many(api_as, kari, segment):
    client = api_as(kari)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ANALYSES).status_code == 200
        return len(captured)

    client.post(ANALYSES, analysis_body(AccountFactory(kam=kari, segment=segment)), format="json")
    one = queries()
    for _ in range(4):
        account = AccountFactory(kam=kari, segment=segment)
        client.post(ANALYSES, analysis_body(account), format="json")
    assert queries() == one
