"""Leads and the pipeline board in a real browser: from the web site's form to a won deal."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Locator, Page, expect

from nokkel.pipeline.models import Lead, Opportunity, PhaseChange
from tests.browser.conftest import login
from tests.pipeline.factories import competitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def send_lead(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/lead/?embed=1")
    page.get_by_label("Company").fill("Sykkelhuset Nett AS")
    page.get_by_label("Your name").fill("Ingrid Dahl")
    page.get_by_label("E-mail").fill("ingrid@sykkelhuset.no")
    page.get_by_label("Estimated parcels per month").fill("2500")
    page.get_by_label("Overnight").check()
    page.get_by_label("Message").fill("Vi vil ha tilbud på levering om natten.")
    page.get_by_label("I agree to be contacted about this request.").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("We have received your request")


def test_a_lead_from_the_web_site_becomes_a_prospect_that_its_kam_moves_across_the_board(
    page: Page, live_server, kari, ola
):
    # Browser tests flush the database between tests, the migration's seeded rivals too.
    competitor("PostNord")
    # Without consent nothing happens: the form says why.
    page.goto(f"{live_server.url}/lead/")
    page.get_by_label("Company").fill("Sykkelhuset Nett AS")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".error").first).to_be_visible()
    expect(page.get_by_text("We can only contact you with your consent.")).to_be_visible()
    assert Lead.objects.count() == 0

    send_lead(page, live_server)
    lead = Lead.objects.select_related("account", "assigned_to").get()
    assert lead.account.status == "prospect"
    assert lead.assigned_to == kari  # the first KAM in turn

    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/my-day/")
    expect(page.locator("main")).to_contain_text(
        "Contact the new lead Ingrid Dahl at Sykkelhuset Nett AS"
    )
    page.goto(f"{live_server.url}{lead.account.get_absolute_url()}")
    expect(page.locator(".page-head")).to_contain_text("Prospect")
    expect(page.locator("#panel-opportunities")).to_contain_text("Web lead: Sykkelhuset Nett AS")

    page.goto(f"{live_server.url}/pipeline/")
    card = page.locator(".opportunity-card", has_text="Sykkelhuset Nett AS")
    expect(page.locator('[data-phase-list="identify"]')).to_contain_text("Sykkelhuset Nett AS")

    drag(page, card, "contact")
    expect(page.locator('[data-phase-list="contact"]')).to_contain_text("Sykkelhuset Nett AS")
    expect(page.locator('[data-phase-list="identify"]')).not_to_contain_text("Sykkelhuset")
    opportunity = Opportunity.objects.get()
    _wait_for_phase(opportunity, "contact")

    # On to the offer: the customer is still searching for information, so the card warns.
    drag(page, page.locator(".opportunity-card", has_text="Sykkelhuset Nett AS"), "offer")
    offer_column = page.locator('[data-phase-list="offer"]')
    expect(offer_column).to_contain_text("Sykkelhuset Nett AS")
    expect(offer_column.locator(".mismatch")).to_contain_text("still at Information search")
    _wait_for_phase(opportunity, "offer")
    assert list(
        PhaseChange.objects.filter(opportunity=opportunity).values_list("to_phase", flat=True)
    ) == ["identify", "contact", "offer"]

    # Dropping on lost asks why first.
    page.locator(".opportunity-card", has_text="Sykkelhuset Nett AS").drag_to(
        page.locator('[data-phase-list="lost"]')
    )
    expect(page).to_have_url(re.compile(r"/move/\?phase=lost$"))
    page.get_by_label("Lost because of").select_option("price")
    page.get_by_label("Lost to").select_option(label="PostNord")
    page.get_by_role("button", name="Move").click()
    expect(page.locator(".page-head")).to_contain_text("Lost")
    opportunity.refresh_from_db()
    assert (opportunity.phase, opportunity.lost_reason, opportunity.lost_to.name) == (
        "lost",
        "price",
        "PostNord",
    )


def drag(page: Page, card: Locator, phase: str) -> None:
    """Drag a card onto a phase column and wait for the server's redrawn board."""
    with page.expect_response(lambda r: "/move/" in r.url and r.request.method == "POST"):
        card.drag_to(page.locator(f'[data-phase-list="{phase}"]'))


def _wait_for_phase(opportunity: Opportunity, phase: str) -> None:
    # The board was redrawn from the stored phase, so what the page shows is stored.
    opportunity.refresh_from_db()
    assert opportunity.phase == phase
