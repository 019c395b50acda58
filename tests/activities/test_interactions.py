"""Logging interactions and keeping follow-ups, as KAMs and their teams do it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from nokkel.activities import services
from nokkel.activities.models import FollowUp, Interaction
from nokkel.timeline.models import TimelineEvent
from nokkel.users.models import Role
from tests.factories import AccountFactory, ContactFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def when(days_ago: int = 0) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def log(account, author, summary: str = "x", *, kind: str = "phone", days_ago: int = 0, **more):
    """services.interaction_log: a phone call just now, unless told otherwise."""
    return services.interaction_log(
        account=account,
        author=author,
        kind=kind,
        happened_at=when(days_ago),
        summary=summary,
        **more,
    )


def test_a_logged_meeting_lands_on_the_timeline(kari, karis_account, karis_contact):
    interaction = services.interaction_log(
        account=karis_account,
        author=kari,
        kind="meeting",
        happened_at=when(3),
        summary="Diskuterte helgelevering",
        contacts=[karis_contact],
        key_areas={"adaptation": "positive"},
    )
    event = TimelineEvent.objects.get(account=karis_account, kind="interaction_logged")
    assert event.data["interaction"] == interaction.pk
    assert event.data["contacts"] == ["Per Bakken"]
    assert event.happened_at == interaction.happened_at  # back-filled history keeps its date


def test_a_contact_from_another_account_cannot_be_present(kari, karis_account):
    stranger = ContactFactory(name="Fremmed Person")
    with pytest.raises(ValidationError) as error:
        log(karis_account, kari, contacts=[stranger])
    assert "contacts" in error.value.message_dict
    assert not Interaction.objects.exists()


def test_unknown_key_areas_are_refused(kari, karis_account):
    with pytest.raises(ValidationError):
        log(karis_account, kari, key_areas={"speed": "positive"})


def test_a_confidential_interaction_is_hidden_from_the_team_and_from_the_timeline(
    client, kari, erik, karis_account
):
    TeamMembershipFactory(account=karis_account, user=erik)
    secret = services.interaction_log(
        account=karis_account,
        author=kari,
        kind="meeting",
        happened_at=when(1),
        summary="Prisforhandling mot Posten",
        confidential=True,
    )
    assert Interaction.objects.visible_to(kari).filter(pk=secret.pk).exists()
    assert not Interaction.objects.visible_to(erik).filter(pk=secret.pk).exists()
    client.force_login(erik)
    page = client.get(karis_account.get_absolute_url()).content.decode()
    assert "Prisforhandling mot Posten" not in page
    assert client.get(reverse("activities:interaction-detail", args=[secret.pk])).status_code == 404
    assert api(erik).get(f"/api/v1/interactions/{secret.pk}/").status_code == 404
    client.force_login(kari)
    assert (
        "Prisforhandling mot Posten"
        in client.get(karis_account.get_absolute_url()).content.decode()
    )


def test_ola_cannot_see_karis_confidential_interaction(kari, ola, karis_account):
    secret = log(karis_account, kari, "Hemmelig", kind="meeting", days_ago=1, confidential=True)
    assert api(ola).get(f"/api/v1/interactions/{secret.pk}/").status_code == 404
    listed = api(ola).get("/api/v1/interactions/").json()
    assert listed["count"] == 0


def test_interactions_api_creates_with_a_past_date_and_validates(
    kari, karis_account, karis_contact
):
    response = api(kari).post(
        "/api/v1/interactions/",
        {
            "account": karis_account.pk,
            "kind": "phone",
            "happened_at": "2025-03-14T10:00:00+01:00",
            "summary": "Klage på forsinkelser i Bergen",
            "contacts": [karis_contact.pk],
            "relationship_forms": ["professional"],
            "key_areas": {"accuracy": "negative"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["key_areas"] == ["accuracy"]
    assert body["key_area_sentiments"] == {"accuracy": "negative"}
    assert body["happened_at"].startswith("2025-03-14")
    bad = api(kari).post(
        "/api/v1/interactions/",
        {"account": karis_account.pk, "kind": "telepathy", "happened_at": "x", "summary": ""},
        format="json",
    )
    assert bad.status_code == 400
    assert {"kind", "happened_at", "summary"} <= set(bad.json())


def test_interactions_api_refuses_an_account_the_user_cannot_see(ola, karis_account):
    response = api(ola).post(
        "/api/v1/interactions/",
        {
            "account": karis_account.pk,
            "kind": "phone",
            "happened_at": "2026-01-01T10:00:00Z",
            "summary": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "account" in response.json()


def test_a_follow_up_is_completed_in_one_click(client, kari, karis_account):
    follow_up = services.follow_up_create(
        account=karis_account, actor=kari, title="Send tilbud", due_on=date(2026, 1, 2)
    )
    client.force_login(kari)
    listing = client.get(reverse("activities:follow-up-list")).content.decode()
    assert "Send tilbud" in listing
    assert "overdue" in listing
    response = client.post(
        reverse("activities:follow-up-complete", args=[follow_up.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert TimelineEvent.objects.filter(account=karis_account, kind="follow_up_done").exists()


def test_another_kam_cannot_complete_karis_follow_up(client, kari, ola, karis_account):
    follow_up = services.follow_up_create(
        account=karis_account, actor=kari, title="Send tilbud", due_on=date(2026, 1, 2)
    )
    client.force_login(ola)
    assert (
        client.post(reverse("activities:follow-up-complete", args=[follow_up.pk])).status_code
        == 404
    )
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_a_read_only_user_cannot_complete_even_their_own_follow_up(client, kari, karis_account):
    reader = UserFactory(role=Role.READ_ONLY)
    TeamMembershipFactory(account=karis_account, user=reader)
    follow_up = services.follow_up_create(
        account=karis_account,
        actor=kari,
        title="Send tilbud",
        due_on=date(2026, 1, 2),
        owner=reader,
    )
    client.force_login(reader)

    response = client.post(reverse("activities:follow-up-complete", args=[follow_up.pk]))

    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == "open"
    patch = api(reader).patch(
        f"/api/v1/follow-ups/{follow_up.pk}/", {"status": "done"}, format="json"
    )
    assert patch.status_code == 403


def test_follow_ups_api_lists_mine_and_marks_done(kari, karis_account):
    follow_up = services.follow_up_create(
        account=karis_account, actor=kari, title="Ring Per", due_on=date(2026, 4, 1)
    )
    body = api(kari).get("/api/v1/follow-ups/", {"owner": "me"}).json()
    assert [f["id"] for f in body["results"]] == [follow_up.pk]
    done = api(kari).patch(f"/api/v1/follow-ups/{follow_up.pk}/", {"status": "done"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert FollowUp.objects.get(pk=follow_up.pk).completed_at is not None


def test_the_full_interaction_form_logs_with_key_areas(client, kari, karis_account, karis_contact):
    client.force_login(kari)
    response = client.post(
        reverse("activities:interaction-create", args=[karis_account.pk]),
        {
            "kind": "site_visit",
            "happened_at": "2026-03-10T09:30",
            "contacts": [karis_contact.pk],
            "summary": "Lagerbesøk",
            "area_accuracy": "negative",
            "area_advice": "positive",
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.key_areas == {"accuracy": "negative", "advice": "positive"}
    assert list(interaction.contacts.all()) == [karis_contact]


def test_a_team_member_can_log_but_a_stranger_cannot(client, erik, ola, karis_account):
    TeamMembershipFactory(account=karis_account, user=erik)
    url = reverse("activities:interaction-create", args=[karis_account.pk])
    client.force_login(erik)
    assert client.get(url).status_code == 200
    client.force_login(ola)
    assert client.get(url).status_code == 404


def test_the_interaction_list_api_query_count_is_fixed(
    kari, karis_account, django_assert_max_num_queries
):
    for _ in range(3):
        log(karis_account, kari, contacts=[ContactFactory(account=karis_account)])
    client = api(kari)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/interactions/")
    for _ in range(10):
        log(AccountFactory(kam=kari), kari, "y")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/interactions/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_patching_one_field_keeps_the_others_and_the_secret(
    kari, erik, karis_account, karis_contact
):
    TeamMembershipFactory(account=karis_account, user=erik)
    secret = services.interaction_log(
        account=karis_account,
        author=kari,
        kind="meeting",
        happened_at=when(1),
        summary="Hemmelig pris",
        outcome="Avtalt",
        contacts=[karis_contact],
        confidential=True,
    )
    response = api(kari).patch(
        f"/api/v1/interactions/{secret.pk}/", {"kind": "phone"}, format="json"
    )
    assert response.status_code == 200
    secret.refresh_from_db()
    assert (secret.kind, secret.confidential, secret.outcome) == ("phone", True, "Avtalt")
    assert list(secret.contacts.all()) == [karis_contact]
    assert api(erik).get(f"/api/v1/interactions/{secret.pk}/").status_code == 404


def test_making_an_interaction_confidential_later_hides_it_from_the_team_timeline(
    client, kari, erik, karis_account
):
    TeamMembershipFactory(account=karis_account, user=erik)
    interaction = log(karis_account, kari, "Rabatt til jul", kind="meeting", days_ago=1)
    services.interaction_update(interaction=interaction, actor=kari, data={"confidential": True})
    client.force_login(erik)
    assert "Rabatt til jul" not in client.get(karis_account.get_absolute_url()).content.decode()
    client.force_login(kari)
    assert "Rabatt til jul" in client.get(karis_account.get_absolute_url()).content.decode()
