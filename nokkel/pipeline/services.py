"""Every change to an opportunity goes through these functions.

Each is atomic, validates, saves only what changed, records the dated phase history
and writes the account timeline (and the audit log) itself. The moment of a change
is an argument: the edge passes now, a back-fill passes the past.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, AccountStatus
from nokkel.accounts.services import StaleEditError, account_update
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.competitors.models import Competitor
from nokkel.pipeline import phases
from nokkel.pipeline.models import (
    BuyingPhase,
    LostReason,
    Opportunity,
    PhaseChange,
    SalesPhase,
)
from nokkel.shipments.models import Service
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User

OPPORTUNITY_FIELDS = (
    "title",
    "kind",
    "services",
    "expected_parcels_per_month",
    "annual_revenue",
    "probability",
    "expected_close_on",
    "owner",
)
NOTE_ON_TIMELINE = 200
_NO_LOSS: dict[str, Any] = {"lost_reason": "", "lost_to": None, "lost_note": ""}


def _normalized(data: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Not opportunity fields: {sorted(unknown)}")
    values = dict(data)
    if isinstance(values.get("title"), str):
        values["title"] = values["title"].strip()
    if "services" in values:
        values["services"] = sorted(set(values["services"] or []))
    return values


def _validate(opportunity: Opportunity) -> None:
    unknown = set(opportunity.services) - set(Service.values)
    if unknown:
        raise ValidationError(
            {"services": _("Unknown service: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    opportunity.full_clean()


def _check_owner(opportunity: Opportunity) -> None:
    """The owner works the opportunity, so they must be able to open its account."""
    owner = opportunity.owner
    if not Account.objects.visible_to(owner).filter(pk=opportunity.account_id).exists():
        raise ValidationError(
            {
                "owner": _("%(owner)s cannot see %(account)s, so cannot own this opportunity.")
                % {"owner": owner, "account": opportunity.account}
            }
        )


def _timeline_data(opportunity: Opportunity, **extra: Any) -> dict[str, Any]:
    return {"opportunity": opportunity.pk, "title": opportunity.title, **extra}


@transaction.atomic
def opportunity_create(
    *,
    account: Account,
    actor: User | None,
    data: Mapping[str, Any],
    created_at: datetime,
    phase: str = phases.IDENTIFY,
    buying_phase: str = "",
) -> Opportunity:
    """Open an opportunity in `phase` (the first by default), its first history entry dated
    `created_at`. The probability defaults to the phase's. `actor` is None for web leads.
    The owner (the actor unless named) must be able to see the account."""
    values = _normalized(data, OPPORTUNITY_FIELDS)
    values.setdefault("probability", phases.DEFAULT_PROBABILITY.get(phase, 0))
    if values.get("owner") is None and actor is not None:
        values["owner"] = actor
    opportunity = Opportunity(
        account=account,
        phase=phase,
        buying_phase=buying_phase,
        phase_changed_at=created_at,
        closed_on=timezone.localdate(created_at) if phase in phases.CLOSED_PHASES else None,
        **values,
    )
    _validate(opportunity)
    _check_owner(opportunity)
    opportunity.save()
    PhaseChange.objects.create(
        opportunity=opportunity,
        to_phase=phase,
        to_buying_phase=buying_phase,
        changed_at=created_at,
        changed_by=actor,
    )
    timeline_record(
        account=account,
        kind=EventKind.OPPORTUNITY_CREATED,
        actor=actor,
        happened_at=created_at,
        data=_timeline_data(opportunity, phase=phase),
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=opportunity)
    return opportunity


def _locked(opportunity: Opportunity, expected_version: int | None) -> Opportunity:
    locked = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("account", "owner", "lost_to")
        .get(pk=opportunity.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleEditError(
            _(
                "Someone else changed this opportunity while you were editing it. "
                "Reload to see their change, then make yours again."
            ),
            code="stale",
        )
    return locked


def _save(opportunity: Opportunity, fields: list[str]) -> None:
    opportunity.version = F("version") + 1
    opportunity.save(update_fields=[*fields, "version", "updated_at"])
    opportunity.refresh_from_db(fields=["version"])


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    changed_at: datetime | None = None,
) -> Opportunity:
    """Change an opportunity's details; phases move only through opportunity_move.
    A new owner must be able to see the account."""
    locked = _locked(opportunity, expected_version)
    changes = []
    for field, new in _normalized(data, OPPORTUNITY_FIELDS).items():
        old = getattr(locked, field)
        if old != new:
            changes.append((field, old, new))
            setattr(locked, field, new)
    if not changes:
        return locked
    _validate(locked)
    if any(field == "owner" for field, _old, _new in changes):
        _check_owner(locked)
    _save(locked, [c[0] for c in changes])
    timeline_record(
        account=locked.account,
        kind=EventKind.OPPORTUNITY_UPDATED,
        actor=actor,
        happened_at=changed_at,
        data=_timeline_data(locked, fields=[c[0] for c in changes]),
    )
    audit_changes(actor=actor, obj=locked, changes=changes)
    return locked


def _check_move(
    *, phase: str, buying_phase: str | None, lost_reason: str, lost_to: Competitor | None
) -> None:
    errors: dict[str, str] = {}
    if phase not in SalesPhase.values:
        errors["phase"] = _("Unknown sales phase “%(phase)s”.") % {"phase": phase}
    if buying_phase and buying_phase not in BuyingPhase.values:
        errors["buying_phase"] = _("Unknown buying phase “%(phase)s”.") % {"phase": buying_phase}
    if phase == phases.LOST:
        if not lost_reason:
            errors["lost_reason"] = _("Say why the opportunity was lost.")
        elif lost_reason not in LostReason.values:
            errors["lost_reason"] = _("Unknown reason “%(reason)s”.") % {"reason": lost_reason}
    elif lost_reason or lost_to is not None:
        errors["lost_reason"] = _("Only a lost opportunity has a reason for the loss.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    actor: User,
    phase: str,
    moved_at: datetime,
    buying_phase: str | None = None,
    lost_reason: str = "",
    lost_to: Competitor | None = None,
    lost_note: str = "",
    expected_version: int | None = None,
) -> Opportunity:
    """Move our sales phase and/or the customer's buying phase (None leaves it as it is).

    Lost needs a reason; the competitor and a note are optional. Each move is one
    dated PhaseChange and one timeline event. Winning an opportunity makes a prospect
    a customer. Reopening a lost one clears the loss. Moving to where it already is
    changes nothing, except that the reason of a lost one can be corrected.
    """
    _check_move(phase=phase, buying_phase=buying_phase, lost_reason=lost_reason, lost_to=lost_to)
    locked = _locked(opportunity, expected_version)
    old_phase, old_buying = locked.phase, locked.buying_phase
    new_buying = old_buying if buying_phase is None else buying_phase
    loss = {"lost_reason": lost_reason, "lost_to": lost_to, "lost_note": lost_note.strip()}
    if phase == old_phase and new_buying == old_buying:
        if phase == phases.LOST:
            return _correct_loss(locked, actor=actor, loss=loss, at=moved_at)
        return locked
    fields = ["buying_phase"]
    locked.buying_phase = new_buying
    if phase != old_phase:
        locked.phase = phase
        locked.phase_changed_at = moved_at
        locked.probability = phases.probability_after_move(locked.probability, old_phase, phase)
        locked.closed_on = timezone.localdate(moved_at) if phase in phases.CLOSED_PHASES else None
        for field, value in (loss if phase == phases.LOST else _NO_LOSS).items():
            setattr(locked, field, value)
        fields += ["phase", "phase_changed_at", "probability", "closed_on", *loss]
    elif phase == phases.LOST:  # the customer's phase moved; the loss may be corrected too
        for field, value in loss.items():
            setattr(locked, field, value)
        fields += [*loss]
    _validate(locked)
    _save(locked, fields)
    PhaseChange.objects.create(
        opportunity=locked,
        from_phase=old_phase,
        to_phase=phase,
        from_buying_phase=old_buying,
        to_buying_phase=new_buying,
        lost_reason=locked.lost_reason if phase == phases.LOST else "",
        changed_at=moved_at,
        changed_by=actor,
    )
    _record_move(locked, actor=actor, old_phase=old_phase, old_buying=old_buying, at=moved_at)
    if phase == phases.WON and locked.account.status == AccountStatus.PROSPECT:
        account_update(
            account=locked.account,
            actor=actor,
            data={"status": AccountStatus.CUSTOMER},
            happened_at=moved_at,
        )
    return locked


def _record_move(
    opportunity: Opportunity, *, actor: User, old_phase: str, old_buying: str, at: datetime
) -> None:
    if opportunity.phase == phases.LOST and old_phase != phases.LOST:
        timeline_record(
            account=opportunity.account,
            kind=EventKind.OPPORTUNITY_LOST,
            actor=actor,
            happened_at=at,
            data=_timeline_data(
                opportunity,
                reason=opportunity.lost_reason,
                competitor=opportunity.lost_to.name if opportunity.lost_to else "",
                note=opportunity.lost_note[:NOTE_ON_TIMELINE],
            ),
        )
        return
    timeline_record(
        account=opportunity.account,
        kind=EventKind.OPPORTUNITY_MOVED,
        actor=actor,
        happened_at=at,
        data=_timeline_data(
            opportunity,
            old=old_phase,
            new=opportunity.phase,
            old_buying=old_buying,
            new_buying=opportunity.buying_phase,
        ),
    )


def _correct_loss(
    opportunity: Opportunity, *, actor: User, loss: dict[str, Any], at: datetime
) -> Opportunity:
    changes = [
        (f, getattr(opportunity, f), v) for f, v in loss.items() if getattr(opportunity, f) != v
    ]
    if not changes:
        return opportunity
    for field, _old, new in changes:
        setattr(opportunity, field, new)
    _validate(opportunity)
    _save(opportunity, [c[0] for c in changes])
    timeline_record(
        account=opportunity.account,
        kind=EventKind.OPPORTUNITY_UPDATED,
        actor=actor,
        happened_at=at,
        data=_timeline_data(opportunity, fields=[c[0] for c in changes]),
    )
    audit_changes(actor=actor, obj=opportunity, changes=changes)
    return opportunity
