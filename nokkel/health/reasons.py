"""Reason codes, next steps and component names as sentences in the reader's language.

The scoring gives (code, params); this table turns them into plain language when read.
Params are formatted here: `change_pct` as a signed percentage, dates in the reader's
format, relationship forms, survey areas and lost-deal reasons by their labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from nokkel.accounts.models import RelationshipForm
from nokkel.core.templatetags.nokkel import signed_percent
from nokkel.health.scoring import Reason

COMPONENT_LABELS: Mapping[str, Promise] = {
    "volume": _("Volume"),
    "engagement": _("Engagement"),
    "voice": _("Voice of the customer"),
    "commercial": _("Commercial"),
    "coverage": _("Team coverage"),
}
BAND_LABELS: Mapping[str, Promise] = {"green": _("Green"), "yellow": _("Yellow"), "red": _("Red")}
AREA_LABELS: Mapping[str, Promise] = {
    "accuracy": _("accuracy"),
    "availability": _("availability"),
    "adaptation": _("adaptation"),
    "advice": _("advice"),
    "value_for_money": _("value for money"),
    "integration": _("ease of integration"),
}
LOST_REASON_LABELS: Mapping[str, Promise] = {
    "price": _("price"),
    "delivery_quality": _("delivery quality"),
    "coverage": _("coverage"),
    "service": _("service"),
    "relationship": _("the relationship"),
    "integration": _("integration"),
    "other": _("other reasons"),
}

_DM_LEFT = _(
    "The decision maker %(name)s left on %(left_on)s; nobody in that role has been met since."
)
_CHAMPION_LEFT = _(
    "Our champion %(name)s left on %(left_on)s; nobody in that role has been met since."
)
_DM_DETRACTOR = _("The decision maker %(name)s is critical of us (a critic or an NPS detractor).")
_CHAMPION_DETRACTOR = _("Our champion %(name)s is critical of us (a critic or an NPS detractor).")

TEMPLATES: Mapping[str, Any] = {
    # Volume
    "volume_yoy": _(
        "%(parcels)s parcels in the last 3 months, %(change)s on the same months a year "
        "earlier (%(earlier)s)."
    ),
    "volume_trend": _("The last 3 months are %(change)s against the account's 12-month trend."),
    "volume_average": _(
        "The last 3 months are %(change)s against the 12-month average (less than a year of "
        "history to allow for the season)."
    ),
    "volume_stopped": ngettext_lazy(
        "No parcels in the last whole month (%(days)s days since the last shipment).",
        "No parcels in the last %(months)s whole months (%(days)s days since the last shipment).",
        "months",
    ),
    "volume_new": _(
        "Shipping for %(months)s months: too little history to compare with a year earlier."
    ),
    "volume_small": _("Too few parcels to compare with a year earlier."),
    "volume_none": _("No parcels in the last 24 months."),
    "override_volume_drop": _(
        "Volume down %(change)s year on year: %(parcels)s parcels in the last 3 months against "
        "%(earlier)s in the same months a year earlier."
    ),
    # Engagement
    "engagement_last_contact": _(
        "Last contact %(days)s days ago (%(last)s); the cadence is every %(cadence)s days."
    ),
    "engagement_never_contacted": _(
        "No contact logged in the %(days)s days since the account came into Nøkkel; the "
        "cadence is every %(cadence)s days."
    ),
    "engagement_single_threaded": ngettext_lazy(
        "Single-threaded: %(contacts)s contact met in the last %(days)s days.",
        "Single-threaded: %(contacts)s contacts met in the last %(days)s days.",
        "contacts",
    ),
    "engagement_contacts": _("%(contacts)s contacts met in the last %(days)s days."),
    "engagement_decision_maker_left": _DM_LEFT,
    "engagement_champion_left": _CHAMPION_LEFT,
    "engagement_decision_maker_detractor": _DM_DETRACTOR,
    "engagement_champion_detractor": _CHAMPION_DETRACTOR,
    "engagement_people_ok": _("The decision makers and champions are in place."),
    "engagement_ok": _(
        "In touch: last contact %(days)s days ago, %(contacts)s people met in 90 days."
    ),
    "engagement_forms": ngettext_lazy(
        "%(forms)s relationship form in use (%(names)s).",
        "%(forms)s relationship forms in use (%(names)s).",
        "forms",
    ),
    "override_no_contact": _(
        "No contact with this key account for %(days)s days; the cadence is every %(cadence)s days."
    ),
    "override_never_contacted": _(
        "No contact logged with this key account in the %(days)s days since it came into "
        "Nøkkel; the cadence is every %(cadence)s days."
    ),
    "override_decision_maker_left": _DM_LEFT,
    "override_champion_left": _CHAMPION_LEFT,
    "override_decision_maker_detractor": _DM_DETRACTOR,
    "override_champion_detractor": _CHAMPION_DETRACTOR,
    # Voice of the customer
    "voice_nps": _("NPS %(nps)s in the survey answered %(answered_on)s."),
    "voice_area_gap": _("The customer gap in %(area)s is %(gap)s (perception below expectation)."),
    "voice_gap": _("The customer gap is %(gap)s."),
    "voice_nps_fell": _("NPS fell from %(before)s to %(now)s since the previous survey."),
    "voice_gap_widened": _(
        "The customer gap widened from %(before)s to %(now)s since the previous survey."
    ),
    # Commercial
    "commercial_notice": _(
        "The contract's notice deadline is %(deadline)s, in %(days)s days; no renewal work yet."
    ),
    "commercial_notice_renewing": _(
        "The contract's notice deadline is %(deadline)s, in %(days)s days; the renewal is in hand."
    ),
    "commercial_no_deadline": _("No notice deadline ahead."),
    "commercial_ok": _("No notice deadline close, no lost deals, no complaints about price."),
    "commercial_lost_deals": _("%(count)s lost opportunities in the last %(months)s months."),
    "commercial_lost_deals_because": _(
        "%(count)s lost opportunities in the last %(months)s months, lost on %(because)s."
    ),
    "commercial_price_complaints": _(
        "%(count)s complaints about price logged in the last %(months)s months."
    ),
    "override_notice": _(
        "The notice deadline %(deadline)s is %(days)s days away and nobody is working on the "
        "renewal."
    ),
    # Team coverage
    "coverage_no_kam": _("No KAM."),
    "coverage_no_deputy": _("No deputy KAM: nobody takes over when the KAM is away."),
    "coverage_no_team": _("No account team besides the KAM and the deputy."),
    "coverage_no_plan": _("No active customer plan."),
    "coverage_plan_overdue": _(
        "The customer plan's review was due %(review_on)s, %(days)s days ago."
    ),
    "coverage_ok": _("Deputy, team and plan in place."),
}

LEFT_OUT: Mapping[str, Promise] = {
    "volume_no_shipments": _("No shipments in the 24 months before."),
    "engagement_no_history": _(
        "The account came into Nøkkel after this date and no contact was logged before it."
    ),
    "voice_no_answers": _("No survey answered yet."),
    "voice_no_surveys": _("Customer surveys are not available yet."),
    "voice_stale": _("The latest survey answer is more than two years old."),
    "commercial_no_data": _("No contracts, deals or complaints to read."),
    "coverage_not_key_account": _("Only key accounts have a team and a plan."),
    "no_data": _("No data."),
}

STEPS: Mapping[str, Promise] = {
    "ask_about_volume": _(
        "Ask where the volume has gone: a rival, a new warehouse, a smaller range?"
    ),
    "book_meeting": _("Book a meeting."),
    "meet_more_people": _("Meet more people at the customer than one contact."),
    "meet_new_decision_maker": _("Meet the new decision maker."),
    "meet_new_champion": _("Find and meet a new champion."),
    "meet_detractor": _("Meet the detractor and hear them out."),
    "widen_relationship": _("Use more relationship forms: integration, agreement, social contact."),
    "discuss_survey": _("Go through the survey answers with the customer."),
    "book_renewal_meeting": _("Book a renewal meeting."),
    "debrief_lost_deal": _("Find out why the deals were lost."),
    "review_prices": _("Go through the prices with the customer against the rivals' offers."),
    "assign_kam": _("Assign a KAM."),
    "assign_deputy": _("Assign a deputy KAM."),
    "build_team": _("Put an account team together."),
    "write_plan": _("Write a customer plan."),
    "review_plan": _("Review the customer plan."),
}
ASK_ABOUT_GAP = _("Ask about the %(area)s gap.")


DATE_PARAMS = frozenset({"last", "since", "left_on", "deadline", "review_on", "answered_on"})


def _format(key: str, value: Any) -> Any:
    if value is None:
        return "–"
    if key == "change_pct":
        return signed_percent(float(value) / 100)
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, str) and key in (
        "last",
        "since",
        "left_on",
        "deadline",
        "review_on",
        "answered_on",
    ):
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if key == "names":
        labels = dict(RelationshipForm.choices)
        return ", ".join(str(labels.get(code, code)) for code in str(value).split(", ") if code)
    if key == "area":
        return str(AREA_LABELS.get(str(value), value))
    if key == "because":
        return str(LOST_REASON_LABELS.get(str(value), value))
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return value


def render(code: str, params: Mapping[str, Any]) -> str:
    template = TEMPLATES.get(code)
    if template is None:
        return code
    values = {key: _format(key, value) for key, value in params.items()}
    if "change_pct" in values:
        values["change"] = values.pop("change_pct")
    try:
        return str(template % values)
    except (KeyError, TypeError, ValueError):
        return code


def reason_text(reason: Reason | Mapping[str, Any]) -> str:
    """A Reason, or its stored form from a snapshot, as a sentence."""
    if isinstance(reason, Reason):
        return render(reason.code, reason.params)
    return render(str(reason.get("code", "")), reason.get("params") or {})


def step_text(step: str) -> str:
    if step.startswith("ask_about_") and step.endswith("_gap"):
        area = step.removeprefix("ask_about_").removesuffix("_gap")
        return str(ASK_ABOUT_GAP) % {"area": AREA_LABELS.get(area, area)}
    return str(STEPS.get(step, "")) if step else ""


def left_out_text(code: str) -> str:
    return str(LEFT_OUT.get(code, LEFT_OUT["no_data"]))


def component_label(key: str) -> str:
    return str(COMPONENT_LABELS.get(key, key))
