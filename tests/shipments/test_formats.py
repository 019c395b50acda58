"""The files the carrier's people actually have: Norwegian Excel CSV, UTF-8 with BOM,
plain ISO CSV, Parquet from the data warehouse and small Excel workbooks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nokkel.shipments.models import ImportStatus, ShipmentMonth
from tests.shipments.conftest import figures
from tests.shipments.files import (
    ENGLISH,
    NORWEGIAN,
    at,
    day,
    norwegian_excel_csv,
    write_csv,
    write_parquet,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def test_a_norwegian_excel_csv_in_windows_1252_is_read_with_its_zones_intact(
    run_import, fjellsport, files
):
    path = norwegian_excel_csv(
        files / "mars.csv",
        [
            ["1", "K1001", "01.03.2024", "natt", "Tromsø", "1,5", "129,50", "80,00"],
            ["2", "K1001", "15.03.2024", "natt", "Tromsø", "2,25", "1 000,25", "600,00"],
            ["3", "K1001", "31.03.2024", "helg", "Ålesund", "0,5", "89", "40,5"],
            ["4", "K1001", "02.04.2024", "natt", "Bærum", "3", "150", "90"],
        ],
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert figures(fjellsport) == {
        ("2024-03", "overnight", "Tromsø"): (2, "1129.75", "680.00", "3.750"),
        ("2024-03", "weekend", "Ålesund"): (1, "89.00", "40.50", "0.500"),
        ("2024-04", "overnight", "Bærum"): (1, "150.00", "90.00", "3.000"),
    }
    assert shipment_import.report["reading"] == {
        "format": "csv",
        "encoding": "cp1252",
        "delimiter": ";",
        "decimal": ",",
    }
    assert shipment_import.counts["rows"] == 4
    assert shipment_import.counts["months"] == 2
    assert shipment_import.counts["revenue"] == "1368.75"
    assert shipment_import.report["period"] == {"start": "2024-03-01", "end": "2024-04-30"}


def test_windows_1252_is_recognised_even_when_the_first_kilobyte_is_plain_ascii(
    run_import, fjellsport, files
):
    plain = [["", "K1001", "01.03.2024", "natt", "Oslo", "1", "100", "50"]] * 60
    path = norwegian_excel_csv(
        files / "mars.csv", [*plain, ["", "K1001", "02.03.2024", "natt", "Tromsø", "1", "100", ""]]
    )

    shipment_import = run_import(path)

    assert shipment_import.report["reading"]["encoding"] == "cp1252"
    assert ("2024-03", "overnight", "Tromsø") in figures(fjellsport)


def test_utf8_with_a_bom_keeps_the_first_header_and_the_letters(run_import, fjellsport, files):
    path = write_csv(
        files / "bom.csv",
        [["9", "K1001", "05.03.2024", "natt", "Åndalsnes", "1,0", "99,90", "50,00"]],
        header=NORWEGIAN,
        delimiter=";",
        bom=True,
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.report["reading"]["encoding"] == "utf-8-sig"
    assert shipment_import.report["columns"]["shipment_id"] == "sendingsnummer"
    assert figures(fjellsport) == {
        ("2024-03", "overnight", "Åndalsnes"): (1, "99.90", "50.00", "1.000")
    }


def test_a_plain_csv_with_iso_dates_commas_and_decimal_points(run_import, fjellsport, files):
    path = write_csv(
        files / "march.csv",
        [
            ["A1", "K1001", "2024-03-01", "express", "Oslo", "1.5", "129.50", "80.00"],
            ["A2", "K1001", "2024-03-02", "express", "Oslo", "0.5", "70.50", "40.00"],
        ],
    )

    shipment_import = run_import(path)

    assert shipment_import.report["reading"]["delimiter"] == ","
    assert shipment_import.report["reading"]["decimal"] == "."
    assert figures(fjellsport) == {("2024-03", "express", "Oslo"): (2, "200.00", "120.00", "2.000")}


def test_a_parquet_file_from_the_data_warehouse(run_import, fjellsport, files):
    path = write_parquet(
        files / "march.parquet",
        [
            ("K1001", day("2024-03-01"), "overnight", "Oslo", 1.25, Decimal("100.10"), None),
            ("K1001", day("2024-03-31"), "return", "Oslo", 2.0, Decimal("50.00"), None),
        ],
        columns=("customer_number", "shipped_on", "service", "zone", "weight_kg", "price_nok"),
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    # No cost column: the margin is unknown, not zero.
    assert figures(fjellsport) == {
        ("2024-03", "overnight", "Oslo"): (1, "100.10", None, "1.250"),
        ("2024-03", "return", "Oslo"): (1, "50.00", None, "2.000"),
    }


def test_a_small_excel_workbook_with_real_dates_and_numbers(run_import, fjellsport, files):
    path = write_xlsx(
        files / "mars.xlsx",
        NORWEGIAN,
        [
            [1, "K1001", at("2024-03-04 00:00"), "Hentested", "Bodø", 1.5, 120.5, 60],
            [2, 1001, "05.03.2024", "hentested", "Bodø", 2, 79.5, 40],
        ],
    )
    fjellsport.customer_number = "1001"  # typed as a number in the sheet
    fjellsport.save(update_fields=["customer_number"])

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED, shipment_import.report
    assert shipment_import.counts["unknown_customers"] == 1  # the row with "K1001"
    assert figures(fjellsport) == {
        ("2024-03", "pickup_point", "Bodø"): (1, "79.50", "40.00", "2.000")
    }


def test_norwegian_headers_and_service_names_in_any_case(run_import, fjellsport, files):
    services = ["NATT", "Ekspress", "helg", "HENTESTED", "Retur"]
    rows = [["", "K1001", "01.03.2024", name, "Oslo", "1", "10", "5"] for name in services]
    path = write_csv(
        files / "tjenester.csv",
        rows,
        header=[
            " Sendingsnummer",
            "KUNDENUMMER ",
            "Dato",
            "Tjeneste",
            "Sone",
            "Vekt",
            "Pris",
            "Kostnad",
        ],
        delimiter=";",
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert set(ShipmentMonth.objects.values_list("service", flat=True)) == {
        "overnight",
        "express",
        "weekend",
        "pickup_point",
        "return",
    }


def test_customers_are_found_by_organisation_number_written_the_way_people_write_it(
    run_import, fjellsport, files
):
    number = fjellsport.org_number
    spaced = f"NO {number[:3]} {number[3:6]} {number[6:]} MVA"
    path = write_csv(
        files / "orgnr.csv",
        [[spaced, "2024-03-01", "overnight", "Oslo", "1", "10"]],
        header=["org_number", "shipped_on", "service", "zone", "weight_kg", "price_nok"],
    )

    shipment_import = run_import(path)

    assert shipment_import.counts["accounts"] == 1
    assert figures(fjellsport) == {("2024-03", "overnight", "Oslo"): (1, "10.00", None, "1.000")}


def test_the_reading_can_be_told_what_the_file_is(run_import, fjellsport, files):
    # A pipe-separated export with US-style dates that nothing would guess.
    path = write_csv(
        files / "export.txt",
        [["K1001", "03/31/2024", "overnight", "Oslo", "1,5", "10,5"]],
        header=["customer_number", "shipped_on", "service", "zone", "weight_kg", "price_nok"],
        delimiter="|",
        encoding="latin-1",
    )

    shipment_import = run_import(
        path, delimiter="|", decimal=",", date_format="mm/dd/yyyy", encoding="latin-1"
    )

    assert shipment_import.status == ImportStatus.SUCCEEDED, shipment_import.report
    assert figures(fjellsport) == {("2024-03", "overnight", "Oslo"): (1, "10.50", None, "1.500")}


def test_empty_rows_excel_leaves_below_the_data_are_not_shipments(run_import, fjellsport, files):
    rows = [
        ["", "K1001", "01.03.2024", "natt", "Oslo", "1", "10", ""],
        [""] * len(ENGLISH),
        [""] * len(ENGLISH),
    ]
    path = norwegian_excel_csv(files / "tomme.csv", rows)

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.counts["rows"] == 1


def test_zones_with_commas_quotes_or_nothing_are_stored_as_written(run_import, fjellsport, files):
    zones = ["Oslo, sentrum", 'Bodø "nord"', "", "Ski;Ås"]
    path = files / "soner.csv"
    path.write_text(
        "customer_number;shipped_on;service;zone;weight_kg;price_nok\r\n"
        + "".join(
            f'K1001;01.03.2024;natt;"{zone.replace(chr(34), chr(34) * 2)}";1;10\r\n'
            for zone in zones
        ),
        encoding="utf-8",
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.SUCCEEDED, shipment_import.report
    assert {zone for _month, _service, zone in figures(fjellsport)} == set(zones)
