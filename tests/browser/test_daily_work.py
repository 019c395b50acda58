"""Ten-second logging in a real browser: type, submit, see it on the account and My day."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from nokkel.activities.models import FollowUp, Interaction
from tests.browser.conftest import login
from tests.factories import AccountFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kari_logs_a_meeting_from_the_header_box_in_two_actions(
    page: Page, live_server, kari, segment
):
    account = AccountFactory(name="Bokhuset AS", kam=kari, segment=segment)
    ContactFactory(account=account, name="Kari Hansen")
    login(page, live_server, "kari")

    box = page.locator("#quick-log-text")
    # Action one: type. The preview shows what will be saved before anything is.
    box.fill(
        "Møte med Kari Hansen (Bokhuset) i går, diskuterte helgelevering. Neste: send tilbud fredag"
    )
    expect(page.locator("#quick-log-preview")).to_contain_text("Bokhuset AS")
    # Action two: submit.
    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}{account.get_absolute_url()}")
    timeline = page.locator("#panel-timeline")
    expect(timeline).to_contain_text("diskuterte helgelevering")
    expect(timeline).to_contain_text("Kari Hansen")
    interaction = Interaction.objects.get(account=account)
    assert interaction.kind == "meeting"
    follow_up = FollowUp.objects.get(account=account)
    assert follow_up.title == "Send tilbud"

    # The follow-up is on My day, within the coming week.
    page.get_by_role("link", name="My day").click()
    expect(page.locator("#my-follow-ups")).to_contain_text("Send tilbud")
