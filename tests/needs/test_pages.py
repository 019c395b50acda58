"""The needs pages: a new version from a form, the criteria table and its form, the panel."""

from __future__ import annotations

import pytest

from nokkel.competitors.models import Competitor
from nokkel.needs.models import DecisionCriterion, NeedsAnalysis
from nokkel.needs.services import CriterionInput, decision_criteria_replace
from tests.factories import TeamMembershipFactory

pytestmark = pytest.mark.django_db


def analysis_form(**changes):
    posten = Competitor.objects.get_or_create(name="Posten/Bring")[0]
    data = {
        "peak_season": "Black Week",
        "regions": ["east", "north"],
        "returns_share": "8",
        "webshop_platform": "Shopify",
        "integration": "",
        "pain_points": "Trege returer",
        "parcels_overnight": "2500",
        "parcels_express": "",
        "parcels_weekend": "",
        "parcels_pickup_point": "400",
        "parcels_return": "",
        "wallet-TOTAL_FORMS": "4",
        "wallet-INITIAL_FORMS": "0",
        "wallet-0-carrier": f"competitor:{posten.pk}",
        "wallet-0-share": "70",
        "wallet-1-carrier": "us",
        "wallet-1-share": "30",
    }
    return {**data, **changes}


def test_kari_records_the_needs_and_the_account_page_shows_the_newest(client, kari, karis_account):
    client.force_login(kari)
    url = f"/needs/accounts/{karis_account.pk}/analysis/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, analysis_form())
    analysis = NeedsAnalysis.objects.get()
    assert response.status_code == 302
    assert response.url == analysis.get_absolute_url()
    assert {v.service: v.parcels_per_month for v in analysis.volumes.all()} == {
        "overnight": 2500,
        "pickup_point": 400,
    }
    # The next version starts from this one.
    page = client.get(url).content.decode()
    assert 'value="2500"' in page
    assert "Trege returer" in page
    account_page = client.get(karis_account.get_absolute_url()).content.decode()
    assert 'id="panel-needs"' in account_page
    assert "Posten/Bring 70&nbsp;%" in account_page


def test_shares_that_do_not_sum_to_100_are_shown_and_nothing_is_saved(client, kari, karis_account):
    client.force_login(kari)
    response = client.post(
        f"/needs/accounts/{karis_account.pk}/analysis/new/",
        analysis_form(**{"wallet-1-share": "20"}),
    )
    assert response.status_code == 200
    assert "The shares of wallet must sum to 100 %; these sum to 90 %." in response.content.decode()
    assert not NeedsAnalysis.objects.exists()


def criteria_form(*rows):
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": "0"}
    for index, (code, weight, ours, theirs) in enumerate(rows):
        data |= {
            f"criteria-{index}-criterion": code,
            f"criteria-{index}-weight": str(weight),
            f"criteria-{index}-our_score": str(ours),
            f"criteria-{index}-competitor_score": str(theirs),
        }
    return data


def test_kari_sets_the_criteria_and_sees_the_recommended_moves(client, kari, karis_account):
    client.force_login(kari)
    url = f"/needs/accounts/{karis_account.pk}/criteria/"
    refused = client.post(url, criteria_form(("price", 50, 4, 8), ("coverage", 40, 8, 6)))
    assert (
        "The customer&#x27;s weights must sum to 100; these sum to 90." in refused.content.decode()
    )
    assert not DecisionCriterion.objects.exists()
    saved = client.post(
        url,
        criteria_form(("price", 50, 4, 8), ("coverage", 40, 8, 6), ("sustainability", 10, 2, 9)),
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-move="redefine"' in page
    assert 'data-move="strengthen"' in page
    assert 'data-move="hold"' in page
    assert "Weighted position: us 5.40, best competitor 7.30 (of 10)." in page


def test_a_team_member_reads_the_criteria_but_cannot_change_them(client, erik, kari, karis_account):
    decision_criteria_replace(
        account=karis_account, actor=kari, rows=[CriterionInput("price", 100, 5, 5)]
    )
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(erik)
    url = f"/needs/accounts/{karis_account.pk}/criteria/"
    page = client.get(url).content.decode()
    assert "Price" in page
    assert "Save criteria" not in page
    assert client.post(url, criteria_form(("price", 100, 9, 1))).status_code == 403
    assert client.get(f"/needs/accounts/{karis_account.pk}/analysis/new/").status_code == 403


def test_ola_gets_404_on_karis_needs(client, kari, ola, karis_account):
    client.force_login(kari)
    client.post(f"/needs/accounts/{karis_account.pk}/analysis/new/", analysis_form())
    analysis = NeedsAnalysis.objects.get()
    client.force_login(ola)
    for url in (
        analysis.get_absolute_url(),
        f"/needs/accounts/{karis_account.pk}/analysis/new/",
        f"/needs/accounts/{karis_account.pk}/criteria/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
