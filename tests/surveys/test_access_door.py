"""The door over every survey route that takes a campaign id, walked from the URL
configuration so a route added later is covered too."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from tests.surveys.helpers import sent_campaign

NAMESPACES = ("surveys", "surveys-api")
METHODS = ("get", "post", "put", "patch", "delete")


def _routes(entries, namespace=""):
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and namespace.rstrip(":") in NAMESPACES:
            kwargs = set(entry.pattern.regex.groupindex)
            if "campaign_id" in kwargs:
                yield f"{namespace}{entry.name}", kwargs


@pytest.mark.django_db
def test_ola_gets_404_on_every_route_of_karis_campaign(
    client, kari, ola, karis_account, karis_contact
):
    campaign = sent_campaign(actor=kari, accounts=[karis_account], contacts=[karis_contact])
    ids = {"campaign_id": campaign.pk, "account_id": karis_account.pk}
    routes = list(_routes(get_resolver().url_patterns))
    assert len(routes) >= 9
    token = Token.objects.create(user=ola).key
    failures = []
    for name, kwargs in routes:
        url = reverse(name, kwargs={k: ids[k] for k in kwargs})
        headers = {"authorization": f"Token {token}"} if url.startswith("/api/") else {}
        client.force_login(ola)
        statuses = {
            m: getattr(client, m)(url, headers=headers, content_type="application/json").status_code
            for m in METHODS
        }
        if set(statuses.values()) - {404, 405} or 404 not in statuses.values():
            failures.append((name, statuses))
        client.force_login(kari)
        if client.get(url).status_code == 404 and client.post(url).status_code == 404:
            failures.append((name, "kari gets 404 too"))
    assert not failures, failures
