"""A sales manager uploads a shipment file and reads the portfolio it produces."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from nokkel.portfolio.windows import add_months
from tests.browser.conftest import login
from tests.factories import AccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def norwegian_excel_csv(path, customers: dict[str, int], today: date) -> None:
    """`;`, decimal comma, dd.mm.yyyy, Windows-1252: as Norwegian Excel saves it."""
    lines = ["kundenummer;dato;tjeneste;sone;vekt;pris;kostnad"]
    for month_back in range(1, 13):
        month = add_months(today.replace(day=1), -month_back)
        for number, parcels in customers.items():
            for n in range(parcels):
                lines.append(
                    f"{number};{(n % 27) + 1:02d}.{month:%m.%Y};natt;Tromsø;1,5;89,50;61,25"
                )
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


def test_sara_uploads_a_file_sees_it_finish_and_the_pareto_chart(
    page: Page, live_server, sara, segment, tmp_path
):
    today = date.today()
    for number, name in (("K1", "Storkunde AS"), ("K2", "Mellomkunde AS"), ("K3", "Småkunde AS")):
        AccountFactory(name=name, customer_number=number, segment=segment)
    csv_path = tmp_path / "sendinger.csv"
    norwegian_excel_csv(csv_path, {"K1": 40, "K2": 8, "K3": 2}, today)

    login(page, live_server, "sara")
    page.get_by_role("link", name="Shipment imports").click()
    page.get_by_label("Shipment file").set_input_files(str(csv_path))
    page.get_by_role("button", name="Import").click()

    progress = page.locator("#import-progress")
    expect(progress).to_have_attribute("value", "100", timeout=20_000)
    expect(page.locator("#import-status")).to_contain_text("Imported")
    expect(page.locator("#import-status")).to_contain_text("600")  # rows read

    page.get_by_role("link", name="See the portfolio").click()
    expect(page.locator("canvas[data-chart=pareto]")).to_be_visible()
    table = page.locator("#pareto-table")
    expect(table).to_contain_text("Storkunde AS")
    # The chart really drew (Chart.js replaced the canvas' empty bitmap).
    assert page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart=pareto]')) !== undefined"
    )
