from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nokkel.shipments.models import AccountMonth, ShipmentImport, ShipmentMonth
from nokkel.shipments.services import shipment_import_create, shipment_import_run
from tests.factories import AccountFactory, valid_org_number

TODAY = date(2024, 6, 15)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploads and rejected-rows files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def files(tmp_path) -> Path:
    directory = tmp_path / "files"
    directory.mkdir()
    return directory


@pytest.fixture
def fjellsport(kari, segment):
    return AccountFactory(
        name="Fjellsport AS",
        customer_number="K1001",
        org_number=valid_org_number(901),
        kam=kari,
        segment=segment,
    )


@pytest.fixture
def bokhylla(ola, segment):
    return AccountFactory(
        name="Bokhylla AS",
        customer_number="K1002",
        org_number=valid_org_number(902),
        kam=ola,
        segment=segment,
    )


@pytest.fixture
def run_import(sara):
    """Import a file the way the upload does: store it, then run the import."""

    def run(path: Path, *, today: date = TODAY, progress=None, **options) -> ShipmentImport:
        shipment_import = shipment_import_create(
            uploaded_file_path=path, file_name=path.name, actor=sara, options=options
        )
        return shipment_import_run(shipment_import=shipment_import, today=today, progress=progress)

    return run


def figures(account) -> dict[tuple[str, str, str], tuple]:
    """An account's stored months as {(month, service, zone): (parcels, revenue, cost, weight)}."""
    return {
        (f"{m.month:%Y-%m}", m.service, m.zone): (
            m.parcels,
            str(m.revenue),
            m.cost and str(m.cost),
            str(m.weight_kg),
        )
        for m in ShipmentMonth.objects.filter(account=account)
    }


def totals(account) -> dict[str, tuple]:
    """An account's monthly totals as {month: (parcels, revenue)}."""
    return {
        f"{m.month:%Y-%m}": (m.parcels, str(m.revenue))
        for m in AccountMonth.objects.filter(account=account)
    }
