"""Which logged contacts count as price complaints, and which as renewal work."""

from __future__ import annotations

import pytest

from nokkel.health.vocabulary import is_price_complaint, is_renewal_work


@pytest.mark.parametrize(
    ("text", "areas", "complaint"),
    [
        ("Innkjøpssjefen sier Posten/Bring har gitt et bedre pristilbud", {}, True),
        ("Klaget på prisøkningen fra januar", {}, True),
        ("Kunden mener vi er for dyre på ekspress", {"advice": "negative"}, True),
        ("Customer says PostNord offered a cheaper rate", {}, True),
        ("Complained about our prices", {}, True),
        ("Kvartalsvis gjennomgang av volum og priser", {}, False),
        ("Sendte ny prisliste", {}, False),
        ("Ingen klager på prisene", {}, False),
        ("No complaints about the price", {}, False),
        ("Klage på forsinkede pakker til Nord-Norge", {"accuracy": "negative"}, False),
        ("Gikk gjennom prisene; kunden var misfornøyd med leveringspresisjonen", {}, True),
    ],
)
def test_price_complaints(text, areas, complaint):
    assert is_price_complaint(text, areas) is complaint


@pytest.mark.parametrize(
    ("text", "renewal"),
    [
        ("Planlagt møte om neste års avtale", True),
        ("Startet reforhandling av avtalen", True),
        ("Discussed renewing the contract for 2027", True),
        ("Fornyelse av rammeavtalen", True),
        ("Lunsj med innkjøpsansvarlig", False),
        ("Klage på forsinkede pakker", False),
    ],
)
def test_renewal_work(text, renewal):
    assert is_renewal_work(text) is renewal
