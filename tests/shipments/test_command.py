"""`manage.py import_shipments`: the same import from a terminal or a cron job."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nokkel.shipments.models import ImportStatus, ShipmentImport, ShipmentMonth
from tests.shipments.files import norwegian_excel_csv, write_csv

pytestmark = pytest.mark.django_db

GOOD = [["1", "K1001", "01.03.2024", "natt", "Tromsø", "1,5", "129,50", "80,00"]]
BAD = [["1", "K1001", "01.03.2024", "natt", "Tromsø", "1,5", "-129,50", "80,00"]]


def import_shipments(*args: str) -> str:
    out = StringIO()
    call_command("import_shipments", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_json_summary_of_a_good_file(fjellsport, files):
    path = norwegian_excel_csv(files / "mars.csv", GOOD)

    summary = json.loads(import_shipments(str(path), "--json", "--as-of", "2024-06-01"))

    assert summary["status"] == "succeeded"
    assert summary["id"] == ShipmentImport.objects.get().pk
    assert summary["counts"]["parcels"] == 1
    assert summary["counts"]["revenue"] == "129.50"
    assert summary["report"]["period"] == {"start": "2024-03-01", "end": "2024-03-31"}
    assert ShipmentMonth.objects.get().zone == "Tromsø"


def test_a_rejected_file_exits_non_zero_after_printing_its_report(fjellsport, files):
    path = norwegian_excel_csv(files / "mars.csv", BAD)
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_shipments", str(path), "--json", stdout=out)

    assert raised.value.returncode == 1
    summary = json.loads(out.getvalue())
    assert summary["status"] == "rejected"
    assert summary["report"]["bad_rows"][0]["line"] == 2
    assert not ShipmentMonth.objects.exists()


def test_the_readable_report_names_bad_rows_and_unknown_customers(fjellsport, files):
    rows = [*BAD, ["2", "K5555", "02.03.2024", "natt", "Oslo", "1", "10", ""]]
    path = norwegian_excel_csv(files / "mars.csv", rows)
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("import_shipments", str(path), stdout=out)
    text = out.getvalue()
    assert "line 2, pris “-129,50”: The price must not be negative." in text

    out = StringIO()
    call_command("import_shipments", str(path), "--skip-invalid", stdout=out)
    text = out.getvalue()
    assert "customer_number K5555: 1 parcels, NOK 10.00" in text
    assert "rejected.csv" in text


def test_a_duplicate_is_not_an_error(fjellsport, files):
    path = norwegian_excel_csv(files / "mars.csv", GOOD)
    import_shipments(str(path))

    summary = json.loads(import_shipments(str(path), "--json"))

    assert summary["status"] == ImportStatus.DUPLICATE


def test_options_reach_the_reader_and_bad_ones_are_refused(fjellsport, files):
    path = write_csv(
        files / "pipes.csv",
        [["K1001", "2024-03-01", "overnight", "Oslo", "1", "10"]],
        header=["customer_number", "shipped_on", "service", "zone", "weight_kg", "price_nok"],
        delimiter="|",
    )

    summary = json.loads(import_shipments(str(path), "--json", "--delimiter", "|", "--dry-run"))

    assert summary["status"] == "succeeded"
    assert summary["report"]["reading"]["delimiter"] == "|"
    assert not ShipmentMonth.objects.exists()
    with pytest.raises(CommandError, match="Unknown encoding"):
        import_shipments(str(path), "--encoding", "klingon")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        import_shipments(str(path), "--as-of", "1.6.2024")
    with pytest.raises(CommandError, match="no file"):
        import_shipments(str(files / "missing.csv"))


def test_a_terminal_gets_a_progress_bar(fjellsport, files):
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    call_command("import_shipments", str(norwegian_excel_csv(files / "m.csv", GOOD)), stdout=out)

    assert "\r[" in out.getvalue()
    assert "100 %" in out.getvalue()


def test_repeated_shipment_ids_are_counted_when_asked(fjellsport, files):
    path = norwegian_excel_csv(files / "m.csv", GOOD * 3)

    plain = json.loads(import_shipments(str(path), "--json", "--dry-run"))
    checked = json.loads(import_shipments(str(path), "--json", "--dry-run", "--check-repeated-ids"))

    assert not any("shipment id" in message for message in plain["report"]["messages"])
    assert (
        "2 rows repeat a shipment id that appears earlier in the file."
        in (checked["report"]["messages"])
    )
