"""The offer and contract pages, and the lists managers work from."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nokkel.agreements.models import Contract, Offer, OfferStatus
from nokkel.agreements.services import offer_submit
from nokkel.needs.services import needs_analysis_record
from tests.agreements.conftest import line, make_offer
from tests.factories import AccountFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def valid_until() -> date:
    return timezone.localdate() + timedelta(days=30)


def offer_form(**lines):
    data = {
        "title": "Nattlevering 2026",
        "language": "nb",
        "valid_until": valid_until().isoformat(),
        "contract_months": "12",
        "terms": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-service": "overnight",
        "lines-0-zone": "",
        "lines-0-weight_band": "",
        "lines-0-price_per_parcel": "22.00",
        "lines-0-expected_parcels_per_month": "1000",
        "lines-1-service": "",
    }
    return {**data, **lines}


def test_a_new_offer_starts_from_the_needs_and_shows_its_margin(
    client, kari, karis_account, cost_model
):
    needs_analysis_record(
        account=karis_account,
        actor=kari,
        recorded_on=timezone.localdate(),
        data={},
        volumes={"overnight": 1800},
    )
    client.force_login(kari)
    url = f"/agreements/accounts/{karis_account.pk}/offers/new/"
    form_page = client.get(url).content.decode()
    assert 'name="lines-0-expected_parcels_per_month" value="1800"' in form_page
    response = client.post(url, offer_form())
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response.url == offer.get_absolute_url()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Needs a sales manager's approval" in page
    assert "Submit for approval" in page
    assert "Mark as sent" not in page
    assert "9.1\xa0%" in page  # 2 000 of 22 000 a month


def test_a_negative_price_is_refused_on_the_page(client, kari, karis_account):
    client.force_login(kari)
    response = client.post(
        f"/agreements/accounts/{karis_account.pk}/offers/new/",
        offer_form(**{"lines-0-price_per_parcel": "-3"}),
    )
    assert response.status_code == 200
    assert "The price per parcel cannot be below zero." in response.content.decode()
    assert not Offer.objects.exists()


def test_sara_finds_the_offer_in_her_approvals_and_approves_it(
    client, kari, sara, karis_account, cost_model
):
    offer = make_offer(karis_account, kari, line(price="22"), valid_until=valid_until())
    client.force_login(kari)
    client.post(f"/agreements/offers/{offer.pk}/submit/")
    sending = client.post(f"/agreements/offers/{offer.pk}/send/", follow=True)
    assert "cannot be sent yet" in sending.content.decode()
    assert client.get("/agreements/offers/approvals/").status_code == 403

    client.force_login(sara)
    approvals = client.get("/agreements/offers/approvals/").content.decode()
    assert offer.get_absolute_url() in approvals
    assert client.post(f"/agreements/offers/{offer.pk}/approve/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.APPROVED
    assert offer.approved_by == sara


def test_the_pdf_is_downloaded_from_the_offer_page(client, kari, healthy_offer):
    client.force_login(kari)
    response = client.get(f"/agreements/offers/{healthy_offer.pk}/pdf/?language=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_accepting_on_the_page_registers_the_contract(client, kari, karis_account, cost_model):
    offer = make_offer(karis_account, kari, valid_until=valid_until())
    client.force_login(kari)
    client.post(f"/agreements/offers/{offer.pk}/send/")
    today = timezone.localdate()
    response = client.post(
        f"/agreements/offers/{offer.pk}/accept/",
        {
            "create_contract": "on",
            "start_on": today.isoformat(),
            "end_on": (today + timedelta(days=150)).isoformat(),
            "notice_months": "1",
        },
    )
    contract = Contract.objects.get()
    assert response.url == contract.get_absolute_url()
    panel = client.get(karis_account.get_absolute_url()).content.decode()
    assert offer.get_absolute_url() in panel
    assert contract.get_absolute_url() in panel
    assert '<span class="badge offer-accepted ok">Accepted</span>' in panel
    renewals = client.get("/agreements/contracts/renewals/?within=180").content.decode()
    assert contract.get_absolute_url() in renewals
    assert (
        contract.get_absolute_url()
        not in client.get("/agreements/contracts/renewals/?within=90").content.decode()
    )


def test_a_contract_with_its_signed_pdf_from_the_page(client, kari, karis_account):
    client.force_login(kari)
    data = {
        "title": "Rammeavtale",
        "start_on": "2026-01-01",
        "end_on": "2025-12-31",
        "notice_months": "3",
        "document": SimpleUploadedFile("a.pdf", b"%PDF-1.5 x", content_type="application/pdf"),
    }
    refused = client.post(f"/agreements/accounts/{karis_account.pk}/contracts/new/", data)
    assert "A contract cannot end before it starts." in refused.content.decode()
    data["end_on"] = "2026-12-31"
    data["document"] = SimpleUploadedFile("a.pdf", b"%PDF-1.5 x", content_type="application/pdf")
    client.post(f"/agreements/accounts/{karis_account.pk}/contracts/new/", data)
    contract = Contract.objects.get()
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "30.09.2026" in page  # the notice deadline
    download = client.get(f"/agreements/contracts/{contract.pk}/document/")
    assert b"".join(download.streaming_content) == b"%PDF-1.5 x"


def test_ola_gets_404_on_karis_offer_and_contract_pages(
    client, ola, kari, karis_account, cost_model
):
    offer = make_offer(karis_account, kari)
    contract = Contract.objects.create(
        account=karis_account, title="A", start_on=date(2026, 1, 1), end_on=date(2026, 12, 31)
    )
    client.force_login(ola)
    for url in (
        f"/agreements/offers/{offer.pk}/",
        f"/agreements/offers/{offer.pk}/edit/",
        f"/agreements/offers/{offer.pk}/pdf/",
        f"/agreements/contracts/{contract.pk}/",
        f"/agreements/contracts/{contract.pk}/edit/",
        f"/agreements/contracts/{contract.pk}/document/",
        f"/agreements/accounts/{karis_account.pk}/offers/new/",
        f"/agreements/accounts/{karis_account.pk}/contracts/new/",
    ):
        assert client.get(url).status_code == 404, url
    for action in ("submit", "approve", "send", "accept", "reject", "revise"):
        assert client.post(f"/agreements/offers/{offer.pk}/{action}/").status_code == 404


def test_a_team_member_sees_the_offer_but_not_its_margins_and_cannot_change_it(
    client, erik, kari, karis_account, cost_model
):
    offer = make_offer(karis_account, kari)
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(erik)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Cost per parcel" not in page
    assert "Margin per month" not in page
    assert client.get(f"/agreements/offers/{offer.pk}/edit/").status_code == 403
    assert client.post(f"/agreements/offers/{offer.pk}/send/").status_code == 403


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_manager_lists_take_the_same_queries_for_one_or_many(
    client, kari, sara, segment, cost_model
):
    today = timezone.localdate()

    def add_one():
        account = AccountFactory(kam=kari, segment=segment)
        offer = make_offer(account, kari, line(price="21"), line(service="express", price="41"))
        offer_submit(offer=offer, actor=kari, today=today)
        Contract.objects.create(
            account=account, title="A", start_on=today, end_on=today + timedelta(days=30)
        )

    client.force_login(sara)
    add_one()
    one = [
        _queries(client, url)
        for url in ("/agreements/offers/approvals/", "/agreements/contracts/renewals/")
    ]
    for _ in range(4):
        add_one()
    assert [
        _queries(client, url)
        for url in ("/agreements/offers/approvals/", "/agreements/contracts/renewals/")
    ] == one
