"""Background work for shipment imports: thin wrappers over the services."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import translation
from django_tasks import task

from nokkel.shipments.models import ShipmentImport
from nokkel.shipments.services import shipment_import_run


@task()
def run_shipment_import(import_id: int, today_iso: str) -> str:
    """Run a queued shipment import; `today_iso` is the uploader's date (the ABC as-of).

    The report is written in the uploader's language, kept in the import's options.
    """
    shipment_import = ShipmentImport.objects.get(pk=import_id)
    language = shipment_import.options.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        shipment_import = shipment_import_run(
            shipment_import=shipment_import, today=date.fromisoformat(today_iso)
        )
    return str(shipment_import.status)
