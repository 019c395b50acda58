"""The one door over every route of needs and agreements that takes an object id.

Walks the URL configuration like tests/core/test_access_every_route.py, limited to this
part's namespaces, so a route added here later is covered without anyone remembering.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token

from nokkel.agreements.contract_services import contract_create
from nokkel.needs.services import needs_analysis_record
from tests.agreements.conftest import make_offer
from tests.core.test_access_every_route import METHODS, id_routes

NAMESPACES = ("needs", "needs-api", "agreements", "agreements-api")


def our_routes() -> list[tuple[str, set[str]]]:
    return [(name, kwargs) for name, kwargs in id_routes() if name.split(":")[0] in NAMESPACES]


def test_the_walk_finds_every_new_route_that_takes_an_id():
    kwargs = set().union(*(k for _, k in our_routes()))
    assert kwargs == {"account_id", "needs_analysis_id", "offer_id", "contract_id"}
    assert len(our_routes()) == 28


@pytest.mark.django_db
def test_ola_gets_404_on_every_route_to_karis_needs_offers_and_contracts(
    client, kari, ola, karis_account
):
    offer = make_offer(karis_account, kari)
    ids = {
        "account_id": karis_account.pk,
        "needs_analysis_id": needs_analysis_record(
            account=karis_account,
            actor=kari,
            recorded_on=date(2026, 1, 1),
            data={},
            volumes={"overnight": 100},
        ).pk,
        "offer_id": offer.pk,
        "contract_id": contract_create(
            account=karis_account,
            actor=kari,
            data={"title": "Avtale", "start_on": date(2026, 1, 1), "end_on": date(2026, 12, 31)},
            document=SimpleUploadedFile("signert.pdf", b"%PDF-1.4 signed"),
        ).pk,
    }
    token = Token.objects.create(user=ola).key
    failures = []
    for name, kwargs in our_routes():
        url = reverse(name, kwargs={k: ids[k] for k in kwargs})
        headers = {"authorization": f"Token {token}"} if url.startswith("/api/") else {}
        client.force_login(ola)
        statuses = {
            m: getattr(client, m)(url, headers=headers, content_type="application/json").status_code
            for m in METHODS
        }
        if any(s not in (404, 405) for s in statuses.values()) or 404 not in statuses.values():
            failures.append((name, url, statuses))
        client.force_login(kari)  # the control: the owner reaches the same object
        if client.get(url).status_code == 404 and client.post(url).status_code == 404:
            failures.append((name, url, "kari gets 404 too"))
    assert not failures, failures
