from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nokkel.agreements.models import CostRate
from nokkel.agreements.services import OfferLineInput, offer_create

TODAY = date(2026, 3, 2)


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
def cost_model(db):
    """Overnight costs 20 kr a parcel anywhere, 30 kr in Nord-Norge; express costs 40 kr."""
    CostRate.objects.create(service="overnight", cost_per_parcel=Decimal("20.00"))
    CostRate.objects.create(service="overnight", zone="Nord-Norge", cost_per_parcel=Decimal("30"))
    CostRate.objects.create(service="express", cost_per_parcel=Decimal("40.00"))


def line(service="overnight", price="25.00", parcels=1000, zone="", weight_band=""):
    return OfferLineInput(
        service=service,
        price_per_parcel=Decimal(price),
        expected_parcels_per_month=parcels,
        zone=zone,
        weight_band=weight_band,
    )


def make_offer(account, actor, *lines, valid_until=date(2026, 4, 1), **data):
    return offer_create(
        account=account,
        actor=actor,
        data={"title": "Nattlevering 2026", "valid_until": valid_until, **data},
        lines=list(lines) or [line()],
    )


@pytest.fixture
def healthy_offer(kari, karis_account, cost_model):
    """25 kr against 20 kr cost: a 20 % margin, above the 15 % minimum."""
    return make_offer(karis_account, kari, line(price="25.00"))


@pytest.fixture
def thin_offer(kari, karis_account, cost_model):
    """22 kr against 20 kr cost: a 9.1 % margin, below the minimum."""
    return make_offer(karis_account, kari, line(price="22.00"))
