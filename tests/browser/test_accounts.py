"""The account pages in a real browser, as the KAMs use them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from nokkel.accounts.models import Account, Contact
from tests.browser.conftest import login
from tests.factories import AccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def karis_accounts(kari, segment):
    return [
        AccountFactory(name="Fjellsport Nettbutikk AS", kam=kari, segment=segment),
        AccountFactory(name="Kystmat Engros AS", kam=kari, segment=segment),
        AccountFactory(name="Bokhylla Nord AS", kam=kari, segment=segment),
    ]


@pytest.fixture
def olas_account(ola, segment):
    return AccountFactory(name="Olas Sykkelbutikk AS", kam=ola, segment=segment)


def test_pages_load_their_stylesheet_and_htmx(page: Page, live_server, kari):
    # Every other story needs app.css and htmx; when they are missing this test names the cause.
    missing: list[str] = []
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/accounts/", wait_until="load")

    static_failures = sorted({entry for entry in missing if "/static/" in entry})
    assert static_failures == [], "static files did not load: " + ", ".join(static_failures)
    assert page.evaluate("typeof window.htmx") == "object"


def test_kari_finds_her_account_adds_a_contact_and_reads_the_page_in_norwegian(
    page: Page, live_server, kari, karis_accounts, olas_account
):
    fjellsport = karis_accounts[0]
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/accounts/")
    results = page.locator("#account-results")
    expect(results).to_contain_text("Kystmat Engros AS")
    expect(results).not_to_contain_text("Olas Sykkelbutikk AS")

    page.get_by_role("searchbox", name="Search").press_sequentially("fjellsp")
    # htmx swaps the results in place and pushes the query into the address bar.
    expect(page).to_have_url(re.compile(r"[?&]q=fjellsp"))
    expect(results).to_contain_text("1 account")
    expect(results).not_to_contain_text("Kystmat Engros AS")
    expect(results).not_to_contain_text("Bokhylla Nord AS")

    results.get_by_role("link", name="Fjellsport Nettbutikk AS").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{fjellsport.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjellsport Nettbutikk AS")

    contacts = page.locator("#panel-contacts")
    expect(contacts).to_contain_text("No contacts yet.")
    contacts.get_by_role("link", name="Add contact").click()
    form = contacts.locator("#contact-form-slot form")
    expect(form.get_by_role("heading", name="New contact")).to_be_visible()
    # The inline form came in over htmx: the page itself did not change.
    expect(page).to_have_url(re.compile(rf"/accounts/{fjellsport.pk}/$"))
    form.get_by_label("Name").fill("Ingrid Solberg")
    form.get_by_label("E-mail").fill("ingrid.solberg@fjellsport.example")
    form.get_by_label("Phone").fill("+47 912 34 567")
    form.get_by_label("Title").fill("Innkjøpssjef")
    form.get_by_label("Buying role").select_option(label="Decision maker")
    form.get_by_role("button", name="Save contact").click()

    contacts = page.locator("#panel-contacts")
    expect(contacts.locator("ul.people")).to_contain_text("Ingrid Solberg, Innkjøpssjef")
    expect(contacts).to_contain_text("Decision maker")
    expect(contacts.locator("#contact-form-slot form")).to_have_count(0)
    contact = Contact.objects.get(account=fjellsport, name="Ingrid Solberg")
    assert contact.email == "ingrid.solberg@fjellsport.example"
    assert contact.title == "Innkjøpssjef"
    assert contact.buying_role == "decision_maker"

    page.get_by_role("button", name="Norsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page).to_have_url(re.compile(rf"/accounts/{fjellsport.pk}/$"))
    expect(page.locator("#panel-contacts-title")).to_have_text("Kontakter")
    expect(page.locator("#panel-team-title")).to_have_text("Kundeteam")
    expect(page.locator("form.logout button")).to_have_text("Logg ut")


def test_ola_opening_karis_account_url_gets_not_found(
    page: Page, live_server, ola, karis_accounts, olas_account
):
    fjellsport = karis_accounts[0]
    login(page, live_server, "ola")

    response = page.goto(f"{live_server.url}{fjellsport.get_absolute_url()}")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("body")).not_to_contain_text("Fjellsport")


def test_the_account_list_works_at_phone_width(page: Page, live_server, kari, karis_accounts):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/accounts/")

    table = page.locator("#account-results table")
    expect(table.locator("thead")).to_be_hidden()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Each row is a card: one block, with every cell labelled and stacked.
    first = rows.first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    box = first.bounding_box()
    assert box is not None
    assert box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    org_cell = first.locator("td[data-label='Org. number']")
    label = org_cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Org. number"'

    page.get_by_role("link", name="Kystmat Engros AS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kystmat Engros AS")
    expect(page.locator("#panel-contacts")).to_be_visible()


def test_a_bad_org_number_is_explained_on_the_form(page: Page, live_server, kari, segment):
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="New account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New account")

    page.get_by_label("Name").fill("Havbris Interiør AS")
    page.get_by_label("Organisation number").fill("123456789")
    page.get_by_role("button", name="Save", exact=True).click()

    error = page.locator("#id_org_number-error")
    expect(error).to_contain_text("check digit")
    expect(page.get_by_label("Organisation number")).to_have_value("123456789")
    expect(page.get_by_role("heading", level=1)).to_have_text("New account")
    assert not Account.objects.filter(name="Havbris Interiør AS").exists()
