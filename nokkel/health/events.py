"""How an acknowledged health warning reads on the account timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.health.reasons import BAND_LABELS


def describe_acknowledgement(data: dict[str, Any]) -> str:
    try:
        day = formats.date_format(date.fromisoformat(str(data.get("as_of"))), "SHORT_DATE_FORMAT")
    except ValueError:
        day = str(data.get("as_of", ""))
    band = data.get("band") or ""
    return _("Health warning of %(date)s (score %(score)s, %(band)s) acknowledged: %(action)s") % {
        "date": day,
        "score": data.get("score") if data.get("score") is not None else "–",
        "band": str(BAND_LABELS.get(band, band or "–")).lower(),
        "action": data.get("action", ""),
    }
