"""A customer survey in a real browser: Kari sends it, the customer answers on a phone
through the e-mailed link, the team gives its estimate, and Kari reads both gaps."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from nokkel.surveys.models import SurveyCampaign, SurveyResponse
from tests.browser.conftest import login
from tests.factories import AccountFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
CUSTOMER_POINTS = {
    "accuracy": 40,
    "availability": 20,
    "adaptation": 10,
    "advice": 10,
    "value_for_money": 10,
    "integration": 10,
}
TEAM_POINTS = {**dict.fromkeys(CUSTOMER_POINTS, 10), "value_for_money": 50}


@pytest.fixture
def fjellsport(kari, segment):
    account = AccountFactory(
        name="Fjellsport Nettbutikk AS", kam=kari, segment=segment, is_key_account=True
    )
    ContactFactory(account=account, name="Per Bakken", email="per@fjellsport.example")
    return account


def _choose(page: Page, name: str, value: int) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check()


def _fill_points(page: Page, points: dict[str, int]) -> None:
    for area, value in points.items():
        page.locator(f"input[name='imp_{area}']").fill(str(value))


def test_a_survey_answered_on_a_phone_shows_both_gaps_to_the_kam(
    page: Page, browser: Browser, live_server, kari, fjellsport, settings
):
    # The e-mailed link starts with the configured site address: here, the test server.
    settings.NOKKEL_BASE_URL = live_server.url
    # Kari starts a survey from the account page and sends it.
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}{fjellsport.get_absolute_url()}")
    page.locator("#panel-voice").get_by_role("link", name="New survey").click()
    page.get_by_label("Language of the survey").select_option("en")
    page.get_by_role("button", name="Create and choose recipients").click()
    expect(page.locator("#recipients")).to_contain_text("Per Bakken")
    page.get_by_role("button", name="Send the survey").click()
    expect(page.locator("#messages")).to_contain_text("on its way to 1 person")

    # The link comes by e-mail.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["per@fjellsport.example"]
    link = re.search(r"https?://\S+/s/[\w-]+/", mail.outbox[0].body)
    assert link is not None

    # Per answers on his phone: accuracy falls far short of what he expects.
    statements = list(SurveyCampaign.objects.get().questionnaire.statements.all())
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-US")
    try:
        customer = phone.new_page()
        customer.goto(link.group(0))
        expect(customer.get_by_role("heading", level=1)).to_contain_text("How are we doing")
        for statement in statements:
            low = statement.area == "accuracy"
            _choose(customer, f"e_{statement.pk}", 7 if low else 6)
            _choose(customer, f"p_{statement.pk}", 3 if low else 6)
        _fill_points(customer, {**CUSTOMER_POINTS, "integration": 20})
        total = customer.locator("[data-importance-total]")
        expect(total).to_contain_text("110")  # the running total helps before sending
        customer.locator("input[name='imp_integration']").fill("10")
        expect(total).to_contain_text("100")
        expect(total).to_have_class(re.compile(r"\bok\b"))
        _choose(customer, "nps", 6)
        _choose(customer, "csat", 2)
        customer.get_by_label("Anything else you would like to tell us?").fill(
            "Parcels to Tromsø keep arriving a day late."
        )
        no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
        assert customer.evaluate(no_sideways_scroll)
        customer.get_by_role("button", name="Send my answers").click()
        expect(customer.get_by_role("heading", name="Thank you!")).to_be_visible()
    finally:
        phone.close()
    assert SurveyResponse.objects.get().nps == 6

    # The answers wait for the team's estimate; Kari gives it.
    page.goto(f"{live_server.url}{fjellsport.get_absolute_url()}")
    voice = page.locator("#panel-voice")
    voice.get_by_role("link", name="Give the team's estimate").click()
    for statement in statements:
        _choose(page, f"e_{statement.pk}", 4)
    _fill_points(page, TEAM_POINTS)
    page.get_by_role("button", name="Save the estimate").click()

    # The chart and the table show the customer gap and the knowledge gap.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fjellsport Nettbutikk AS")
    expect(page.locator("canvas[data-survey-chart='levels'][data-drawn='1']")).to_be_attached()
    expect(page.locator("canvas[data-survey-chart='gaps'][data-drawn='1']")).to_be_attached()
    accuracy = page.locator("#survey-areas tr[data-area='accuracy']")
    expect(accuracy.locator("td[data-label='Customer gap']")).to_have_text("−4.0")
    expect(accuracy.locator("td[data-label='Knowledge gap']")).to_have_text("+3.0")
    advice = page.locator("#survey-areas tr[data-area='advice']")
    expect(advice.locator("td[data-label='Customer gap']")).to_have_text("0.0")
    expect(advice.locator("td[data-label='Knowledge gap']")).to_have_text("+2.0")
    expect(page.locator("#survey-results")).to_contain_text(
        "The customer ranks Accuracy as most important; the team believed it was Value for money."
    )
    expect(page.locator("#survey-respondents")).to_contain_text("Parcels to Tromsø")
