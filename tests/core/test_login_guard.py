"""Password guessing is refused; one office behind one address is not locked out."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(NOKKEL_LOGIN_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_that_name_at_that_address(client, kari, ola):
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "kari", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post(reverse("login"), {"username": "kari", "password": "pw"})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    # A colleague at the same office address still gets in.
    assert client.post(reverse("login"), {"username": "ola", "password": "pw"}).status_code == 302


@override_settings(NOKKEL_LOGIN_FAILURE_LIMIT=3)
def test_the_api_token_endpoint_counts_the_same_failures(client, kari):
    for _ in range(3):
        assert client.post(
            "/api/v1/auth/token/", {"username": "kari", "password": "x"}
        ).status_code in (400, 429)
    response = client.post("/api/v1/auth/token/", {"username": "kari", "password": "pw"})
    assert response.status_code == 429


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, kari, settings):
    settings.NOKKEL_LOGIN_FAILURE_LIMIT = 2
    for n in range(2):
        client.post(
            reverse("login"),
            {"username": "kari", "password": "wrong"},
            headers={"x-forwarded-for": f"10.0.0.{n}"},
        )
    response = client.post(
        reverse("login"),
        {"username": "kari", "password": "pw"},
        headers={"x-forwarded-for": "10.0.0.99"},
    )
    assert response.status_code == 429


def test_a_successful_login_clears_the_count(client, kari, settings):
    settings.NOKKEL_LOGIN_FAILURE_LIMIT = 3
    client.post(reverse("login"), {"username": "kari", "password": "wrong"})
    client.post(reverse("login"), {"username": "kari", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "kari", "password": "pw"}).status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": "kari", "password": "wrong"})
    client.post(reverse("login"), {"username": "kari", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "kari", "password": "pw"}).status_code == 302
