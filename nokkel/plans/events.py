"""Plan events on the account timeline: what a PLAN_CHANGED event records, and how it reads.

The writer and the reader of the event's data live together so they agree. Events keep
codes, names and ISO dates; the sentence is made when read, in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.accounts.models import RelationshipForm
from nokkel.accounts.services import person_name
from nokkel.plans.models import CustomerPlan, Objective, ObjectiveStatus, PlanChange, PlanStatus
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User

# Long texts are named on the timeline but their old and new values are not copied there.
_NAMED_ONLY = frozenset({"customer_goals", "measure"})


def _plain(value: Any) -> Any:
    """A value as it is kept on the timeline: codes, names and ISO dates."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return person_name(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def changes_data(changes: list[tuple[str, Any, Any]]) -> dict[str, Any]:
    """The event data for changed fields: (field, old, new) each."""
    return {
        "fields": [field for field, _old, _new in changes],
        "values": {
            field: [_plain(old), _plain(new)]
            for field, old, new in changes
            if field not in _NAMED_ONLY
        },
    }


def record_plan_event(*, plan: CustomerPlan, actor: User | None, change: str, **data: Any) -> None:
    """Append one PLAN_CHANGED event; `change` is a PlanChange code."""
    timeline_record(
        account=plan.account,
        kind=EventKind.PLAN_CHANGED,
        actor=actor,
        data={
            "plan": plan.pk,
            "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
            "change": change,
            **data,
        },
    )


_CHOICES: dict[str, dict[str, Any]] = {
    "status": {**dict(PlanStatus.choices), **dict(ObjectiveStatus.choices)},
    "relationship_forms": dict(RelationshipForm.choices),
}


def _date(value: Any) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _label(model: type[models.Model], field: str) -> str:
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    return str(getattr(model_field, "verbose_name", field))


def _value(field: str, value: Any) -> str:
    if value is None or value in ("", []):
        return "–"
    if field in _CHOICES:
        labels = _CHOICES[field]
        codes = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(code, code)) for code in codes)
    if field.endswith("_on") or field.startswith("period_"):
        return _date(value)
    return str(value)


def _changes(model: type[models.Model], data: dict[str, Any]) -> str:
    values = data.get("values") or {}
    parts = []
    for field in data.get("fields") or []:
        label = _label(model, field)
        if field in values:
            old, new = values[field]
            parts.append(f"{label}: {_value(field, old)} → {_value(field, new)}")
        else:
            parts.append(label)
    return "; ".join(parts)


def plan_period(data: dict[str, Any]) -> str:
    start, end = (data.get("period") or ["", ""])[:2]
    return f"{_date(start)}–{_date(end)}"


def describe_plan_event(data: dict[str, Any]) -> str:
    """One sentence for a PLAN_CHANGED event."""
    values = {
        "period": plan_period(data),
        "title": data.get("title", ""),
        "owner": data.get("owner") or _("nobody"),
        "due": _date(data.get("due_on", "")),
    }
    change = data.get("change")
    if change == PlanChange.CREATED:
        return _("Customer plan %(period)s drafted.") % values
    if change == PlanChange.UPDATED:
        return _("Customer plan %(period)s changed: %(changes)s.") % {
            **values,
            "changes": _changes(CustomerPlan, data),
        }
    if change == PlanChange.ACTIVATED:
        return _("Customer plan %(period)s is now the active plan.") % values
    if change == PlanChange.ARCHIVED:
        return _("Customer plan %(period)s archived.") % values
    if change == PlanChange.OBJECTIVE_ADDED:
        return _("Objective added: %(title)s (%(owner)s, due %(due)s).") % values
    if change == PlanChange.OBJECTIVE_UPDATED:
        return _("Objective “%(title)s” changed: %(changes)s.") % {
            **values,
            "changes": _changes(Objective, data),
        }
    if change == PlanChange.ACTION_ADDED:
        return _("Action added: %(title)s (%(owner)s, due %(due)s).") % values
    if change == PlanChange.ACTION_COMPLETED:
        return _("Action done: %(title)s.") % values
    return _("Customer plan %(period)s changed.") % values
