"""Sentences for the pipeline: mismatch warnings and timeline events, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nokkel.pipeline import phases
from nokkel.pipeline.models import BuyingPhase, LeadMatch, LostReason, SalesPhase


def _label(choices: Any, code: str | None) -> str:
    if not code:
        return _("not recorded")
    return str(dict(choices).get(code, code))


def mismatch_text(mismatch: phases.Mismatch, *, sales_phase: str, buying_phase: str) -> str:
    """What the board says where our phase and the customer's do not match."""
    values = {
        "ours": _label(SalesPhase.choices, sales_phase),
        "theirs": _label(BuyingPhase.choices, buying_phase),
    }
    texts = {
        phases.AHEAD_OF_CUSTOMER: _(
            "We are at %(ours)s while the customer is still at %(theirs)s: "
            "go back to their needs before pushing an offer."
        ),
        phases.BEHIND_CUSTOMER: _(
            "The customer is at %(theirs)s while we are only at %(ours)s: "
            "they may decide without our offer."
        ),
        phases.CUSTOMER_ALREADY_BOUGHT: _(
            "The customer has already bought (%(theirs)s) while we are at %(ours)s: "
            "find out from whom, or close this as lost."
        ),
        phases.BUYING_PHASE_NOT_UPDATED: _(
            "Won, but the customer is recorded at %(theirs)s: update their buying phase."
        ),
    }
    return texts.get(mismatch.code, mismatch.code) % values


def _created(data: dict[str, Any]) -> str:
    return _("Opportunity “%(title)s” opened at %(phase)s.") % {
        "title": data.get("title", ""),
        "phase": _label(SalesPhase.choices, data.get("phase")),
    }


def _updated(data: dict[str, Any]) -> str:
    return _("Opportunity “%(title)s” changed: %(fields)s.") % {
        "title": data.get("title", ""),
        "fields": ", ".join(data.get("fields") or []),
    }


def _moved(data: dict[str, Any]) -> str:
    parts = []
    if data.get("old") != data.get("new"):
        parts.append(
            _("Opportunity “%(title)s” moved from %(old)s to %(new)s.")
            % {
                "title": data.get("title", ""),
                "old": _label(SalesPhase.choices, data.get("old")),
                "new": _label(SalesPhase.choices, data.get("new")),
            }
        )
    if data.get("old_buying") != data.get("new_buying"):
        parts.append(
            _("The customer moved to %(phase)s (“%(title)s”).")
            % {
                "title": data.get("title", ""),
                "phase": _label(BuyingPhase.choices, data.get("new_buying")),
            }
        )
    return " ".join(parts)


def _lost(data: dict[str, Any]) -> str:
    text = _("Opportunity “%(title)s” lost: %(reason)s.") % {
        "title": data.get("title", ""),
        "reason": _label(LostReason.choices, data.get("reason")),
    }
    if data.get("competitor"):
        text += " " + _("It went to %(competitor)s.") % {"competitor": data["competitor"]}
    if data.get("note"):
        text += " " + str(data["note"])
    return text


def _lead(data: dict[str, Any]) -> str:
    return _("Web lead from %(contact)s (matched by %(match)s), assigned to %(kam)s.") % {
        "contact": data.get("contact", ""),
        "match": _label(LeadMatch.choices, data.get("matched_by")).lower(),
        "kam": data.get("assigned_to") or _("nobody"),
    }


def register() -> None:
    from nokkel.timeline.describe import register_describer
    from nokkel.timeline.models import EventKind

    register_describer(EventKind.OPPORTUNITY_CREATED, _created)
    register_describer(EventKind.OPPORTUNITY_UPDATED, _updated)
    register_describer(EventKind.OPPORTUNITY_MOVED, _moved)
    register_describer(EventKind.OPPORTUNITY_LOST, _lost)
    register_describer(EventKind.LEAD_RECEIVED, _lead)
