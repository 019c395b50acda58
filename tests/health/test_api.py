"""GET /api/v1/accounts/{account_id}/health/ and GET /api/v1/portfolio/health/."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AccountFactory, ContactFactory
from tests.health.helpers import customer, interact, months_before, ship

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 15)


@pytest.fixture
def falling(kari, segment):
    """Kari's key account whose last three months are down 40 % on a year earlier."""
    account = customer(kam=kari, segment=segment, is_key_account=True, name="Fjellsport AS")
    ship(account, months_before(AS_OF, 24), [300] * 21 + [180] * 3)
    boss = ContactFactory(account=account)
    interact(account, date(2026, 1, 10), contacts=[boss])
    interact(account, AS_OF - timedelta(days=5), contacts=[boss])
    return account


def test_the_account_health_explains_itself(client, kari, falling):
    client.force_login(kari)
    response = client.get(f"/api/v1/accounts/{falling.pk}/health/?as_of=2026-03-15")
    assert response.status_code == 200
    data = response.json()
    assert {"as_of", "score", "band", "components", "overrides", "reasons"} <= set(data)
    assert (data["as_of"], data["band"], data["score"]) == ("2026-03-15", "red", 39)
    assert [c["key"] for c in data["components"]] == ["volume", "engagement", "commercial",
                                                      "coverage"]  # fmt: skip
    for component in data["components"]:
        assert set(component) == {"key", "label", "weight", "score", "contribution", "reason"}
        assert component["contribution"] == pytest.approx(
            component["weight"] * component["score"] / 100, abs=0.06
        )
    assert sum(c["weight"] for c in data["components"]) == pytest.approx(100, abs=0.2)
    assert data["components"][0]["label"] == "Volume"
    assert "−40" in data["components"][0]["reason"]
    assert [o["key"] for o in data["overrides"]] == ["volume_drop"]
    assert data["reasons"][0].startswith("Volume down −40")
    assert len(data["reasons"]) <= 3
    assert [left["key"] for left in data["left_out"]] == ["voice"]


def test_as_of_defaults_to_today_and_must_be_a_date(client, kari, falling):
    client.force_login(kari)
    today = client.get(f"/api/v1/accounts/{falling.pk}/health/").json()
    assert today["as_of"] == date.today().isoformat()
    bad = client.get(f"/api/v1/accounts/{falling.pk}/health/?as_of=15.03.2026")
    assert bad.status_code == 400
    assert "as_of" in bad.json()


def test_the_score_as_of_an_earlier_date_reads_only_what_was_known_then(client, kari, falling):
    client.force_login(kari)
    earlier = client.get(f"/api/v1/accounts/{falling.pk}/health/?as_of=2026-01-15").json()
    assert earlier["band"] != "red"
    assert earlier["overrides"] == []


def test_another_kams_account_is_a_404(client, ola, falling):
    client.force_login(ola)
    assert client.get(f"/api/v1/accounts/{falling.pk}/health/").status_code == 404


def test_the_health_needs_a_login(client, falling):
    assert client.get(f"/api/v1/accounts/{falling.pk}/health/").status_code in (401, 403)


def test_the_portfolio_health_lists_the_visible_accounts_a_page_at_a_time(
    client, kari, ola, falling, segment
):
    AccountFactory(kam=kari, segment=segment, name="Aas Sko AS")
    hidden = AccountFactory(kam=ola, name="Bergen Bok AS")
    client.force_login(kari)
    response = client.get("/api/v1/portfolio/health/?as_of=2026-03-15")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    names = [row["account_name"] for row in data["results"]]
    assert names == ["Aas Sko AS", "Fjellsport AS"]
    assert hidden.pk not in [row["account_id"] for row in data["results"]]
    assert data["results"][1]["band"] == "red"
    assert data["results"][0]["score"] is not None or data["results"][0]["components"] == []


def test_the_portfolio_health_scores_a_page_in_a_fixed_number_of_queries(client, kari, segment):
    client.force_login(kari)
    for _ in range(3):
        ship(customer(kam=kari, segment=segment), months_before(AS_OF, 14), [100] * 14)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/portfolio/health/?as_of=2026-03-15")
    for _ in range(9):
        ship(customer(kam=kari, segment=segment), months_before(AS_OF, 14), [100] * 14)
    with CaptureQueriesContext(connection) as many:
        data = client.get("/api/v1/portfolio/health/?as_of=2026-03-15").json()
    assert data["count"] == 12
    assert len(few.captured_queries) == len(many.captured_queries)
