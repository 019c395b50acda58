"""Offer and contract events on the account timeline: what they record and how they read.

The writer and the reader of the event data live together so they agree. Events keep
codes, numbers and ISO dates, never prices: the timeline is read by the whole team.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.agreements.models import Contract, Offer
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User


class OfferChange:
    """What an OFFER_CHANGED event records (its data["change"])."""

    CREATED = "created"
    UPDATED = "updated"
    REVISED = "revised"
    SUBMITTED = "submitted"
    AUTO_APPROVED = "auto_approved"
    APPROVED = "approved"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


class ContractChange:
    CREATED = "created"
    UPDATED = "updated"
    DOCUMENT = "document"


def record_offer_event(*, offer: Offer, actor: User | None, change: str, **data: Any) -> None:
    timeline_record(
        account=offer.account,
        kind=EventKind.OFFER_CHANGED,
        actor=actor,
        data={
            "offer": offer.pk,
            "number": offer.number,
            "version": offer.version,
            "title": offer.title,
            "change": change,
            **data,
        },
    )


def record_contract_event(
    *,
    contract: Contract,
    actor: User | None,
    change: str,
    kind: str = EventKind.CONTRACT_CHANGED,
    **data: Any,
) -> None:
    timeline_record(
        account=contract.account,
        kind=kind,
        actor=actor,
        data={
            "contract": contract.pk,
            "title": contract.title,
            "change": change,
            "end_on": contract.end_on.isoformat(),
            **data,
        },
    )


def _date(value: Any) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def describe_offer_event(data: dict[str, Any]) -> str:
    values = {
        "offer": f"{data.get('number', '')} v{data.get('version', '')}",
        "title": data.get("title", ""),
        "note": data.get("note", ""),
    }
    texts = {
        OfferChange.CREATED: _("Offer %(offer)s “%(title)s” drafted."),
        OfferChange.UPDATED: _("Offer %(offer)s “%(title)s” changed."),
        OfferChange.REVISED: _("Offer %(offer)s “%(title)s” drafted as a new version."),
        OfferChange.SUBMITTED: _(
            "Offer %(offer)s “%(title)s” submitted: its margin needs a sales manager's approval."
        ),
        OfferChange.AUTO_APPROVED: _(
            "Offer %(offer)s “%(title)s” is ready to send: its margin needs no approval."
        ),
        OfferChange.APPROVED: _("Offer %(offer)s “%(title)s” approved."),
        OfferChange.SENT: _("Offer %(offer)s “%(title)s” sent to the customer."),
        OfferChange.ACCEPTED: _("Offer %(offer)s “%(title)s” accepted by the customer."),
        OfferChange.REJECTED: _("Offer %(offer)s “%(title)s” rejected by the customer."),
        OfferChange.EXPIRED: _("Offer %(offer)s “%(title)s” expired unanswered."),
    }
    text = texts.get(data.get("change", ""), _("Offer %(offer)s “%(title)s” changed.")) % values
    if values["note"]:
        text += " " + str(values["note"])
    return text


def describe_contract_event(data: dict[str, Any]) -> str:
    values = {"title": data.get("title", ""), "end": _date(data.get("end_on", ""))}
    change = data.get("change")
    if change == ContractChange.CREATED:
        return _("Contract “%(title)s” registered, ending %(end)s.") % values
    if change == ContractChange.DOCUMENT:
        return _("Signed document of contract “%(title)s” uploaded.") % values
    return _("Contract “%(title)s” changed (ends %(end)s).") % values


def describe_renewal_alert(data: dict[str, Any]) -> str:
    return _(
        "Renewal coming: contract “%(title)s” ends %(end)s; notice must be given by %(deadline)s."
    ) % {
        "title": data.get("title", ""),
        "end": _date(data.get("end_on", "")),
        "deadline": _date(data.get("deadline", "")),
    }


def register() -> None:
    from nokkel.timeline.describe import register_describer

    register_describer(EventKind.OFFER_CHANGED, describe_offer_event)
    register_describer(EventKind.CONTRACT_CHANGED, describe_contract_event)
    register_describer(EventKind.CONTRACT_RENEWAL_ALERT, describe_renewal_alert)
