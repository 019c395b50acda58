"""The default statement set (questionnaire version 1), in English and Norwegian.

Plain data. It seeds version 1 once; admins change the set in the admin by making a new
version, so editing this list changes nothing already sent.
"""

from __future__ import annotations

# (area, English, Norwegian bokmål)
DEFAULT_STATEMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "accuracy",
        "Parcels are delivered to the right place on the agreed day.",
        "Sendingene leveres til rett sted på avtalt dag.",
    ),
    (
        "accuracy",
        "Pickups happen at the agreed time, without delays.",
        "Hentingen skjer til avtalt tid, uten forsinkelser.",
    ),
    (
        "accuracy",
        "Tracking information and delivery reports are correct.",
        "Sporingsinformasjon og leveringsrapporter er riktige.",
    ),
    (
        "availability",
        "We reach our contact person by phone, e-mail or in person at short notice.",
        "Vi når kontaktpersonen vår på telefon, e-post eller ansikt til ansikt på kort varsel.",
    ),
    (
        "availability",
        "Questions and problems are answered quickly.",
        "Spørsmål og problemer blir besvart raskt.",
    ),
    (
        "adaptation",
        "The delivery solutions are fitted to our business.",
        "Leveringsløsningene er tilpasset vår virksomhet.",
    ),
    (
        "adaptation",
        "The carrier adapts quickly when our needs change.",
        "Transportøren tilpasser seg raskt når behovene våre endrer seg.",
    ),
    (
        "advice",
        "The carrier gives us advice that helps us decide.",
        "Transportøren gir oss råd som hjelper oss å ta beslutninger.",
    ),
    (
        "advice",
        "The carrier suggests improvements before we ask.",
        "Transportøren foreslår forbedringer før vi spør.",
    ),
    (
        "value_for_money",
        "The price is fair for the service we get.",
        "Prisen er rimelig for tjenesten vi får.",
    ),
    (
        "integration",
        "Connecting our systems (booking, labels, tracking) to the carrier is easy.",
        "Det er enkelt å koble systemene våre (booking, etiketter, sporing) til transportøren.",
    ),
    (
        "integration",
        "The integration works without errors day to day.",
        "Integrasjonen fungerer feilfritt i det daglige.",
    ),
)
DEFAULT_NOTE = "Default statement set"
