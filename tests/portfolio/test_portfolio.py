"""Portfolio figures as KAMs and managers read them: ABC/XYZ, revenue series, CLV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.services import portfolio_classify
from nokkel.shipments.models import ShipmentMonth
from nokkel.shipments.services import account_months_refresh
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 15)  # window: January–December 2025


def ship(
    account,
    month: date,
    *,
    parcels: int,
    revenue: str,
    cost: str | None = None,
    service: str = "overnight",
    zone: str = "Oslo",
) -> None:
    ShipmentMonth.objects.create(
        account=account,
        month=month,
        service=service,
        zone=zone,
        parcels=parcels,
        revenue=Decimal(revenue),
        cost=None if cost is None else Decimal(cost),
        weight_kg=Decimal(parcels),
    )
    # As an import does beside its figures.
    account_months_refresh(account_ids=[account.pk], first_month=month, last_month=month)


def steady(account, revenue_per_month: str, *, year: int = 2025, cost: str | None = None) -> None:
    for month in range(1, 13):
        ship(account, date(year, month, 1), parcels=100, revenue=revenue_per_month, cost=cost)


@pytest.fixture
def portfolio(kari, ola, segment):
    big = AccountFactory(name="Stor Nettbutikk AS", kam=kari, segment=segment)
    middle = AccountFactory(name="Middels Butikk AS", kam=ola, segment=segment)
    small = AccountFactory(name="Liten Butikk AS", kam=kari, segment=segment)
    silent = AccountFactory(name="Stille Butikk AS", kam=kari, segment=segment)
    steady(big, "8000", cost="6000")  # 96 000 a year: 80 %
    steady(middle, "1500")  # 18 000: 15 %
    ship(small, date(2025, 12, 1), parcels=50, revenue="6000")  # 6 000 in one month: 5 %, Z
    ship(silent, date(2024, 12, 1), parcels=10, revenue="999")  # outside the window
    return {"big": big, "middle": middle, "small": small, "silent": silent}


def test_classes_are_computed_over_the_whole_portfolio_and_stored(portfolio):
    assert portfolio_classify(as_of=AS_OF) == 4
    stored = {
        c.account.name: (c.abc_class, c.xyz_class, c.as_of)
        for c in AccountClassification.objects.select_related("account")
    }
    assert stored == {
        "Stor Nettbutikk AS": ("A", "X", AS_OF),
        "Middels Butikk AS": ("B", "X", AS_OF),
        "Liten Butikk AS": ("C", "Z", AS_OF),
        "Stille Butikk AS": ("", "", AS_OF),
    }


def test_the_abc_api_shows_only_visible_accounts_with_portfolio_wide_shares(kari, portfolio):
    client = APIClient()
    client.force_authenticate(kari)
    response = client.get("/api/v1/portfolio/abc/", {"as_of": "2026-01-15"})
    assert response.status_code == 200
    rows = response.json()
    assert [r["account"] for r in rows] == [
        portfolio["big"].pk,
        portfolio["small"].pk,
        portfolio["silent"].pk,
    ]
    big, small, silent = rows
    assert big["revenue_12m"] == "96000.00"
    assert big["share"] == pytest.approx(0.8)
    assert big["cumulative_share"] == pytest.approx(0.8)
    assert (big["abc_class"], big["xyz_class"]) == ("A", "X")
    # Ola's account sits between them in the ranking; Kari's small one still reaches 100 %.
    assert small["cumulative_share"] == pytest.approx(1.0)
    assert small["abc_class"] == "C"
    assert silent["abc_class"] is None
    assert silent["revenue_12m"] == "0.00"


def test_the_abc_api_rejects_a_bad_date(kari):
    client = APIClient()
    client.force_authenticate(kari)
    response = client.get("/api/v1/portfolio/abc/", {"as_of": "15.01.2026"})
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_the_revenue_api_gives_24_months_with_the_year_before(kari, portfolio):
    big = portfolio["big"]
    steady(big, "4000", year=2024, cost="3000")
    client = APIClient()
    client.force_authenticate(kari)
    body = client.get(f"/api/v1/accounts/{big.pk}/revenue/", {"as_of": "2026-01-15"}).json()
    months = body["months"]
    assert len(months) == 24
    assert months[0]["month"] == "2024-01"
    assert months[-1]["month"] == "2025-12"
    december = months[-1]
    assert december["revenue"] == "8000.00"
    assert december["revenue_year_earlier"] == "4000.00"
    assert december["margin"] == "2000.00"
    assert december["by_service"]["overnight"]["parcels"] == 100
    assert body["revenue_change"] == pytest.approx(1.0)  # doubled year on year
    assert body["lifetime_value"]["monthly_margin"] == "2000.00"


def test_another_kam_cannot_read_the_revenue(ola, portfolio):
    client = APIClient()
    client.force_authenticate(ola)
    assert client.get(f"/api/v1/accounts/{portfolio['big'].pk}/revenue/").status_code == 404


def test_the_portfolio_page_shows_the_pareto_chart_and_its_numbers(client, sara, portfolio):
    client.force_login(sara)
    page = client.get(reverse("portfolio:overview"), {"as_of": "2026-01-15"}).content.decode()
    assert 'data-chart="pareto"' in page
    assert 'id="pareto-data"' in page
    assert "Stor Nettbutikk AS" in page
    assert "Middels Butikk AS" in page  # sara manages the segment


def test_the_account_page_shows_revenue_margin_and_lifetime_value(client, kari, portfolio):
    client.force_login(kari)
    page = client.get(portfolio["big"].get_absolute_url()).content.decode()
    assert 'id="panel-revenue"' in page
    assert "CLV = m · r / (1 + d − r)" in page


def test_the_account_page_query_count_does_not_grow_with_shipment_rows(client, kari, portfolio):
    client.force_login(kari)
    url = portfolio["small"].get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(1, 12):
        for service in ("express", "weekend", "return"):
            ship(
                portfolio["small"], date(2025, month, 1), parcels=5, revenue="100", service=service
            )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
