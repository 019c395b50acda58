"""The pipeline API: public lead creation, opportunities and their moves, behind the door."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from rest_framework.test import APIClient

from nokkel.pipeline.models import Lead, Opportunity
from tests.factories import AccountFactory
from tests.pipeline.factories import competitor, make_opportunity

LEADS = "/api/v1/leads/"
OPPORTUNITIES = "/api/v1/opportunities/"


def lead_json(**overrides):
    return {
        "company": "Kaffebrenneriet Nett AS",
        "contact_name": "Jonas Berg",
        "email": "jonas@kaffebrenneriet.no",
        "parcels_per_month": 800,
        "services": ["pickup_point"],
        "consent": True,
        **overrides,
    }


# Leads


def test_anyone_may_send_a_lead_and_learns_nothing_but_that_it_arrived(kari):
    response = APIClient().post(LEADS, lead_json(), format="json")

    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    lead = Lead.objects.get()
    assert lead.assigned_to == kari
    assert lead.opportunity.services == ["pickup_point"]
    assert [m.to for m in mail.outbox] == [[kari.email]]


def test_a_lead_without_consent_is_a_400_naming_the_field_and_nothing_is_stored(kari):
    response = APIClient().post(LEADS, lead_json(consent=False), format="json")

    assert response.status_code == 400
    assert response.json() == {"consent": ["We can only contact you with your consent."]}
    assert Lead.objects.count() == 0


def test_bad_lead_fields_are_named(kari):
    response = APIClient().post(
        LEADS,
        lead_json(org_number="123456789", email="nope", services=["teleport"]),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"org_number", "email", "services"}


def test_a_bot_gets_the_same_answer_through_the_api_and_nothing_is_stored(kari):
    response = APIClient().post(LEADS, lead_json(website="http://spam.example"), format="json")
    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    assert Lead.objects.count() == 0


def test_the_form_and_the_api_share_one_rate_limit(client, kari, settings):
    settings.NOKKEL_LEAD_RATE_LIMIT = 1
    APIClient().post(LEADS, lead_json(), format="json")

    assert APIClient().post(LEADS, lead_json(), format="json").status_code == 429
    assert client.post("/lead/", {"company": "X"}).status_code == 429


def test_only_sales_managers_and_admins_list_the_leads(api_as, kari, sara, admin_user):
    APIClient().post(LEADS, lead_json(), format="json")

    assert APIClient().get(LEADS).status_code in (401, 403)
    assert api_as(kari).get(LEADS).status_code == 403
    body = api_as(admin_user).get(LEADS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][0]["company"] == "Kaffebrenneriet Nett AS"
    # No rule fitted, so the prospect has no segment: every sales manager sees the lead.
    assert api_as(sara).get(LEADS).json()["count"] == 1
    lead = Lead.objects.get()
    assert api_as(kari).get(f"{LEADS}{lead.pk}/").json()["assigned_to"] == "kari"


# Opportunities


def test_a_kam_lists_and_filters_the_opportunities_they_may_see(api_as, kari, ola, karis_account):
    make_opportunity(account=karis_account, title="Natt", phase="offer")
    make_opportunity(account=karis_account, title="Retur", phase="contact")
    make_opportunity(account=AccountFactory(kam=ola), title="Olas")
    client = api_as(kari)

    body = client.get(OPPORTUNITIES).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert sorted(row["title"] for row in body["results"]) == ["Natt", "Retur"]
    assert [
        r["title"] for r in client.get(OPPORTUNITIES, {"phase": "offer"}).json()["results"]
    ] == ["Natt"]
    assert client.get(OPPORTUNITIES, {"owner": "kari"}).json()["count"] == 2
    assert client.get(OPPORTUNITIES, {"owner": ola.pk}).json()["count"] == 0
    assert client.get(OPPORTUNITIES, {"account": karis_account.pk}).json()["count"] == 2
    assert client.get(OPPORTUNITIES, {"phase": "dreaming"}).status_code == 400


def test_money_goes_out_as_strings_with_two_decimals(api_as, kari, karis_account):
    opportunity = make_opportunity(
        account=karis_account,
        annual_revenue=Decimal("1234567.5"),
        probability=30,
        phase="offer",
        buying_phase="problem_recognition",
    )
    body = api_as(kari).get(f"{OPPORTUNITIES}{opportunity.pk}/").json()
    assert body["annual_revenue"] == "1234567.50"
    assert body["weighted_value"] == "370370.25"
    assert body["mismatch"]["code"] == "ahead_of_customer"
    assert body["history"][0]["to_phase"] == "offer"


def test_creating_an_opportunity_checks_the_fields(api_as, kari, karis_account):
    client = api_as(kari)
    response = client.post(
        OPPORTUNITIES,
        {
            "account": karis_account.pk,
            "title": "Ekspress",
            "kind": "more_services",
            "services": ["express"],
            "annual_revenue": "250000.00",
            "owner": "kari",
            "phase": "needs_analysis",
            "buying_phase": "information_search",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["probability"] == 30
    assert response.json()["phase"] == "needs_analysis"

    bad = client.post(
        OPPORTUNITIES,
        {
            "account": karis_account.pk,
            "title": "",
            "annual_revenue": "-5",
            "probability": 101,
            "services": ["teleport"],
            "phase": "won",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert {"title", "annual_revenue", "probability", "services", "phase"} <= set(bad.json())


def test_a_kam_cannot_open_one_on_another_kams_account(api_as, ola, karis_account):
    response = api_as(ola).post(
        OPPORTUNITIES, {"account": karis_account.pk, "title": "Snik"}, format="json"
    )
    assert response.status_code == 400
    assert "account" in response.json()
    assert Opportunity.objects.count() == 0


def test_details_are_updated_and_phases_only_move_through_move(api_as, kari, karis_opportunity):
    client = api_as(kari)
    url = f"{OPPORTUNITIES}{karis_opportunity.pk}/"

    response = client.patch(url, {"probability": 45, "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["probability"] == 45
    stale = client.patch(url, {"probability": 50, "version": 1}, format="json")
    assert stale.status_code == 409
    refused = client.patch(url, {"phase": "won"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"phase": ["Phases change through the move endpoint."]}


def test_moving_through_the_api_and_lost_needs_a_reason(api_as, kari, karis_opportunity):
    client = api_as(kari)
    url = f"{OPPORTUNITIES}{karis_opportunity.pk}/move/"

    moved = client.post(url, {"phase": "offer", "buying_phase": "evaluation"}, format="json")
    assert moved.status_code == 200
    assert (moved.json()["phase"], moved.json()["buying_phase"]) == ("offer", "evaluation")

    no_reason = client.post(url, {"phase": "lost"}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"lost_reason": ["Say why the opportunity was lost."]}

    unknown = client.post(
        url, {"phase": "lost", "lost_reason": "price", "lost_to": "DHL?"}, format="json"
    )
    assert unknown.status_code == 400
    assert "lost_to" in unknown.json()

    competitor("PostNord")
    lost = client.post(
        url,
        {"phase": "lost", "lost_reason": "price", "lost_to": "postnord", "lost_note": "Billigere"},
        format="json",
    )
    assert lost.status_code == 200
    body = lost.json()
    assert (body["lost_reason"], body["lost_to_name"], body["probability"]) == (
        "price",
        "PostNord",
        0,
    )
    assert [h["to_phase"] for h in body["history"]] == ["identify", "offer", "lost"]


@pytest.mark.parametrize("method", ["get", "patch", "put"])
def test_ola_gets_404_on_karis_opportunity(api_as, ola, karis_opportunity, method):
    url = f"{OPPORTUNITIES}{karis_opportunity.pk}/"
    assert getattr(api_as(ola), method)(url, {}, format="json").status_code == 404


def test_ola_cannot_move_karis_opportunity(api_as, ola, karis_opportunity):
    url = f"{OPPORTUNITIES}{karis_opportunity.pk}/move/"
    assert api_as(ola).post(url, {"phase": "won"}, format="json").status_code == 404
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.phase == "identify"


def test_the_schema_describes_the_pipeline_and_competitor_api(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {
        "/api/v1/leads/",
        "/api/v1/leads/{lead_id}/",
        "/api/v1/opportunities/",
        "/api/v1/opportunities/{opportunity_id}/",
        "/api/v1/opportunities/{opportunity_id}/move/",
        "/api/v1/competitors/",
        "/api/v1/competitors/{competitor_id}/",
    } <= set(schema["paths"])
    # Sending a lead needs no login; reading the leads does.
    assert schema["paths"]["/api/v1/leads/"]["post"].get("security", []) in ([], [{}])
    assert schema["paths"]["/api/v1/leads/"]["get"]["security"]
