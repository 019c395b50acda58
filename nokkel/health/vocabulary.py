"""Which logged contacts are price complaints or renewal work. Pure: text in, yes or no out.

A price complaint is a logged contact whose summary or outcome mentions price and is
negative: a key area marked negative, complaint words (the quick-log parser's negative
vocabulary, negations respected), or a rival named (the customer holds up a rival's
offer). "Kvartalsvis gjennomgang av volum og priser" is not a complaint; "Innkjøpssjefen
sier Posten/Bring har gitt et bedre pristilbud" and "Klaget på prisøkningen" are.

Renewal work is a logged contact about renewing or renegotiating the agreement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from nokkel.activities.quicklog.vocabulary import detect_sentiment


def _words(*fragments: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(fragments) + r")(?!\w)", re.IGNORECASE)


PRICE_WORDS = _words(
    r"pris\w*", r"\w+pris(?:en|er|ene)?", r"dyr(?:t|e|ere|est)?", r"kostbar\w*",
    r"rabatt\w*", r"billig\w*", r"fraktkostnad\w*", r"prices?", r"pricing", r"priced",
    r"expensive", r"discounts?", r"cheap\w*", r"overpriced", r"rates?",
)  # fmt: skip
RIVAL_WORDS = _words(
    r"posten", r"bring", r"postnord", r"helthjem", r"porterbuddy", r"konkurrent\w*",
    r"competitors?", r"rivals?",
)  # fmt: skip
RENEWAL_WORDS = _words(
    r"forny\w*", r"avtalefornyelse\w*", r"reforhandl\w*", r"ny\s+avtale", r"nye\s+avtalen",
    r"neste\s+års\s+avtale", r"forleng\w*", r"prolong\w*", r"renew\w*", r"renegotiat\w*",
    r"new\s+(?:contract|agreement)", r"contract\s+extension", r"extend\w*\s+the\s+contract",
)  # fmt: skip

# Substrings that every match above contains, for a first cut in the database.
SEARCH_STEMS = (
    "pris", "dyr", "kostbar", "rabatt", "billig", "kostnad", "price", "pricing", "expensive",
    "discount", "cheap", "rate", "forny", "reforhandl", "avtale", "forleng", "prolong", "renew",
    "renegotiat", "contract", "agreement", "extend",
)  # fmt: skip


def is_price_complaint(text: str, key_areas: Mapping[str, str] | None = None) -> bool:
    if not PRICE_WORDS.search(text):
        return False
    negative_area = any(value == "negative" for value in (key_areas or {}).values())
    return negative_area or detect_sentiment(text) == "negative" or bool(RIVAL_WORDS.search(text))


def is_renewal_work(text: str) -> bool:
    return RENEWAL_WORDS.search(text) is not None
