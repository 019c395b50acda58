"""The early warning in a real browser: Kari sees her key account slipping away, says what
she is doing about it, and the account's timeline keeps it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.health.helpers import losing_key_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def losing(kari, segment):
    # The demo's lost-account pattern: volume moving to a rival, the champion gone, contact
    # thinning out, and a complaint that Posten/Bring offered a better price.
    return losing_key_account(
        kam=kari, today=timezone.localdate(), segment=segment, name="Moltekaffe.no AS"
    )


def test_kari_acknowledges_the_warning_on_her_slipping_key_account(
    page: Page, live_server, kari, losing
):
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/health/warnings/")
    expect(page.get_by_role("heading", name="Early warnings")).to_be_visible()
    expect(page.locator("#open-warnings")).to_have_text("1 open")

    row = page.locator(f"#warning-{losing.pk}")
    expect(row.get_by_role("link", name="Moltekaffe.no AS")).to_be_visible()
    expect(row).to_contain_text("Turned red")
    reasons = row.locator("ol.reasons li")
    expect(reasons).to_have_count(3)
    expect(reasons.nth(0)).to_contain_text("No contact with this key account for 35 days")
    expect(reasons.nth(1)).to_contain_text("Our champion Siri Lund left on")
    expect(row.locator("ul.steps")).to_contain_text("Book a meeting.")
    expect(row.locator("ul.steps")).to_contain_text("Find and meet a new champion.")

    row.get_by_label("What are you doing about it?").fill(
        "Møte med Anna Dahl torsdag om ny avtale og priser"
    )
    row.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".message")).to_contain_text("Warning on Moltekaffe.no AS acknowledged")
    expect(page.locator("#open-warnings")).to_have_text("0 open")
    expect(row.locator(".acknowledged")).to_contain_text("Acknowledged by Kari Nordmann on")

    row.get_by_role("link", name="Moltekaffe.no AS").click()
    health = page.locator("#panel-health")
    expect(health.locator("#health-score")).to_contain_text("Red")
    expect(health.locator("#health-overrides")).to_contain_text("Our champion Siri Lund left")
    timeline = page.locator("#panel-timeline")
    expect(timeline).to_contain_text(
        "acknowledged: Møte med Anna Dahl torsdag om ny avtale og priser"
    )
    expect(timeline).to_contain_text("Kari Nordmann")
