"""Uploading shipment files through the API and following the import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nokkel.shipments.models import ShipmentMonth
from tests.shipments.files import norwegian_excel_csv

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/imports/shipments/"
ROWS = [["1", "K1001", "01.03.2024", "natt", "Tromsø", "1,5", "129,50", "80,00"]]


@pytest.fixture
def api_as():
    def client_for(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


def upload(client: APIClient, path, **fields):
    with path.open("rb") as file:
        return client.post(UPLOAD, {"file": file, **fields}, format="multipart")


def test_a_sales_manager_uploads_a_file_and_follows_it_to_the_end(api_as, sara, fjellsport, files):
    client = api_as(sara)

    response = upload(client, norwegian_excel_csv(files / "mars.csv", ROWS))

    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    detail = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert detail["status"] == "succeeded"
    assert detail["progress"] == 100
    assert detail["file_name"] == "mars.csv"
    assert detail["counts"]["parcels"] == 1
    assert detail["counts"]["revenue"] == "129.50"
    assert detail["rejected_rows_url"] is None
    assert {"created_at", "finished_at", "report", "phase"} <= set(detail)
    assert ShipmentMonth.objects.get().account == fjellsport


def test_the_rejected_rows_can_be_downloaded(api_as, sara, fjellsport, files):
    client = api_as(sara)
    rows = [*ROWS, ["2", "K1001", "01.03.2024", "natt", "Oslo", "1", "-5", ""]]

    response = upload(client, norwegian_excel_csv(files / "mars.csv", rows), skip_invalid=True)

    detail = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert detail["counts"]["invalid_rows"] == 1
    download = client.get(detail["rejected_rows_url"])
    assert download.status_code == 200
    assert "-5" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_a_kam_may_not_import(api_as, kari, files):
    response = upload(api_as(kari), norwegian_excel_csv(files / "mars.csv", ROWS))

    assert response.status_code == 403


def test_only_shipment_files_are_accepted(api_as, sara):
    response = api_as(sara).post(
        UPLOAD,
        {"file": SimpleUploadedFile("shipments.pdf", b"%PDF-1.7")},
        format="multipart",
    )

    assert response.status_code == 400
    assert ".parquet" in response.json()["file"][0]


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(api_as, sara, settings, files):
    settings.NOKKEL_IMPORT_MAX_BYTES = 100

    response = upload(api_as(sara), norwegian_excel_csv(files / "mars.csv", ROWS * 10))

    assert response.status_code == 400
    assert "(100 bytes)" in response.json()["file"][0]


def test_ola_cannot_see_saras_import(api_as, sara, ola, admin_user, fjellsport, files):
    response = upload(api_as(sara), norwegian_excel_csv(files / "mars.csv", ROWS))
    url = f"/api/v1/imports/{response.json()['id']}/"

    assert api_as(ola).get(url).status_code == 404
    assert api_as(ola).get(f"{url}rejected-rows/").status_code == 404
    assert api_as(admin_user).get(url).status_code == 200


def test_unknown_customers_are_mapped_through_the_api(api_as, sara, kari, fjellsport, files):
    client = api_as(sara)
    rows = [["1", "K4242", "01.03.2024", "natt", "Oslo", "1", "10", ""]]
    first = upload(client, norwegian_excel_csv(files / "mars.csv", rows)).json()
    report = client.get(f"/api/v1/imports/{first['id']}/").json()["report"]
    unknown = report["unknown_customers"][0]

    mapped = client.post(
        "/api/v1/imports/customer-aliases/",
        {"kind": unknown["kind"], "value": unknown["value"], "account": fjellsport.pk},
        format="json",
    )
    again = upload(client, files / "mars.csv").json()

    assert mapped.status_code == 201
    assert again["status"] == "succeeded"
    assert ShipmentMonth.objects.get().account == fjellsport
    assert (
        api_as(kari)
        .post(
            "/api/v1/imports/customer-aliases/",
            {"kind": "customer_number", "value": "K1", "account": fjellsport.pk},
            format="json",
        )
        .status_code
        == 403
    )


def test_an_upload_can_ask_for_repeated_shipment_ids(api_as, sara, fjellsport, files):
    client = api_as(sara)

    response = upload(
        client, norwegian_excel_csv(files / "mars.csv", ROWS * 2), check_repeated_ids="true"
    )

    detail = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert detail["status"] == "succeeded"
    assert (
        "1 row repeats a shipment id that appears earlier in the file."
        in (detail["report"]["messages"])
    )
