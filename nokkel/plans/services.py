"""Every change to customer plans, their objectives and actions goes through these functions.

Each is atomic, validates with full_clean, saves only what changed, and writes the
account timeline (one PLAN_CHANGED event) and, for tracked fields, the audit log itself.
An account has at most one active plan; drafts and archived plans are its history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, RelationshipForm
from nokkel.accounts.services import StaleEditError, person_name
from nokkel.activities.models import FollowUp, FollowUpStatus, InteractionSource
from nokkel.activities.services import follow_up_complete, follow_up_create
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.plans.events import changes_data, record_plan_event
from nokkel.plans.models import (
    ActionStatus,
    CustomerPlan,
    Objective,
    ObjectiveStatus,
    PlanAction,
    PlanChange,
    PlanStatus,
)
from nokkel.users.models import User

PLAN_FIELDS = (
    "period_start",
    "period_end",
    "customer_goals",
    "relationship_forms",
    "cadence_days",
    "next_review_on",
)
OBJECTIVE_FIELDS = ("title", "measure", "owner", "due_on", "status", "progress")
ACTION_FIELDS = ("title", "objective", "owner", "due_on")
Change = tuple[str, Any, Any]


def _check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Not {what} fields: {sorted(unknown)}")
    cleaned = dict(data)
    for field in ("title", "measure", "customer_goals"):
        if isinstance(cleaned.get(field), str):
            cleaned[field] = cleaned[field].strip()
    if "relationship_forms" in cleaned:
        cleaned["relationship_forms"] = sorted(set(cleaned["relationship_forms"] or []))
    return cleaned


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise StaleEditError(
            _(
                "Someone else changed this plan while you were editing it. "
                "Reload to see their change, then make yours again."
            ),
            code="stale",
        )


def _not_archived(plan: CustomerPlan) -> None:
    if plan.is_archived:
        raise ValidationError(
            _("An archived plan is kept as history and cannot be changed."), code="archived"
        )


def _validate_plan(plan: CustomerPlan) -> None:
    errors: dict[str, list[str]] = {}
    unknown = set(plan.relationship_forms or []) - set(RelationshipForm.values)
    if unknown:
        errors["relationship_forms"] = [
            _("Unknown relationship form: %(forms)s.") % {"forms": ", ".join(sorted(unknown))}
        ]
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        errors["period_end"] = [_("The plan period must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    plan.full_clean()


def _check_owner(account: Account, owner: User | None) -> None:
    """Whoever owns an objective or action must be able to open the account."""
    if owner is not None and not Account.objects.visible_to(owner).filter(pk=account.pk).exists():
        raise ValidationError(
            {
                "owner": _("%(name)s cannot open this account; add them to the team first.")
                % {"name": person_name(owner)}
            }
        )


def _diff(obj: models.Model, values: Mapping[str, Any]) -> list[Change]:
    changes = []
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes.append((field, old, new))
            setattr(obj, field, new)
    return changes


def _period(plan: CustomerPlan) -> str:
    return f"{plan.period_start:%d.%m.%Y}–{plan.period_end:%d.%m.%Y}"


def _save_versioned(obj: CustomerPlan, fields: list[str]) -> None:
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version", "updated_at"])
    obj.refresh_from_db(fields=["version"])


def _lock(plan: CustomerPlan) -> CustomerPlan:
    return (
        CustomerPlan.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=plan.pk)
    )


@transaction.atomic
def plan_create(*, account: Account, actor: User, data: Mapping[str, Any]) -> CustomerPlan:
    """Start a draft plan for the account; it becomes the plan in force with plan_activate."""
    values = _check_fields(data, PLAN_FIELDS, "plan")
    plan = CustomerPlan(account=account, created_by=actor, status=PlanStatus.DRAFT, **values)
    _validate_plan(plan)
    plan.save()
    record_plan_event(plan=plan, actor=actor, change=PlanChange.CREATED)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=plan)
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: CustomerPlan,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    replace_active: bool = False,
) -> CustomerPlan:
    """Change a plan's fields and, when data holds a "status", move it on in the same step.

    Only changed fields are saved, audited and put on the timeline. A status of "active"
    activates the plan (replacing the account's active plan only with `replace_active`),
    "archived" archives it; a plan never goes back to draft. Raises StaleEditError when
    `expected_version` is given and the plan moved on since.
    """
    values = dict(data)
    status = values.pop("status", None)
    values = _check_fields(values, PLAN_FIELDS, "plan")
    locked = _lock(plan)
    _check_version(locked.version, expected_version)
    changes = _diff(locked, values)
    if changes:
        _not_archived(locked)
        _validate_plan(locked)
        _save_versioned(locked, [field for field, _old, _new in changes])
        record_plan_event(
            plan=locked, actor=actor, change=PlanChange.UPDATED, **changes_data(changes)
        )
        audit_changes(actor=actor, obj=locked, changes=changes)
    if status is None or status == locked.status:
        return locked
    if status == PlanStatus.ACTIVE:
        return plan_activate(plan=locked, actor=actor, replace_active=replace_active)
    if status == PlanStatus.ARCHIVED:
        return plan_archive(plan=locked, actor=actor)
    raise ValidationError(
        {"status": _("A plan does not go back to draft; start a new draft instead.")}
    )


def _set_status(plan: CustomerPlan, actor: User, status: str) -> None:
    old = plan.status
    plan.status = status
    now = timezone.now()
    if status == PlanStatus.ACTIVE:
        plan.activated_at = now
        fields = ["status", "activated_at"]
    else:
        plan.archived_at = now
        fields = ["status", "archived_at"]
    try:
        with transaction.atomic():
            _save_versioned(plan, fields)
    except IntegrityError as error:  # another request activated a plan in between
        raise ValidationError(
            {"status": _("The account already has an active plan. Reload and try again.")}
        ) from error
    change = PlanChange.ACTIVATED if status == PlanStatus.ACTIVE else PlanChange.ARCHIVED
    record_plan_event(plan=plan, actor=actor, change=change)
    audit_changes(actor=actor, obj=plan, changes=[("status", old, status)])


@transaction.atomic
def plan_activate(*, plan: CustomerPlan, actor: User, replace_active: bool = True) -> CustomerPlan:
    """Make a draft the account's plan in force, archiving the active one in the same step.

    With replace_active=False an account that already has an active plan is an error
    on "status" instead. Activating the active plan changes nothing.
    """
    # Lock the account first so two activations for one account run one after the other.
    Account.objects.select_for_update().filter(pk=plan.account_id).exists()
    locked = _lock(plan)
    if locked.status == PlanStatus.ACTIVE:
        return locked
    if locked.is_archived:
        raise ValidationError(
            {
                "status": _(
                    "An archived plan is kept as history and is not made active again; "
                    "start a new draft instead."
                )
            }
        )
    current = list(
        CustomerPlan.objects.select_for_update(of=("self",))
        .select_related("account")
        .filter(account_id=locked.account_id, status=PlanStatus.ACTIVE)
        .exclude(pk=locked.pk)
    )
    if current and not replace_active:
        raise ValidationError(
            {
                "status": _(
                    "The account already has an active plan (%(period)s). "
                    "Archive it first, or activate this plan in its place."
                )
                % {"period": _period(current[0])}
            }
        )
    for old in current:
        _set_status(old, actor, PlanStatus.ARCHIVED)
    _validate_plan(locked)
    _set_status(locked, actor, PlanStatus.ACTIVE)
    return locked


@transaction.atomic
def plan_archive(*, plan: CustomerPlan, actor: User) -> CustomerPlan:
    """Keep the plan as history; archiving an archived plan changes nothing.

    Its open actions and their follow-ups stay open: the work may still be worth doing.
    """
    locked = _lock(plan)
    if not locked.is_archived:
        _set_status(locked, actor, PlanStatus.ARCHIVED)
    return locked


@transaction.atomic
def objective_add(*, plan: CustomerPlan, actor: User, data: Mapping[str, Any]) -> Objective:
    """Add one of our measurable objectives to a plan that is not archived."""
    values = _check_fields(data, OBJECTIVE_FIELDS, "objective")
    locked = _lock(plan)
    _not_archived(locked)
    objective = Objective(plan=locked, **values)
    _check_owner(locked.account, values.get("owner"))
    objective.full_clean()
    objective.save()
    record_plan_event(
        plan=locked,
        actor=actor,
        change=PlanChange.OBJECTIVE_ADDED,
        title=objective.title,
        owner=person_name(objective.owner),
        due_on=objective.due_on.isoformat(),
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=objective)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, actor: User, data: Mapping[str, Any]) -> Objective:
    """Change an objective; marking it done without a progress figure sets progress to 100 %."""
    values = _check_fields(data, OBJECTIVE_FIELDS, "objective")
    locked = (
        Objective.objects.select_for_update(of=("self",))
        .select_related("plan__account", "owner")
        .get(pk=objective.pk)
    )
    if values.get("status") == ObjectiveStatus.DONE and "progress" not in values:
        values["progress"] = 100
    changes = _diff(locked, values)
    if not changes:
        return locked
    _not_archived(locked.plan)
    if "owner" in values:
        _check_owner(locked.plan.account, values["owner"])
    locked.full_clean()
    locked.save(update_fields=[field for field, _old, _new in changes])
    record_plan_event(
        plan=locked.plan,
        actor=actor,
        change=PlanChange.OBJECTIVE_UPDATED,
        title=locked.title,
        **changes_data(changes),
    )
    audit_changes(actor=actor, obj=locked, changes=changes)
    return locked


@transaction.atomic
def action_add(*, plan: CustomerPlan, actor: User, data: Mapping[str, Any]) -> PlanAction:
    """Add an action to a plan and a follow-up for its owner, linked so they complete together."""
    values = _check_fields(data, ACTION_FIELDS, "action")
    locked = _lock(plan)
    _not_archived(locked)
    objective = values.get("objective")
    if objective is not None and objective.plan_id != locked.pk:
        raise ValidationError({"objective": _("Choose one of this plan's objectives.")})
    _check_owner(locked.account, values.get("owner"))
    action = PlanAction(plan=locked, **values)
    action.full_clean()
    action.follow_up = follow_up_create(
        account=locked.account,
        actor=actor,
        title=action.title,
        due_on=action.due_on,
        owner=action.owner,
        source=InteractionSource.MANUAL,
    )
    action.save()
    record_plan_event(
        plan=locked,
        actor=actor,
        change=PlanChange.ACTION_ADDED,
        title=action.title,
        owner=person_name(action.owner),
        due_on=action.due_on.isoformat(),
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=action)
    return action


@transaction.atomic
def action_complete(*, action: PlanAction, actor: User, today: date) -> PlanAction:
    """Mark an action done on `today` and complete its follow-up; doing it twice changes nothing."""
    locked = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__account", "owner", "objective", "follow_up")
        .get(pk=action.pk)
    )
    if locked.status == ActionStatus.DONE:
        return locked
    if locked.status == ActionStatus.CANCELLED:
        raise ValidationError(_("A cancelled action cannot be completed."), code="cancelled")
    locked.status = ActionStatus.DONE
    locked.completed_on = today
    locked.save(update_fields=["status", "completed_on"])
    if locked.follow_up is not None and locked.follow_up.status == FollowUpStatus.OPEN:
        locked.follow_up = follow_up_complete(follow_up=locked.follow_up, actor=actor)
    record_plan_event(
        plan=locked.plan, actor=actor, change=PlanChange.ACTION_COMPLETED, title=locked.title
    )
    audit_changes(actor=actor, obj=locked, changes=[("status", ActionStatus.OPEN, locked.status)])
    return locked


@transaction.atomic
def plan_follow_up_complete(*, follow_up: FollowUp, actor: User, today: date) -> FollowUp:
    """Complete a follow-up and the plan action it was made for, if any.

    For lists of follow-ups (My day, the activity panel): a follow-up that came from a
    plan action completed here leaves no open action behind.
    """
    open_actions = PlanAction.objects.filter(follow_up=follow_up, status=ActionStatus.OPEN)
    for action in open_actions:
        action_complete(action=action, actor=actor, today=today)
    return follow_up_complete(follow_up=follow_up, actor=actor)
