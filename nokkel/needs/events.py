"""How needs-analysis and decision-criteria events read on the account timeline."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nokkel.needs.models import Criterion


def describe_analysis(data: dict[str, Any]) -> str:
    return _("Needs analysis version %(version)s recorded (%(parcels)s parcels a month).") % {
        "version": data.get("version", ""),
        "parcels": data.get("parcels_per_month", 0),
    }


def describe_criteria(data: dict[str, Any]) -> str:
    rows = data.get("criteria") or []
    if not rows:
        return _("Decision criteria cleared.")
    labels = dict(Criterion.choices)
    parts = [
        f"{row.get('label') or labels.get(row.get('criterion', ''), row.get('criterion', ''))}"
        f" {row.get('weight', 0)}"
        for row in rows
    ]
    return _("Decision criteria set: %(criteria)s.") % {"criteria": ", ".join(parts)}


def register() -> None:
    from nokkel.timeline.describe import register_describer
    from nokkel.timeline.models import EventKind

    register_describer(EventKind.NEEDS_ANALYSIS_RECORDED, describe_analysis)
    register_describer(EventKind.DECISION_CRITERIA_CHANGED, describe_criteria)
