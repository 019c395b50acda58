"""The migration that started keeping monthly totals fills them from the figures already
imported, so an upgraded installation's portfolio pages show what they showed before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("shipments", "0001_initial")]
AFTER = [("shipments", "0002_account_month_totals")]


@pytest.fixture
def executor():
    """A migration executor; the database is migrated back to the newest state after
    the test, also when it fails, so the tests after it find their tables."""
    yield MigrationExecutor(connection)
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_upgrading_fills_the_monthly_totals_from_the_figures(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    account = old.get_model("accounts", "Account").objects.create(name="Fjellsport AS")
    figures = old.get_model("shipments", "ShipmentMonth").objects
    for month, service, zone, parcels, revenue in [
        (date(2025, 3, 1), "overnight", "Oslo", 10, "100.10"),
        (date(2025, 3, 1), "overnight", "Bergen", 5, "50.20"),
        (date(2025, 3, 1), "return", "Oslo", 1, "9.70"),
        (date(2025, 4, 1), "overnight", "Oslo", 7, "70.00"),
    ]:
        figures.create(
            account=account,
            month=month,
            service=service,
            zone=zone,
            parcels=parcels,
            revenue=Decimal(revenue),
            cost=Decimal(revenue) / 2,
            weight_kg=Decimal(parcels),
        )

    upgrade = MigrationExecutor(connection)
    upgrade.migrate(AFTER)
    new = upgrade.loader.project_state(AFTER).apps
    totals = new.get_model("shipments", "AccountMonth").objects.filter(account_id=account.pk)

    assert sorted(totals.values_list("month", "parcels", "revenue")) == [
        (date(2025, 3, 1), 16, Decimal("160.00")),
        (date(2025, 4, 1), 7, Decimal("70.00")),
    ]
