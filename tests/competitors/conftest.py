from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.pipeline.factories import make_opportunity


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The lead rate limit counts in the cache; each story starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


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
def karis_opportunity(karis_account, kari):
    return make_opportunity(account=karis_account, owner=kari, title="Netthandel 2027")
