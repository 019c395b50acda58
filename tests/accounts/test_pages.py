"""The account pages as a KAM uses them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nokkel.accounts.models import Account, Contact
from nokkel.timeline.models import TimelineEvent
from tests.factories import AccountFactory, ContactFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def test_a_kam_sees_her_accounts_and_not_others(client, kari, ola, karis_account):
    AccountFactory(name="Olas Butikk AS", kam=ola)
    client.force_login(kari)
    page = client.get(reverse("accounts:account-list")).content.decode()
    assert "Fjellsport Nettbutikk AS" in page
    assert "Olas Butikk AS" not in page


def test_search_finds_an_account_by_name_org_number_and_customer_number(client, kari, segment):
    account = AccountFactory(
        name="Tindehandel AS", kam=kari, segment=segment, customer_number="K777001"
    )
    AccountFactory(name="Annen Butikk AS", kam=kari, segment=segment)
    client.force_login(kari)
    for query in ("tindehandel", account.org_number, "K777001"):
        page = client.get(reverse("accounts:account-list"), {"q": query}).content.decode()
        assert "Tindehandel AS" in page, query
        assert "Annen Butikk AS" not in page, query


def test_filters_narrow_the_list(client, sara, segment):
    AccountFactory(name="Nøkkelkunde AS", segment=segment, is_key_account=True)
    AccountFactory(name="Vanlig Kunde AS", segment=segment, status="prospect")
    client.force_login(sara)
    page = client.get(reverse("accounts:account-list"), {"key": "yes"}).content.decode()
    assert "Nøkkelkunde AS" in page
    assert "Vanlig Kunde AS" not in page
    page = client.get(reverse("accounts:account-list"), {"status": "prospect"}).content.decode()
    assert "Vanlig Kunde AS" in page
    assert "Nøkkelkunde AS" not in page


def test_another_kam_opening_the_account_url_gets_404(client, ola, karis_account):
    client.force_login(ola)
    assert client.get(karis_account.get_absolute_url()).status_code == 404


def test_the_account_page_shows_contacts_team_and_timeline(client, kari, erik, karis_account):
    ContactFactory(account=karis_account, name="Per Bakken")
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(kari)
    page = client.get(karis_account.get_absolute_url()).content.decode()
    assert "Per Bakken" in page
    assert "Erik Lie" in page
    assert 'id="panel-timeline"' in page


def test_the_confidential_note_is_shown_to_the_kam_but_not_to_a_team_member(
    client, kari, erik, karis_account
):
    Account.objects.filter(pk=karis_account.pk).update(confidential_note="Pris under Posten")
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(kari)
    assert "Pris under Posten" in client.get(karis_account.get_absolute_url()).content.decode()
    client.force_login(erik)
    page = client.get(karis_account.get_absolute_url())
    assert page.status_code == 200
    assert "Pris under Posten" not in page.content.decode()


def test_creating_an_account_with_a_bad_org_number_names_the_problem(client, kari, segment):
    client.force_login(kari)
    response = client.post(
        reverse("accounts:account-create"),
        {"name": "Feil AS", "org_number": "123456789", "status": "prospect"},
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not Account.objects.filter(name="Feil AS").exists()


def test_a_duplicate_org_number_names_the_existing_account_when_visible(
    client, kari, karis_account
):
    client.force_login(kari)
    response = client.post(
        reverse("accounts:account-create"),
        {"name": "Kopi AS", "org_number": karis_account.org_number, "status": "prospect"},
    )
    assert "Fjellsport Nettbutikk AS" in response.content.decode()
    assert not Account.objects.filter(name="Kopi AS").exists()


def test_a_duplicate_org_number_does_not_reveal_a_hidden_account(client, ola, karis_account):
    client.force_login(ola)
    response = client.post(
        reverse("accounts:account-create"),
        {"name": "Kopi AS", "org_number": karis_account.org_number, "status": "prospect"},
    )
    body = response.content.decode()
    assert "already used by another account" in body
    assert "Fjellsport" not in body


def test_a_kam_creates_an_account_and_becomes_its_kam(client, kari, segment):
    client.force_login(kari)
    response = client.post(
        reverse("accounts:account-create"),
        {
            "name": "Ny Kunde AS",
            "org_number": "923 609 016",
            "status": "prospect",
            "segment": segment.pk,
            "kam": kari.pk,
        },
    )
    account = Account.objects.get(name="Ny Kunde AS")
    assert response.status_code == 302
    assert account.org_number == "923609016"
    assert account.kam == kari
    assert TimelineEvent.objects.filter(account=account, kind="account_created").exists()


def test_adding_a_contact_with_a_bad_email_and_phone_shows_field_errors(
    client, kari, karis_account
):
    client.force_login(kari)
    response = client.post(
        reverse("accounts:contact-create", args=[karis_account.pk]),
        {"name": "Feil Person", "email": "ikke-epost", "phone": "12", "sentiment": "neutral"},
    )
    body = response.content.decode()
    assert "valid email" in body
    assert "is not a phone number" in body
    assert not Contact.objects.filter(name="Feil Person").exists()


def test_editing_with_a_stale_version_is_refused_and_nothing_is_saved(client, kari, karis_account):
    client.force_login(kari)
    url = reverse("accounts:account-edit", args=[karis_account.pk])
    form = {
        "name": "Nytt Navn AS",
        "status": "customer",
        "version": karis_account.version,
        "org_number": karis_account.org_number,
        "kam": kari.pk,
    }
    Account.objects.filter(pk=karis_account.pk).update(version=karis_account.version + 1)
    response = client.post(url, form)
    assert "Someone else changed this account" in response.content.decode()
    karis_account.refresh_from_db()
    assert karis_account.name == "Fjellsport Nettbutikk AS"


def test_a_read_only_user_can_see_but_not_edit(client, karis_account):
    from tests.factories import UserFactory

    reader = UserFactory(username="leser", role="read_only")
    TeamMembershipFactory(account=karis_account, user=reader)
    client.force_login(reader)
    assert client.get(karis_account.get_absolute_url()).status_code == 200
    assert client.get(reverse("accounts:account-edit", args=[karis_account.pk])).status_code == 403


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_account_list_runs_the_same_queries_for_5_or_40_accounts(client, kari, segment):
    client.force_login(kari)
    AccountFactory.create_batch(5, kam=kari, segment=segment)
    few = _queries(client, reverse("accounts:account-list"))
    AccountFactory.create_batch(35, kam=kari, segment=segment)
    many = _queries(client, reverse("accounts:account-list"))
    assert few == many
    assert many <= 8


def test_the_account_page_runs_the_same_queries_for_few_or_many_contacts(
    client, kari, karis_account
):
    client.force_login(kari)
    ContactFactory.create_batch(2, account=karis_account)
    few = _queries(client, karis_account.get_absolute_url())
    ContactFactory.create_batch(20, account=karis_account)
    TeamMembershipFactory.create_batch(4, account=karis_account)
    many = _queries(client, karis_account.get_absolute_url())
    assert few == many
    # Every app's panel reads through its own selectors in a fixed number of queries;
    # this caps the sum so a panel that starts to loop shows up here.
    assert many <= 45
