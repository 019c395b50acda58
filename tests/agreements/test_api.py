"""The offers and contracts API, told as what integrations and people can do through it."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from nokkel.agreements.models import Contract, Offer, OfferStatus
from nokkel.agreements.services import offer_submit
from tests.agreements.conftest import line, make_offer
from tests.factories import AccountFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFERS = "/api/v1/offers/"
CONTRACTS = "/api/v1/contracts/"


def offer_body(account, **changes):
    valid = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "account": account.pk,
        "title": "Netthandel 2026",
        "language": "en",
        "valid_until": valid,
        "contract_months": 12,
        "lines": [
            {
                "service": "overnight",
                "price_per_parcel": "22.00",
                "expected_parcels_per_month": 1000,
            },
            {
                "service": "express",
                "zone": "Oslo",
                "weight_band": "1-5",
                "price_per_parcel": "50.00",
                "expected_parcels_per_month": 100,
            },
        ],
        **changes,
    }


def test_kari_creates_an_offer_and_reads_each_lines_margin(api_as, kari, karis_account, cost_model):
    response = api_as(kari).post(OFFERS, offer_body(karis_account), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["number"].startswith("T-")
    assert body["lines"][0] == {
        "service": "overnight",
        "zone": "",
        "weight_band": "",
        "price_per_parcel": "22.00",
        "expected_parcels_per_month": 1000,
        "revenue": "22000.00",
        "cost_per_parcel": "20.00",
        "margin": "2000.00",
        "margin_share": "0.0909",
    }
    assert body["lines"][1]["margin"] == "1000.00"  # (50 − 40) × 100
    assert body["totals"] == {
        "revenue": "27000.00",
        "cost": "24000.00",
        "margin": "3000.00",
        "margin_share": "0.1111",
        "minimum_margin_share": "0.1500",
        "needs_approval": True,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "lines": [
                    {
                        "service": "overnight",
                        "price_per_parcel": "-0.01",
                        "expected_parcels_per_month": 1,
                    }
                ]
            },
            "lines",
        ),
        (
            {
                "lines": [
                    {"service": "rocket", "price_per_parcel": "1", "expected_parcels_per_month": 1}
                ]
            },
            "lines",
        ),
        ({"valid_until": "not a date"}, "valid_until"),
        ({"title": ""}, "title"),
        ({"language": "sv"}, "language"),
    ],
)
def test_bad_offers_are_refused_by_field(api_as, kari, karis_account, changes, field):
    response = api_as(kari).post(OFFERS, offer_body(karis_account, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Offer.objects.exists()


def test_a_negative_price_says_so(api_as, kari, karis_account):
    body = offer_body(karis_account)
    body["lines"][1]["price_per_parcel"] = "-5.00"
    response = api_as(kari).post(OFFERS, body, format="json")
    assert response.json()["lines"] == {
        "1": {"price_per_parcel": ["The price per parcel cannot be below zero."]}
    }


def test_the_offer_moves_through_submit_approve_send_and_accept(
    api_as, kari, sara, karis_account, cost_model
):
    offer_id = api_as(kari).post(OFFERS, offer_body(karis_account), format="json").json()["id"]
    url = f"{OFFERS}{offer_id}/"
    assert api_as(kari).post(f"{url}submit/").json()["status"] == "pending_approval"

    refused = api_as(kari).post(f"{url}send/")
    assert refused.status_code == 400
    assert "waiting for a sales manager's approval" in refused.json()["non_field_errors"][0]
    assert api_as(kari).post(f"{url}approve/").status_code == 403

    approved = api_as(sara).post(f"{url}approve/").json()
    assert (approved["status"], approved["approved_by"]) == ("approved", "sara")
    assert api_as(kari).post(f"{url}send/").json()["status"] == "sent"

    accepted = api_as(kari).post(f"{url}accept/", {"notice_months": 2}, format="json").json()
    assert accepted["status"] == "accepted"
    contract = Contract.objects.get(pk=accepted["contract"])
    assert contract.offer_id == offer_id
    assert contract.notice_months == 2
    assert contract.start_on == timezone.localdate()
    assert (contract.end_on - contract.start_on).days in range(360, 367)


def test_a_draft_is_updated_with_new_lines_but_a_sent_offer_is_not(
    api_as, kari, karis_account, cost_model
):
    offer = make_offer(karis_account, kari, valid_until=timezone.localdate() + timedelta(days=9))
    client = api_as(kari)
    response = client.patch(
        f"{OFFERS}{offer.pk}/",
        {
            "lines": [
                {
                    "service": "overnight",
                    "price_per_parcel": "30.00",
                    "expected_parcels_per_month": 10,
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["totals"]["margin"] == "100.00"
    assert client.post(f"{OFFERS}{offer.pk}/send/").status_code == 200
    refused = client.patch(f"{OFFERS}{offer.pk}/", {"title": "Ny"}, format="json")
    assert refused.status_code == 400
    revised = client.post(f"{OFFERS}{offer.pk}/revise/")
    assert revised.status_code == 201
    assert revised.json()["version"] == 2


def test_the_pdf_comes_through_the_api_in_the_language_asked(api_as, kari, healthy_offer):
    response = api_as(kari).get(f"{OFFERS}{healthy_offer.pk}/pdf/", {"language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'"{healthy_offer.number}-v1-en.pdf"')
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Non-binding offer" in text


def test_a_team_member_reads_offers_without_costs_or_margins(
    api_as, karis_account, erik, healthy_offer
):
    TeamMembershipFactory(account=karis_account, user=erik)
    body = api_as(erik).get(f"{OFFERS}{healthy_offer.pk}/").json()
    assert set(body["lines"][0]) == {
        "service",
        "zone",
        "weight_band",
        "price_per_parcel",
        "expected_parcels_per_month",
        "revenue",
    }
    assert set(body["totals"]) == {"revenue", "minimum_margin_share", "needs_approval"}
    assert api_as(erik).post(f"{OFFERS}{healthy_offer.pk}/send/").status_code == 403


def test_ola_gets_404_on_karis_offers_and_contracts(api_as, ola, kari, karis_account, thin_offer):
    offer_submit(offer=thin_offer, actor=kari, today=timezone.localdate())
    contract = Contract.objects.create(
        account=karis_account, title="Avtale", start_on=date(2026, 1, 1), end_on=date(2026, 12, 31)
    )
    client = api_as(ola)
    for rest in ("", "submit/", "approve/", "send/", "accept/", "reject/", "revise/", "pdf/"):
        method = client.get if rest in ("", "pdf/") else client.post
        assert method(f"{OFFERS}{thin_offer.pk}/{rest}").status_code == 404, rest
    assert client.patch(f"{OFFERS}{thin_offer.pk}/", {}, format="json").status_code == 404
    assert client.get(f"{CONTRACTS}{contract.pk}/").status_code == 404
    assert client.patch(f"{CONTRACTS}{contract.pk}/", {}, format="json").status_code == 404
    assert client.get(OFFERS).json()["count"] == 0
    assert client.get(CONTRACTS).json()["count"] == 0
    created = client.post(OFFERS, offer_body(karis_account), format="json")
    assert created.status_code == 400
    assert "account" in created.json()


def test_a_contract_is_registered_with_its_signed_pdf_over_multipart(api_as, kari, karis_account):
    document = SimpleUploadedFile("signert.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = api_as(kari).post(
        CONTRACTS,
        {
            "account": karis_account.pk,
            "title": "Rammeavtale 2026",
            "start_on": "2026-01-01",
            "end_on": "2026-12-31",
            "notice_months": 3,
            "auto_renewal": "true",
            "on_time_target": "98.50",
            "document": document,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["notice_deadline"] == "2026-09-30"
    assert body["on_time_target"] == "98.50"
    assert body["document_name"] == "signert.pdf"
    assert body["document"] == f"/agreements/contracts/{body['id']}/document/"


def test_contract_input_errors_name_the_field(api_as, kari, karis_account):
    client = api_as(kari)
    backwards = {
        "account": karis_account.pk,
        "title": "X",
        "start_on": "2026-06-01",
        "end_on": "2026-01-01",
    }
    response = client.post(CONTRACTS, backwards, format="json")
    assert response.status_code == 400
    assert response.json() == {"end_on": ["A contract cannot end before it starts."]}
    not_pdf = SimpleUploadedFile("a.pdf", b"GIF89a", content_type="application/pdf")
    response = client.post(
        CONTRACTS,
        {**backwards, "end_on": "2026-12-31", "document": not_pdf},
        format="multipart",
    )
    assert response.json() == {"document": ["Only PDF files can be uploaded; this is not a PDF."]}


def test_contracts_ending_within_a_number_of_days(api_as, sara, kari, segment):
    today = timezone.localdate()
    for days in (10, 100, 200):
        Contract.objects.create(
            account=AccountFactory(kam=kari, segment=segment),
            title=f"{days} dager",
            start_on=today - timedelta(days=300),
            end_on=today + timedelta(days=days),
        )
    client = api_as(sara)

    def titles(within):
        return [
            c["title"] for c in client.get(CONTRACTS, {"ending_within": within}).json()["results"]
        ]

    assert titles(90) == ["10 dager"]
    assert titles(180) == ["10 dager", "100 dager"]
    assert client.get(CONTRACTS).json()["count"] == 3
    assert client.get(CONTRACTS, {"ending_within": "soon"}).status_code == 400


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_offer_and_contract_lists_take_the_same_queries_for_one_or_many(
    api_as, kari, segment, cost_model
):
    client = api_as(kari)

    def add_one():
        account = AccountFactory(kam=kari, segment=segment)
        make_offer(account, kari, line(), line(service="express", price="45"))
        Contract.objects.create(
            account=account, title="A", start_on=date(2026, 1, 1), end_on=date(2026, 12, 31)
        )

    add_one()
    one = (_queries(client, OFFERS), _queries(client, CONTRACTS))
    for _ in range(4):
        add_one()
    assert (_queries(client, OFFERS), _queries(client, CONTRACTS)) == one


def test_a_manager_of_another_segment_cannot_approve(api_as, kari, thin_offer):
    offer_submit(offer=thin_offer, actor=kari, today=timezone.localdate())
    stranger = UserFactory(role="sales_manager")
    assert api_as(stranger).post(f"{OFFERS}{thin_offer.pk}/approve/").status_code == 404
    thin_offer.refresh_from_db()
    assert thin_offer.status == OfferStatus.PENDING_APPROVAL
