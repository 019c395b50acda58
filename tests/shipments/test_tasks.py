"""The background task is a thin wrapper: it runs the queued import as of the given day."""

from __future__ import annotations

from datetime import date

import pytest

from nokkel.portfolio.models import AccountClassification
from nokkel.shipments.models import ImportStatus, ShipmentImport
from nokkel.shipments.services import shipment_import_create
from nokkel.shipments.tasks import run_shipment_import
from tests.shipments.files import norwegian_excel_csv

pytestmark = pytest.mark.django_db


def test_the_task_runs_a_queued_import_as_of_the_day_it_was_given(sara, fjellsport, files):
    path = norwegian_excel_csv(
        files / "mars.csv", [["1", "K1001", "01.03.2024", "natt", "Oslo", "1", "100", ""]]
    )
    queued = shipment_import_create(uploaded_file_path=path, actor=sara)

    result = run_shipment_import.enqueue(queued.pk, "2024-04-02")

    assert result.return_value == ImportStatus.SUCCEEDED
    assert ShipmentImport.objects.get(pk=queued.pk).status == ImportStatus.SUCCEEDED
    assert AccountClassification.objects.get(account=fjellsport).as_of == date(2024, 4, 2)


def test_a_finished_import_is_not_run_again_when_the_task_is_retried(sara, fjellsport, files):
    path = norwegian_excel_csv(
        files / "mars.csv", [["1", "K1001", "01.03.2024", "natt", "Oslo", "1", "100", ""]]
    )
    queued = shipment_import_create(uploaded_file_path=path, actor=sara)
    run_shipment_import.enqueue(queued.pk, "2024-04-02")
    finished_at = ShipmentImport.objects.get(pk=queued.pk).finished_at

    run_shipment_import.enqueue(queued.pk, "2024-04-02")

    assert ShipmentImport.objects.get(pk=queued.pk).finished_at == finished_at
