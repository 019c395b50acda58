"""The offer PDF says what the customer should read, in Norwegian or English."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import translation
from pypdf import PdfReader

from nokkel.agreements.pdf import offer_pdf
from tests.agreements.conftest import line, make_offer

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    # Table cells come out in reading order; spacing between them varies, so squash it.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def offer(kari, karis_account, cost_model):
    karis_account.street_address = "Storgata 1"
    karis_account.postal_code = "0155"
    karis_account.city = "Oslo"
    karis_account.save()
    return make_offer(
        karis_account,
        kari,
        line(price="1234.50", parcels=2),
        line(service="express", price="49.90", parcels=150, zone="Nord-Norge", weight_band="1-5"),
        valid_until=date(2026, 3, 31),
        terms="Drivstofftillegg etter Posten-indeksen.",
    )


def test_the_norwegian_pdf_names_the_carrier_the_customer_and_the_prices(offer):
    text = pdf_text(offer_pdf(offer=offer, today=date(2026, 3, 2), language="nb"))
    with translation.override("nb"):
        title = translation.gettext("Non-binding offer")
    assert title in text
    for expected in (
        "Nattbud Pakkelevering AS",
        "Eksempelveien 1, 0150 Oslo",
        "912 345 688",
        "Fjellsport Nettbutikk AS",
        "Storgata 1",
        "0155 Oslo",
        offer.number,
        "31. mars 2026",  # Norwegian dates
        "Tjeneste",
        "Nattlevering",
        "Ekspress",
        "1\xa0234,50\xa0kr".replace("\xa0", " "),  # Norwegian money
        "49,90 kr",
        "9 954,00 kr",  # 2 × 1 234,50 + 150 × 49,90 per month
        "Drivstofftillegg etter Posten-indeksen.",
        "kari@carrier.example",
    ):
        assert expected in text.replace("\xa0", " "), expected


def test_the_english_pdf_has_english_words_and_numbers(offer):
    text = pdf_text(offer_pdf(offer=offer, today=date(2026, 3, 2), language="en"))
    for expected in (
        "Non-binding offer",
        "Valid until 31 Mar 2026",
        "Overnight",
        "Express",
        "Nord-Norge",
        "1–5 kg",
        "NOK 1,234.50",
        "NOK 9,954.00",
        "Estimated total per year NOK 119,448.00",
    ):
        assert expected in text.replace("\xa0", " "), expected


def test_the_pdf_never_shows_our_costs_or_margins(offer):
    text = pdf_text(offer_pdf(offer=offer, today=date(2026, 3, 2), language="en"))
    assert "Margin" not in text
    assert "margin" not in text
    assert "NOK 20.00" not in text
    assert "NOK 40.00" not in text
