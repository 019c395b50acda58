"""Integrations sign in with a token (POST /api/v1/auth/token/), then send `Token <key>`."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from nokkel.audit.models import AuditAction, AuditEntry

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint is rate limited per address, counted in the cache.
    cache.clear()
    yield
    cache.clear()


def test_a_kam_gets_a_token_and_reads_her_accounts_with_it(kari, karis_account):
    client = APIClient()
    response = client.post(TOKEN_URL, {"username": "kari", "password": "pw"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    accounts = client.get("/api/v1/accounts/")

    assert accounts.status_code == 200
    assert [a["name"] for a in accounts.json()["results"]] == ["Fjellsport Nettbutikk AS"]


def test_asking_twice_gives_the_same_token(kari):
    client = APIClient()
    first = client.post(TOKEN_URL, {"username": "kari", "password": "pw"}, format="json")
    second = client.post(TOKEN_URL, {"username": "kari", "password": "pw"}, format="json")
    assert first.json()["token"] == second.json()["token"]


def test_issuing_a_token_is_in_the_audit_log(kari):
    APIClient().post(TOKEN_URL, {"username": "kari", "password": "pw"}, format="json")
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_ISSUED, actor=kari).exists()


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "kari", "password": "wrong"},
        {"username": "nobody", "password": "pw"},
        {"username": "kari"},
    ],
)
def test_bad_credentials_are_a_400_without_a_token(kari, credentials):
    response = APIClient().post(TOKEN_URL, credentials, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_deactivated_user_gets_no_token(kari):
    kari.is_active = False
    kari.save(update_fields=["is_active"])
    response = APIClient().post(TOKEN_URL, {"username": "kari", "password": "pw"}, format="json")
    assert response.status_code == 400


def test_a_made_up_token_is_refused(kari):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/accounts/").status_code == 401


def test_the_api_asks_anonymous_callers_to_sign_in(db):
    response = APIClient().get("/api/v1/accounts/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_guessing_passwords_is_slowed_down(kari):
    client = APIClient()
    responses = [
        client.post(TOKEN_URL, {"username": "kari", "password": f"guess{n}"}, format="json")
        for n in range(11)
    ]
    assert [r.status_code for r in responses] == [400] * 10 + [429]
