"""Ten-second logging from the header box, the account page and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from nokkel.activities.models import FollowUp, Interaction
from tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db

TEXT = "Møte med Kari Hansen i går, diskuterte helgelevering. Neste: send tilbud fredag"


@pytest.fixture
def bokhuset(kari, segment):
    account = AccountFactory(
        name="Bokhuset AS", kam=kari, segment=segment, customer_number="K123456"
    )
    ContactFactory(account=account, name="Kari Hansen")
    ContactFactory(account=account, name="Per Olsen")
    return account


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_preview_parses_without_saving(kari, bokhuset):
    response = api(kari).post(
        "/api/v1/quick-log/preview/",
        {
            "text": "call with Per (Bokhuset) — complaint about late deliveries in Bergen; "
            "follow up 14.03",
            "reference_date": "2026-03-11",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "phone"
    assert body["happened_on"] == "2026-03-11"
    assert body["account"] == bokhuset.pk
    assert body["contacts"] == [bokhuset.contacts.get(name="Per Olsen").pk]
    assert "accuracy" in body["key_areas"]
    assert body["follow_up"] == {"title": "Follow up", "due_on": "2026-03-14"}
    assert body["questions"] == []
    assert not Interaction.objects.exists()


def test_the_api_saves_the_interaction_and_the_follow_up(kari, bokhuset):
    response = api(kari).post(
        "/api/v1/quick-log/",
        {"text": TEXT, "account": bokhuset.pk, "reference_date": "2026-03-11"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    interaction = Interaction.objects.get(pk=body["interaction"])
    assert interaction.kind == "meeting"
    assert interaction.happened_at.date() == date(2026, 3, 10)
    assert list(interaction.contacts.values_list("name", flat=True)) == ["Kari Hansen"]
    follow_up = FollowUp.objects.get()
    assert (follow_up.title, follow_up.due_on, follow_up.owner) == (
        "Send tilbud",
        date(2026, 3, 13),
        kari,
    )


def test_the_api_will_not_guess_an_ambiguous_account(kari, segment):
    AccountFactory(name="Bokhuset Oslo AS", kam=kari, segment=segment)
    AccountFactory(name="Bokhuset Bergen AS", kam=kari, segment=segment)
    response = api(kari).post(
        "/api/v1/quick-log/",
        {"text": "ringte Bokhuset i dag", "reference_date": "2026-03-11"},
        format="json",
    )
    assert response.status_code == 400
    assert not Interaction.objects.exists()
    preview = (
        api(kari)
        .post("/api/v1/quick-log/preview/", {"text": "ringte Bokhuset i dag"}, format="json")
        .json()
    )
    assert preview["account"] is None
    assert preview["questions"][0]["code"] == "ambiguous_account"
    assert len(preview["questions"][0]["options"]) == 2


def test_another_kams_account_is_not_matched_or_reachable(ola, bokhuset):
    preview = api(ola).post("/api/v1/quick-log/preview/", {"text": TEXT}, format="json").json()
    assert preview["account"] is None
    response = api(ola).post(
        "/api/v1/quick-log/", {"text": TEXT, "account": bokhuset.pk}, format="json"
    )
    assert response.status_code == 400
    assert not Interaction.objects.exists()


def test_the_header_box_previews_and_saves_in_one_submit(client, kari, bokhuset):
    client.force_login(kari)
    preview = client.post(
        reverse("activities:quick-log-preview"), {"text": TEXT}, headers={"HX-Request": "true"}
    )
    assert "Bokhuset AS" in preview.content.decode()
    response = client.post(
        reverse("activities:quick-log"),
        {"text": TEXT, "form_id": "quick-log"},
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Redirect"] == bokhuset.get_absolute_url()
    assert Interaction.objects.filter(account=bokhuset, source="quick_log").count() == 1
    page = client.get(bokhuset.get_absolute_url()).content.decode()
    assert "diskuterte helgelevering" in page
    assert "Send tilbud" in page


def test_corrections_in_the_preview_win(client, kari, bokhuset):
    client.force_login(kari)
    client.post(
        reverse("activities:quick-log"),
        {
            "text": TEXT,
            "fixed_account": bokhuset.pk,
            "p_kind": "video",
            "p_happened_on": "2026-02-02",
            "p_summary": "Videomøte om helg",
            "p_follow_up_title": "",
            "p_areas": ["adaptation"],
        },
    )
    interaction = Interaction.objects.get()
    assert interaction.kind == "video"
    assert interaction.happened_at.date() == date(2026, 2, 2)
    assert interaction.summary == "Videomøte om helg"
    assert interaction.key_areas == {"adaptation": "neutral"}
    assert not FollowUp.objects.exists()


def test_saving_without_an_account_asks_instead_of_guessing(client, kari, bokhuset):
    client.force_login(kari)
    response = client.post(
        reverse("activities:quick-log"),
        {"text": "ringte noen i dag", "form_id": "quick-log"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Choose the account" in response.content.decode()
    assert not Interaction.objects.exists()
