"""The offer as a PDF for the customer, in Norwegian or English (WeasyPrint).

Only what the customer should read goes in: prices and volumes, never our costs or
margins. WeasyPrint needs the operating system's Pango library (Debian/Ubuntu:
libpango-1.0-0); it is imported when a PDF is made, so the rest of the app runs without.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from nokkel.agreements.models import Offer, OfferLanguage

# WeasyPrint reports each rendering step at INFO; the server log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Carrier:
    name: str
    address: str
    org_number: str


def carrier_details() -> Carrier:
    """The carrier's details on every offer; fictional defaults until the settings name them."""
    return Carrier(
        name=getattr(settings, "NOKKEL_CARRIER_NAME", "Nattbud Pakkelevering AS"),
        address=getattr(settings, "NOKKEL_CARRIER_ADDRESS", "Eksempelveien 1, 0150 Oslo"),
        org_number=getattr(settings, "NOKKEL_CARRIER_ORG_NUMBER", "912 345 688"),
    )


def offer_pdf_filename(offer: Offer, language: str) -> str:
    return f"{offer.number}-v{offer.version}-{language}.pdf"


def offer_pdf(*, offer: Offer, today: date, language: str | None = None) -> bytes:
    """The offer rendered in `language` (the offer's own by default), dated `today` unless sent."""
    from weasyprint import HTML  # needs Pango from the OS; see the module docstring

    language = language if language in OfferLanguage.values else offer.language
    lines = list(offer.lines.all())
    monthly = sum((line.figures().revenue for line in lines), start=Decimal("0.00"))
    with translation.override(language):
        html = render_to_string(
            "agreements/offer_pdf.html",
            {
                "offer": offer,
                "account": offer.account,
                "kam": offer.account.kam,
                "lines": lines,
                "monthly_total": monthly,
                "yearly_total": monthly * 12,
                "issued_on": offer.sent_on or today,
                "carrier": carrier_details(),
                "language": language,
            },
        )
    return bytes(HTML(string=html).write_pdf())
