"""What an import promises: all or nothing, idempotent, a period replaced as a whole,
and no customer dropped without a word."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import DatabaseError

from nokkel.portfolio.models import AccountClassification
from nokkel.shipments.models import CustomerAlias, ImportStatus, ShipmentMonth
from nokkel.shipments.services import (
    customer_alias_create,
    shipment_import_create,
    shipment_import_run,
    shipment_prospect_create,
)
from tests.shipments.conftest import TODAY, figures, totals
from tests.shipments.files import write_csv

pytestmark = pytest.mark.django_db


def march(customer: str, zone: str = "Oslo", price: str = "100.00", date: str = "2024-03-05"):
    return ["", customer, date, "overnight", zone, "1.0", price, "60.00"]


def test_a_file_with_bad_rows_is_rejected_whole_and_says_where(run_import, fjellsport, files):
    path = write_csv(
        files / "march.csv",
        [
            march("K1001"),
            ["", "K1001", "31.02.2024", "overnight", "Oslo", "1", "100", ""],
            ["", "K1001", "2024-03-06", "overnight", "Oslo", "1", "-5", ""],
            ["", "K1001", "2024-03-06", "overnight", "Oslo", "1", "gratis", ""],
            ["", "K1001", "2024-03-06", "teleport", "Oslo", "1", "100", ""],
            ["", "", "2024-03-06", "overnight", "Oslo", "1", "100", ""],
            ["", "K1001", "2024-03-06", "overnight", "Oslo", "-1", "100", ""],
        ],
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.REJECTED
    assert not ShipmentMonth.objects.exists()
    assert shipment_import.counts["invalid_rows"] == 6
    assert shipment_import.counts["rows"] == 7
    shown = [
        (row["line"], row["column"], row["value"], row["reason"])
        for row in shipment_import.report["bad_rows"]
    ]
    assert shown == [
        (3, "shipped_on", "31.02.2024", "Not a date; write dates as dd.mm.yyyy or yyyy-mm-dd."),
        (4, "price_nok", "-5", "The price must not be negative."),
        (5, "price_nok", "gratis", "The price is not a number."),
        (6, "service", "teleport", shipment_import.report["bad_rows"][3]["reason"]),
        (
            7,
            "customer_number",
            "",
            "Neither a customer number nor an organisation number is given.",
        ),
        (8, "weight_kg", "-1", "The weight must not be negative."),
    ]
    assert "Unknown service" in shipment_import.report["bad_rows"][3]["reason"]
    assert "6 of 7 rows are invalid" in shipment_import.report["messages"][0]


def test_only_the_first_fifty_bad_rows_are_listed_but_all_are_counted(
    run_import, fjellsport, files
):
    rows = [march("K1001", price="x")] * 120
    shipment_import = run_import(write_csv(files / "bad.csv", rows))

    assert shipment_import.counts["invalid_rows"] == 120
    assert len(shipment_import.report["bad_rows"]) == 50
    assert shipment_import.report["bad_rows"][-1]["line"] == 51


def test_skipping_invalid_rows_imports_the_rest_and_hands_back_the_bad_ones(
    run_import, fjellsport, files
):
    path = write_csv(
        files / "march.csv",
        [march("K1001"), march("K1001", price="-1"), march("K1001", zone="Bergen")],
    )

    shipment_import = run_import(path, skip_invalid=True)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.counts["valid_rows"] == 2
    assert shipment_import.counts["invalid_rows"] == 1
    assert set(figures(fjellsport)) == {
        ("2024-03", "overnight", "Oslo"),
        ("2024-03", "overnight", "Bergen"),
    }
    rejected = Path(shipment_import.rejected_rows_path)
    assert rejected.name == f"{shipment_import.pk}-rejected.csv"
    with rejected.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:4] == ["line", "error", "shipment_id", "customer_number"]
    assert rows[1][:2] == ["3", "The price must not be negative."]
    assert rows[1][8] == "-1"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    run_import, fjellsport, files
):
    path = write_csv(files / "march.csv", [march("K1001"), march("K1001", zone="Bergen")])
    first = run_import(path)
    before = figures(fjellsport)

    second = run_import(path)

    assert second.status == ImportStatus.DUPLICATE
    assert second.report["duplicate_of"] == first.pk
    assert figures(fjellsport) == before
    assert set(ShipmentMonth.objects.values_list("shipment_import", flat=True)) == {first.pk}


def test_a_correction_file_replaces_march_for_its_customers_only(
    run_import, fjellsport, bokhylla, files
):
    run_import(
        write_csv(
            files / "q1.csv",
            [
                march("K1001", date="2024-02-10"),
                march("K1001"),
                march("K1001", zone="Bergen"),
                march("K1002", price="500.00"),
            ],
        )
    )

    correction = run_import(
        write_csv(files / "march-fix.csv", [march("K1001", price="80.00", date="2024-03-20")])
    )

    assert correction.status == ImportStatus.SUCCEEDED
    assert correction.counts["aggregates_replaced"] == 2
    assert figures(fjellsport) == {
        ("2024-02", "overnight", "Oslo"): (1, "100.00", "60.00", "1.000"),
        ("2024-03", "overnight", "Oslo"): (1, "80.00", "60.00", "1.000"),
    }
    assert figures(bokhylla) == {("2024-03", "overnight", "Oslo"): (1, "500.00", "60.00", "1.000")}
    # The monthly totals the portfolio pages read follow the figures.
    assert totals(fjellsport) == {"2024-02": (1, "100.00"), "2024-03": (1, "80.00")}
    assert totals(bokhylla) == {"2024-03": (1, "500.00")}


def test_monthly_totals_sum_every_service_and_zone(run_import, fjellsport, files):
    run_import(
        write_csv(
            files / "march.csv",
            [
                march("K1001"),
                march("K1001", zone="Bergen", price="150.50"),
                march("K1001", zone="Bergen", price="0.25", date="2024-03-31"),
                march("K1001", date="2024-04-01"),
            ],
        )
    )

    assert totals(fjellsport) == {"2024-03": (3, "250.75"), "2024-04": (1, "100.00")}


def test_unknown_customers_are_listed_then_imported_once_mapped(
    run_import, fjellsport, bokhylla, sara, files
):
    path = write_csv(
        files / "march.csv",
        [march("K1001"), march("K7777", price="250.00"), march("K7777", price="50.00")],
    )

    first = run_import(path)

    assert first.status == ImportStatus.SUCCEEDED
    assert first.counts["unknown_customers"] == 1
    assert first.report["unknown_customers"] == [
        {"kind": "customer_number", "value": "K7777", "parcels": 2, "revenue": "300.00"}
    ]
    assert not ShipmentMonth.objects.filter(account=bokhylla).exists()

    customer_alias_create(actor=sara, kind="customer_number", value="K7777", account=bokhylla)
    again = run_import(path)

    assert again.status == ImportStatus.SUCCEEDED
    assert again.counts["unknown_customers"] == 0
    assert figures(bokhylla) == {("2024-03", "overnight", "Oslo"): (2, "300.00", "120.00", "2.000")}
    assert figures(fjellsport) == {
        ("2024-03", "overnight", "Oslo"): (1, "100.00", "60.00", "1.000")
    }
    # Now every customer was known: a third run is a duplicate.
    assert run_import(path).status == ImportStatus.DUPLICATE


def test_an_unknown_customer_can_become_a_prospect(run_import, sara, files):
    path = write_csv(files / "march.csv", [march("K8888")])
    run_import(path)

    prospect = shipment_prospect_create(
        actor=sara, kind="customer_number", value="K8888", name="Ny Nettbutikk AS"
    )
    again = run_import(path)

    assert prospect.status == "prospect"
    assert again.counts["accounts"] == 1
    assert ShipmentMonth.objects.get().account == prospect


def test_an_alias_cannot_take_another_accounts_number(sara, fjellsport, bokhylla):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already belongs"):
        customer_alias_create(actor=sara, kind="customer_number", value="K1001", account=bokhylla)
    customer_alias_create(actor=sara, kind="org_number", value="NO 999 999 999", account=bokhylla)
    with pytest.raises(ValidationError, match="mapped to the account"):
        customer_alias_create(actor=sara, kind="org_number", value="999999999", account=fjellsport)
    assert CustomerAlias.objects.get().value == "999999999"


def test_a_rejected_file_can_be_imported_again_once_corrected(run_import, fjellsport, files):
    path = write_csv(files / "march.csv", [march("K1001", price="x")])
    assert run_import(path).status == ImportStatus.REJECTED

    assert run_import(path, skip_invalid=False).status == ImportStatus.REJECTED  # not "duplicate"


def test_a_missing_column_is_named_with_the_accepted_headers(run_import, files):
    path = write_csv(
        files / "march.csv",
        [["K1001", "2024-03-01", "overnight", "Oslo", "1"]],
        header=["customer_number", "shipped_on", "service", "zone", "weight_kg"],
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.REJECTED
    message = shipment_import.report["messages"][0]
    assert "Missing column(s): price_nok." in message
    assert "price_nok / pris" in message
    assert shipment_import.report["missing_columns"] == ["price_nok"]


def test_a_dry_run_reports_and_stores_nothing(run_import, fjellsport, files):
    path = write_csv(files / "march.csv", [march("K1001"), march("K1001", zone="Bergen")])

    dry = run_import(path, dry_run=True)

    assert dry.status == ImportStatus.SUCCEEDED
    assert dry.counts["aggregates"] == 2
    assert dry.counts["aggregates_written"] == 0
    assert not ShipmentMonth.objects.exists()
    assert run_import(path).status == ImportStatus.SUCCEEDED  # a dry run is no duplicate


def test_progress_moves_through_the_phases_and_classes_are_recomputed(
    run_import, fjellsport, files
):
    seen = []
    path = write_csv(files / "march.csv", [march("K1001")])

    shipment_import = run_import(path, progress=lambda percent, phase: seen.append(phase))

    assert seen == [
        "reading",
        "validating",
        "aggregating",
        "matching_customers",
        "saving",
        "classifying",
        "done",
    ]
    assert (shipment_import.progress, shipment_import.phase) == (100, "done")
    classification = AccountClassification.objects.get(account=fjellsport)
    assert (classification.as_of, classification.abc_class) == (TODAY, "A")


def test_an_import_that_dies_while_saving_leaves_the_figures_as_they_were(
    run_import, fjellsport, files, monkeypatch, sara
):
    run_import(write_csv(files / "march.csv", [march("K1001")]))
    before = figures(fjellsport)
    correction = shipment_import_create(
        uploaded_file_path=write_csv(files / "fix.csv", [march("K1001", price="1.00")]),
        actor=sara,
    )

    def power_cut(*args, **kwargs):
        raise DatabaseError("the server went away")

    # The old figures are deleted first; the insert then fails.
    monkeypatch.setattr("nokkel.shipments.services.saving.shipment_months_insert", power_cut)
    shipment_import = shipment_import_run(shipment_import=correction, today=TODAY)

    assert shipment_import.status == ImportStatus.FAILED
    assert "the server went away" in shipment_import.error
    assert figures(fjellsport) == before
    assert totals(fjellsport) == {"2024-03": (1, "100.00")}


def test_a_row_with_more_fields_than_the_header_is_not_cut_short_silently(
    run_import, fjellsport, files
):
    path = files / "march.csv"
    path.write_text(
        "customer_number;shipped_on;service;zone;weight_kg;price_nok\r\n"
        "K1001;01.03.2024;natt;Oslo;1;100\r\n"
        "K1001;01.03.2024;natt;Oslo sentrum; vest;1;100\r\n",
        encoding="utf-8",
    )

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.REJECTED
    [bad] = shipment_import.report["bad_rows"]
    assert (bad["line"], bad["value"]) == (3, "100")
    assert "more fields than the header" in bad["reason"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"customer_number;shipped_on;service;zone;weight_kg;price_nok\r\n", "no shipments"),
    ],
)
def test_an_empty_file_is_rejected_as_empty(run_import, files, content, message):
    path = files / "empty.csv"
    path.write_bytes(content)

    shipment_import = run_import(path)

    assert shipment_import.status == ImportStatus.REJECTED
    assert message in shipment_import.report["messages"][0]


def test_a_repeated_shipment_id_is_imported_with_a_warning_before_the_unknown_customers(
    run_import, fjellsport, files
):
    def row(shipment_id: str, customer: str = "K1001", date: str = "2024-03-05") -> list[str]:
        return [shipment_id, customer, date, "overnight", "Oslo", "1.0", "100.00", "60.00"]

    path = write_csv(
        files / "march.csv",
        [
            row("S1"),
            row(" S1 ", date="2024-04-02"),  # the same id in another month
            row("S2"),
            row("S2"),
            row("S2"),
            row(""),
            row(""),  # rows without an id repeat nothing
            row("S3", customer="K9999"),
        ],
    )

    shipment_import = run_import(path, check_repeated_ids=True)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.counts["parcels"] == 7
    messages = shipment_import.report["messages"]
    assert messages[0] == "3 rows repeat a shipment id that appears earlier in the file."
    assert "1 customer in the file is unknown" in messages[1]


def test_repeated_shipment_ids_are_counted_among_the_valid_rows_when_invalid_ones_are_skipped(
    run_import, fjellsport, files
):
    path = write_csv(
        files / "march.csv",
        [
            ["S1", "K1001", "2024-03-05", "overnight", "Oslo", "1.0", "100.00", ""],
            ["S1", "K1001", "2024-03-06", "overnight", "Oslo", "1.0", "-1", ""],
            ["S1", "K1001", "2024-03-07", "overnight", "Oslo", "1.0", "50.00", ""],
        ],
    )

    shipment_import = run_import(path, skip_invalid=True, check_repeated_ids=True)

    assert shipment_import.counts["invalid_rows"] == 1
    assert shipment_import.report["messages"] == [
        "1 invalid row was skipped; it is in the rejected rows file.",
        "1 row repeats a shipment id that appears earlier in the file.",
    ]


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_repeated_shipment_ids_are_only_counted_when_asked(
    run_import, fjellsport, files, skip_invalid
):
    rows = [["S1", "K1001", "2024-03-05", "overnight", "Oslo", "1.0", "100.00", ""]] * 2
    if skip_invalid:
        rows.append(["S2", "K1001", "2024-03-06", "overnight", "Oslo", "1.0", "-1", ""])
    path = write_csv(files / "march.csv", rows)

    shipment_import = run_import(path, skip_invalid=skip_invalid)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.counts["parcels"] == 2
    assert not any("shipment id" in message for message in shipment_import.report["messages"])


def test_asking_for_repeated_ids_of_a_file_without_ids_says_so(run_import, fjellsport, files):
    rows = [["K1001", "2024-03-05", "overnight", "Oslo", "1.0", "100.00"]] * 2
    header = ["customer_number", "shipped_on", "service", "zone", "weight_kg", "price_nok"]
    path = write_csv(files / "march.csv", rows, header=header)

    shipment_import = run_import(path, check_repeated_ids=True)

    assert shipment_import.status == ImportStatus.SUCCEEDED
    assert shipment_import.report["messages"] == [
        "The file has no shipment id column, so repeated ids were not counted."
    ]


def test_a_valid_file_is_read_once_without_keeping_its_rows(
    run_import, fjellsport, files, monkeypatch
):
    def keep_rows(*args, **kwargs):
        raise AssertionError("the rows of a valid file were kept for a detailed pass")

    monkeypatch.setattr("nokkel.shipments.services.imports.rows_table_create", keep_rows)
    path = write_csv(files / "march.csv", [march("K1001"), march("K1001", zone="Bergen")])

    assert run_import(path).status == ImportStatus.SUCCEEDED


def test_a_file_given_by_path_is_read_where_it_lies_and_an_upload_is_stored(
    fjellsport, files, sara, media_root
):
    path = write_csv(files / "march.csv", [march("K1001")])

    by_path = shipment_import_create(uploaded_file_path=path, actor=sara)
    with path.open("rb") as upload:
        uploaded = shipment_import_create(file=upload, file_name="march.csv", actor=sara)

    assert by_path.stored_path == str(path.resolve())
    assert Path(uploaded.stored_path).parent == media_root / "imports"
    assert Path(uploaded.stored_path).read_bytes() == path.read_bytes()
    assert by_path.checksum == uploaded.checksum
    assert by_path.size_bytes == uploaded.size_bytes == path.stat().st_size
