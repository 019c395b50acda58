"""An offer in a real browser: Kari prices it thin, Sara approves, the customer signs."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from nokkel.agreements.models import Contract, CostRate, Offer, OfferStatus
from tests.browser.conftest import login
from tests.factories import AccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_kari_builds_a_thin_offer_sara_approves_it_and_the_contract_comes_up_for_renewal(
    page: Page, live_server, kari, sara, segment, tmp_path
):
    account = AccountFactory(name="Fjellsport Nettbutikk AS", kam=kari, segment=segment)
    CostRate.objects.create(service="overnight", cost_per_parcel=Decimal("20.00"))

    # Kari prices overnight delivery at 22 kr against a cost of 20 kr: a 9 % margin.
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}{account.get_absolute_url()}")
    page.locator("#panel-agreements").get_by_role("link", name="New offer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New offer for Fjellsport")
    page.get_by_label("Title").fill("Nattlevering 2027")
    page.get_by_label("Language of the offer").select_option("en")
    page.get_by_label("Service 1", exact=True).select_option("overnight")
    page.get_by_label("Price per parcel (NOK) 1", exact=True).fill("22.00")
    page.get_by_label("Parcels per month 1", exact=True).fill("1000")
    page.get_by_role("button", name="Save offer").click()

    offer = Offer.objects.get(account=account)
    expect(page).to_have_url(re.compile(rf"/agreements/offers/{offer.pk}/$"))
    expect(page.locator("#margin-summary")).to_contain_text("Needs a sales manager's approval")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".page-head .badge")).to_have_text("Pending approval")
    expect(page.get_by_role("button", name="Mark as sent")).to_have_count(0)
    log_out(page)

    # Sara finds it among the offers waiting for her and approves it.
    login(page, live_server, "sara")
    page.goto(f"{live_server.url}/agreements/offers/approvals/")
    page.locator("#approval-list").get_by_role("link", name="Nattlevering 2027").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".page-head .badge")).to_have_text("Approved")
    log_out(page)

    # Kari sends it and downloads the PDF for the customer.
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}{offer.get_absolute_url()}")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator(".page-head .badge")).to_have_text("Sent")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF in English").click()
    download = download_info.value
    assert download.suggested_filename == f"{offer.number}-v1-en.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = " ".join(PdfReader(saved).pages[0].extract_text().split())
    assert "Non-binding offer" in text
    assert "Fjellsport Nettbutikk AS" in text
    assert "NOK 22.00" in text
    assert "NOK 22,000.00" in text

    # The customer accepts; a five-month contract is registered from the offer.
    ends = timezone.localdate() + timedelta(days=150)
    accept = page.locator("#accept-form")
    expect(accept.get_by_label("Register the contract now")).to_be_checked()
    accept.get_by_label("Contract end").fill(ends.isoformat())
    accept.get_by_role("button", name="Record acceptance").click()
    contract = Contract.objects.get(account=account)
    expect(page).to_have_url(re.compile(rf"/agreements/contracts/{contract.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nattlevering 2027")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    log_out(page)

    # Sara's renewal list shows it among the contracts ending in the next 180 days.
    login(page, live_server, "sara")
    page.goto(f"{live_server.url}/agreements/contracts/renewals/")
    expect(page.locator("#renewal-list")).to_have_count(0)
    page.get_by_role("link", name="Ending in the next 180 days").click()
    row = page.locator("#renewal-list tr", has_text="Fjellsport Nettbutikk AS")
    expect(row).to_contain_text("Nattlevering 2027")
    expect(row).to_contain_text(ends.strftime("%d.%m.%Y"))
