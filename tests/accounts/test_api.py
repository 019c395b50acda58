"""The accounts API, told as what integrations and people can and cannot do through it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient

from nokkel.accounts.models import Account, Contact, TeamMembership
from nokkel.accounts.services import account_update, contact_update
from nokkel.users.models import Role
from tests.factories import (
    AccountFactory,
    ContactFactory,
    SegmentFactory,
    TeamMembershipFactory,
    UserFactory,
    valid_org_number,
)

ACCOUNTS = "/api/v1/accounts/"
CONTACTS = "/api/v1/contacts/"


def account_url(account: Account) -> str:
    return f"{ACCOUNTS}{account.pk}/"


def team_url(account: Account) -> str:
    return f"{ACCOUNTS}{account.pk}/team/"


def contact_url(contact: Contact) -> str:
    return f"{CONTACTS}{contact.pk}/"


@pytest.fixture
def api_as():
    """A client signed in the way integrations are: with the user's token."""

    def client_for(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def erik_on_karis_team(erik, karis_account):
    return TeamMembershipFactory(account=karis_account, user=erik, role="operations")


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


# Seeing: the door


def test_a_kam_cannot_read_another_kams_account_through_the_api(
    api_as, ola, karis_account, karis_contact
):
    AccountFactory(name="Olas Sykkel AS", kam=ola)
    client = api_as(ola)

    assert client.get(account_url(karis_account)).status_code == 404
    assert client.get(contact_url(karis_contact)).status_code == 404
    assert client.get(team_url(karis_account)).status_code == 404
    assert names(client.get(ACCOUNTS)) == ["Olas Sykkel AS"]
    assert names(client.get(CONTACTS)) == []
    assert names(client.get(CONTACTS, {"account": karis_account.pk})) == []


def test_a_kam_cannot_change_another_kams_account_either(
    api_as, ola, karis_account, karis_contact, erik_on_karis_team
):
    client = api_as(ola)
    membership_url = f"{team_url(karis_account)}{erik_on_karis_team.pk}/"

    assert client.patch(account_url(karis_account), {"name": "X"}).status_code == 404
    assert client.put(account_url(karis_account), {"name": "X"}).status_code == 404
    assert client.patch(contact_url(karis_contact), {"name": "X"}).status_code == 404
    assert client.post(team_url(karis_account), {"user": "ola", "role": "kam"}).status_code == 404
    assert client.delete(membership_url).status_code == 404
    karis_account.refresh_from_db()
    assert karis_account.name == "Fjellsport Nettbutikk AS"
    assert karis_account.kam.username == "kari"


def test_adding_a_contact_to_a_hidden_account_says_the_account_does_not_exist(
    api_as, ola, karis_account
):
    response = api_as(ola).post(CONTACTS, {"account": karis_account.pk, "name": "Spion"})
    assert response.status_code == 400
    assert "does not exist" in response.json()["account"][0]
    assert not karis_account.contacts.exists()


def test_accounts_cannot_be_deleted(api_as, kari, karis_account):
    assert api_as(kari).delete(account_url(karis_account)).status_code == 405
    assert Account.objects.filter(pk=karis_account.pk).exists()


def test_a_sales_manager_sees_every_account_in_her_segment(api_as, sara, karis_account, ola):
    AccountFactory(name="Annet Segment AS", kam=ola)
    assert names(api_as(sara).get(ACCOUNTS)) == ["Fjellsport Nettbutikk AS"]


# The confidential note


def test_confidential_note_is_hidden_from_team_members(
    api_as, kari, sara, erik, karis_account, erik_on_karis_team
):
    account_update(account=karis_account, actor=kari, data={"confidential_note": "Rabatt 30 %"})

    as_erik = api_as(erik).get(account_url(karis_account)).json()
    assert "confidential_note" not in as_erik
    assert "confidential_note" not in api_as(erik).get(ACCOUNTS).json()["results"][0]
    assert api_as(kari).get(account_url(karis_account)).json()["confidential_note"] == "Rabatt 30 %"
    assert api_as(sara).get(account_url(karis_account)).json()["confidential_note"] == "Rabatt 30 %"


# Listing


def test_lists_come_in_pages(api_as, kari, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    AccountFactory.create_batch(3, kam=kari)

    first = api_as(kari).get(ACCOUNTS).json()

    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].endswith("?page=2")
    assert len(api_as(kari).get(first["next"]).json()["results"]) == 1


def test_accounts_are_found_by_name_org_number_or_customer_number(api_as, kari):
    AccountFactory(name="Fjellsport AS", kam=kari, org_number=valid_org_number(900))
    AccountFactory(name="Havfisk AS", kam=kari, customer_number="K777001")
    client = api_as(kari)

    assert names(client.get(ACCOUNTS, {"search": "fjell"})) == ["Fjellsport AS"]
    assert names(client.get(ACCOUNTS, {"search": valid_org_number(900)[:5]})) == ["Fjellsport AS"]
    assert names(client.get(ACCOUNTS, {"search": "K777001"})) == ["Havfisk AS"]


def test_accounts_are_filtered_by_segment_kam_status_and_key_account(api_as, admin_user, kari, ola):
    post = SegmentFactory(name="Post")
    AccountFactory(name="A", kam=kari, segment=post, status="customer", is_key_account=True)
    AccountFactory(name="B", kam=ola, status="prospect")
    client = api_as(admin_user)

    assert names(client.get(ACCOUNTS, {"segment": post.pk})) == ["A"]
    assert names(client.get(ACCOUNTS, {"segment": "Post"})) == ["A"]
    assert names(client.get(ACCOUNTS, {"kam": "ola"})) == ["B"]
    assert names(client.get(ACCOUNTS, {"status": "prospect"})) == ["B"]
    assert names(client.get(ACCOUNTS, {"is_key_account": "true"})) == ["A"]
    assert names(client.get(ACCOUNTS, {"is_key_account": "false"})) == ["B"]
    assert names(client.get(ACCOUNTS, {"kam": "nobody"})) == []


def test_a_filter_that_makes_no_sense_is_a_400(api_as, kari):
    response = api_as(kari).get(ACCOUNTS, {"is_key_account": "perhaps"})
    assert response.status_code == 400
    assert "is_key_account" in response.json()


def test_the_account_list_costs_the_same_queries_for_3_or_30_accounts(api_as, sara, segment):
    group = AccountFactory(segment=segment)

    def add_accounts(count: int) -> None:
        for _ in range(count):
            AccountFactory(segment=segment, deputy=UserFactory(), parent=group)

    client = api_as(sara)  # a sales manager: the confidential check runs for each row
    add_accounts(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ACCOUNTS).json()["count"] == 4
    add_accounts(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(ACCOUNTS).json()["count"] == 31
    assert len(many) == len(few)


def test_contacts_are_listed_for_one_account(api_as, kari, karis_account, karis_contact):
    ContactFactory(account=AccountFactory(kam=kari), name="Annen Person")
    response = api_as(kari).get(CONTACTS, {"account": karis_account.pk})
    assert names(response) == ["Per Bakken"]
    assert response.json()["results"][0]["account"] == karis_account.pk


# Creating and changing accounts


def test_a_kam_creates_an_account_and_becomes_its_kam(api_as, kari, segment):
    response = api_as(kari).post(
        ACCOUNTS,
        {"name": "Ny Kunde AS", "org_number": valid_org_number(901), "segment": "Netthandel"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kam"] == "kari"
    assert body["segment"] == segment.pk
    assert body["segment_name"] == "Netthandel"
    assert body["version"] == 1
    assert Account.objects.get(pk=body["id"]).kam == kari


def test_an_org_number_typed_with_spaces_and_mva_is_stored_as_nine_digits(api_as, kari):
    digits = valid_org_number(902)
    typed = f"NO {digits[:3]} {digits[3:6]} {digits[6:]} MVA"
    response = api_as(kari).post(ACCOUNTS, {"name": "Mva AS", "org_number": typed})
    assert response.status_code == 201
    assert response.json()["org_number"] == digits


def test_creating_an_account_with_an_invalid_org_number_is_a_400_naming_the_field(api_as, kari):
    response = api_as(kari).post(ACCOUNTS, {"name": "Feil AS", "org_number": "123456789"})
    assert response.status_code == 400
    assert "check digit" in response.json()["org_number"][0]
    assert not Account.objects.filter(name="Feil AS").exists()


def test_a_duplicate_org_number_names_the_account_that_has_it(api_as, kari, karis_account):
    response = api_as(kari).post(
        ACCOUNTS, {"name": "Kopi AS", "org_number": karis_account.org_number}
    )
    assert response.status_code == 400
    assert "Fjellsport Nettbutikk AS" in response.json()["org_number"][0]


def test_a_duplicate_org_number_hides_an_account_the_kam_cannot_see(api_as, ola, karis_account):
    response = api_as(ola).post(
        ACCOUNTS, {"name": "Kopi AS", "org_number": karis_account.org_number}
    )
    assert response.status_code == 400
    message = response.json()["org_number"][0]
    assert "another account" in message
    assert "Fjellsport" not in message


def test_a_duplicate_customer_number_is_a_400(api_as, kari, karis_account):
    response = api_as(kari).patch(
        account_url(AccountFactory(kam=kari)), {"customer_number": karis_account.customer_number}
    )
    assert response.status_code == 400
    assert "Fjellsport Nettbutikk AS" in response.json()["customer_number"][0]


def test_the_kam_and_deputy_are_set_by_username(api_as, kari, ola, karis_account):
    url = account_url(karis_account)
    response = api_as(kari).patch(url, {"kam": "ola", "deputy": "kari"}, format="json")
    assert response.status_code == 200
    assert (response.json()["kam"], response.json()["deputy"]) == ("ola", "kari")

    # As deputy Kari may still change it, even to step down; then it is out of her sight.
    response = api_as(kari).patch(url, {"deputy": None}, format="json")
    assert response.status_code == 200
    assert response.json()["deputy"] is None
    assert api_as(kari).get(url).status_code == 404


def test_an_unknown_kam_is_a_400_naming_the_field(api_as, kari, karis_account):
    response = api_as(kari).patch(account_url(karis_account), {"kam": "nobody"})
    assert response.status_code == 400
    assert set(response.json()) == {"kam"}


def test_the_deputy_cannot_also_be_the_kam(api_as, kari, karis_account):
    response = api_as(kari).patch(account_url(karis_account), {"deputy": "kari"})
    assert response.status_code == 400
    assert set(response.json()) == {"deputy"}


def test_a_put_may_send_back_what_a_get_returned(api_as, kari, ola, karis_account):
    # The parent group is Ola's, outside Kari's view, yet it stays as it was.
    Account.objects.filter(pk=karis_account.pk).update(parent=AccountFactory(kam=ola))
    client = api_as(kari)
    body = client.get(account_url(karis_account)).json()

    response = client.put(account_url(karis_account), body, format="json")

    assert response.status_code == 200
    assert response.json() == body


def test_an_edit_from_a_stale_version_is_a_409_and_changes_nothing(api_as, kari, karis_account):
    account_update(account=karis_account, actor=kari, data={"city": "Bergen"})  # now version 2
    response = api_as(kari).patch(
        account_url(karis_account), {"name": "Gammelt Navn", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert "Someone else changed" in response.json()["detail"]
    karis_account.refresh_from_db()
    assert karis_account.name == "Fjellsport Nettbutikk AS"


def test_an_edit_from_the_current_version_is_saved_and_moves_the_version_on(
    api_as, kari, karis_account
):
    response = api_as(kari).patch(
        account_url(karis_account), {"city": "Tromsø", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["city"], response.json()["version"]) == ("Tromsø", 2)


def test_a_team_member_reads_the_account_but_cannot_change_it(
    api_as, erik, karis_account, erik_on_karis_team
):
    client = api_as(erik)
    assert client.get(account_url(karis_account)).status_code == 200
    assert client.patch(account_url(karis_account), {"name": "X"}).status_code == 403
    assert client.post(ACCOUNTS, {"name": "Eriks AS"}).status_code == 403


# Contacts


def test_a_team_member_adds_a_contact(api_as, erik, karis_account, erik_on_karis_team):
    response = api_as(erik).post(
        CONTACTS,
        {
            "account": karis_account.pk,
            "name": "Lise Lager",
            "email": "lise@shop.example",
            "phone": "+47 912 34 567",
            "relationship_forms": ["professional", "social"],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["account"], body["phone"]) == (karis_account.pk, "+4791234567")
    assert body["relationship_forms"] == ["professional", "social"]


def test_an_invalid_email_and_phone_are_a_400_naming_the_fields(api_as, kari, karis_account):
    response = api_as(kari).post(
        CONTACTS,
        {"account": karis_account.pk, "name": "Feil", "email": "not-an-email", "phone": "12"},
    )
    assert response.status_code == 400
    assert {"email", "phone"} <= set(response.json())
    assert not karis_account.contacts.exists()


def test_an_unknown_relationship_form_is_a_400(api_as, kari, karis_contact):
    response = api_as(kari).patch(
        contact_url(karis_contact), {"relationship_forms": ["romantic"]}, format="json"
    )
    assert response.status_code == 400
    assert "relationship_forms" in response.json()


def test_marking_a_contact_inactive_dates_their_leaving(api_as, kari, karis_contact):
    response = api_as(kari).patch(contact_url(karis_contact), {"active": False}, format="json")
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert response.json()["left_on"] is not None


def test_a_contact_stays_with_their_account(api_as, kari, karis_contact):
    other = AccountFactory(kam=kari)
    response = api_as(kari).patch(contact_url(karis_contact), {"account": other.pk})
    assert response.status_code == 400
    assert "account" in response.json()


def test_a_stale_contact_edit_is_a_409(api_as, kari, karis_contact):
    contact_update(contact=karis_contact, actor=kari, data={"title": "Daglig leder"})
    response = api_as(kari).put(
        contact_url(karis_contact), {"name": "Per B.", "version": 1}, format="json"
    )
    assert response.status_code == 409
    karis_contact.refresh_from_db()
    assert karis_contact.name == "Per Bakken"


def test_a_read_only_user_cannot_change_contacts(api_as, karis_account, karis_contact):
    viewer = UserFactory(role=Role.READ_ONLY)
    TeamMembershipFactory(account=karis_account, user=viewer)
    client = api_as(viewer)
    assert client.get(contact_url(karis_contact)).status_code == 200
    assert client.patch(contact_url(karis_contact), {"name": "X"}).status_code == 403
    assert client.post(CONTACTS, {"account": karis_account.pk, "name": "Y"}).status_code == 403


# The account team


def test_the_team_lists_the_kam_and_deputy_first_then_the_members(
    api_as, kari, ola, karis_account, erik_on_karis_team
):
    account_update(account=karis_account, actor=kari, data={"deputy": ola})
    body = api_as(kari).get(team_url(karis_account)).json()
    assert body["count"] == 3
    team = body["results"]
    assert [(s["user"], s["role"], s["id"]) for s in team] == [
        ("kari", "kam", None),
        ("ola", "deputy", None),
        ("erik", "operations", erik_on_karis_team.pk),
    ]
    assert team[0]["name"] == "Kari Nordmann"


def test_a_kam_adds_and_removes_a_team_member(api_as, kari, erik, karis_account):
    added = api_as(kari).post(team_url(karis_account), {"user": "erik", "role": "operations"})
    assert added.status_code == 201
    assert added.json()["role"] == "operations"
    assert api_as(erik).get(account_url(karis_account)).status_code == 200

    removed = api_as(kari).delete(f"{team_url(karis_account)}{added.json()['id']}/")
    assert removed.status_code == 204
    assert api_as(erik).get(account_url(karis_account)).status_code == 404
    assert TeamMembership.objects.get(pk=added.json()["id"]).ended_on is not None


def test_the_deputy_role_makes_someone_the_accounts_deputy(api_as, kari, ola, karis_account):
    response = api_as(kari).post(team_url(karis_account), {"user": "ola", "role": "deputy"})
    assert response.status_code == 201
    assert response.json()["id"] is None
    karis_account.refresh_from_db()
    assert karis_account.deputy == ola


def test_someone_already_on_the_team_cannot_be_added_twice(
    api_as, kari, karis_account, erik_on_karis_team
):
    response = api_as(kari).post(team_url(karis_account), {"user": "erik", "role": "finance"})
    assert response.status_code == 400
    assert "already on the team" in response.json()["user"][0]


def test_a_team_member_cannot_change_the_team(api_as, erik, karis_account, erik_on_karis_team):
    client = api_as(erik)
    assert client.post(team_url(karis_account), {"user": "erik", "role": "kam"}).status_code == 403
    membership_url = f"{team_url(karis_account)}{erik_on_karis_team.pk}/"
    assert client.delete(membership_url).status_code == 403


def test_a_membership_is_only_reached_through_its_own_account(
    api_as, kari, karis_account, erik_on_karis_team
):
    other = AccountFactory(kam=kari)
    response = api_as(kari).delete(f"{team_url(other)}{erik_on_karis_team.pk}/")
    assert response.status_code == 404


def test_the_schema_describes_the_accounts_api(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {
        "/api/v1/accounts/",
        "/api/v1/accounts/{account_id}/",
        "/api/v1/accounts/{account_id}/team/",
        "/api/v1/accounts/{account_id}/team/{membership_id}/",
        "/api/v1/contacts/",
        "/api/v1/contacts/{contact_id}/",
    } <= set(schema["paths"])


def test_a_deputy_cannot_make_themselves_the_kam(api_as, kari, ola, karis_account):
    account_update(account=karis_account, actor=kari, data={"deputy": ola})
    response = api_as(ola).patch(
        account_url(karis_account), {"kam": "ola", "deputy": None}, format="json"
    )
    assert response.status_code == 403
    karis_account.refresh_from_db()
    assert karis_account.kam == kari


def test_a_kam_cannot_move_the_account_out_of_the_managers_segment(
    api_as, kari, sara, karis_account
):
    from tests.factories import SegmentFactory

    elsewhere = SegmentFactory(name="Et annet segment")
    response = api_as(kari).patch(account_url(karis_account), {"segment": elsewhere.pk})
    assert response.status_code == 403
    assert api_as(sara).get(account_url(karis_account)).status_code == 200
