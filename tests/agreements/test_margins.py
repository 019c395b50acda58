"""Offer margins with Decimal: per line, in total, and when a manager must approve."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nokkel.agreements import margins
from nokkel.agreements.margins import LineInput


@pytest.mark.parametrize(
    ("price", "parcels", "cost", "revenue", "margin", "share"),
    [
        ("25.00", 1000, "20.00", "25000.00", "5000.00", "0.2000"),
        ("19.90", 3, "17.45", "59.70", "7.35", "0.1231"),
        ("10.00", 100, "12.50", "1000.00", "-250.00", "-0.2500"),  # sold below cost
        ("0.00", 100, "5.00", "0.00", "-500.00", None),  # no revenue: no share
        ("25.00", 0, "20.00", "0.00", "0.00", None),
    ],
)
def test_a_lines_margin_is_price_less_cost_times_monthly_parcels(
    price, parcels, cost, revenue, margin, share
):
    line = margins.line_margin(LineInput(Decimal(price), parcels, Decimal(cost)))
    assert line.revenue == Decimal(revenue)
    assert line.margin == Decimal(margin)
    assert line.margin_share == (Decimal(share) if share else None)


def test_a_line_without_a_cost_has_an_unknown_margin_and_so_has_the_offer():
    offer = margins.offer_margin(
        [LineInput(Decimal("25.00"), 1000, Decimal("20.00")), LineInput(Decimal("30.00"), 10, None)]
    )
    assert offer.lines[1].margin is None
    assert offer.revenue == Decimal("25300.00")
    assert offer.margin is None
    assert offer.margin_share is None
    assert margins.needs_approval(offer, minimum_share=Decimal("0.15"))


def test_the_total_margin_share_weighs_lines_by_their_revenue():
    offer = margins.offer_margin(
        [
            LineInput(Decimal("25.00"), 1000, Decimal("20.00")),
            LineInput(Decimal("50.00"), 100, Decimal("35.00")),
        ]
    )
    assert offer.revenue == Decimal("30000.00")
    assert offer.cost == Decimal("23500.00")
    assert offer.margin == Decimal("6500.00")
    assert offer.margin_share == Decimal("0.2167")


@pytest.mark.parametrize(
    ("price", "cost", "needs_approval"),
    [
        ("20.00", "17.00", False),  # exactly 15 %: not below the minimum
        ("20.00", "17.01", True),  # a cent under
        ("20.00", "10.00", False),
        ("20.00", "25.00", True),  # a loss
        ("0.00", "0.00", True),  # nothing earned: a manager looks at it
    ],
)
def test_a_margin_below_the_minimum_needs_approval(price, cost, needs_approval):
    offer = margins.offer_margin([LineInput(Decimal(price), 100, Decimal(cost))])
    assert margins.needs_approval(offer, minimum_share=Decimal("0.15")) is needs_approval


def test_the_most_specific_row_of_the_cost_model_gives_the_cost():
    table = {
        margins.cost_key("overnight", "", ""): Decimal("20.00"),
        margins.cost_key("overnight", "Nord-Norge", ""): Decimal("30.00"),
        margins.cost_key("overnight", "", "10-20"): Decimal("26.00"),
        margins.cost_key("overnight", "Nord-Norge", "10-20"): Decimal("41.00"),
    }

    def cost(zone: str, band: str, service: str = "overnight"):
        return margins.cost_lookup(table, service=service, zone=zone, weight_band=band)

    assert cost("nord-norge ", "10-20") == Decimal("41.00")  # zones match regardless of case
    assert cost("Nord-Norge", "0-1") == Decimal("30.00")
    assert cost("Oslo", "10-20") == Decimal("26.00")
    assert cost("Oslo", "0-1") == Decimal("20.00")
    assert cost("Oslo", "0-1", service="express") is None
