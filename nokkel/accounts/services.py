"""Every change to accounts, contacts and teams goes through these functions.

Each is atomic, validates with full_clean, saves only what changed, and writes the
timeline (and, for tracked fields, the audit log) itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.access import can_hand_over
from nokkel.accounts.models import Account, Contact, TeamMembership, TeamRole
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import normalize_phone
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User

ACCOUNT_FIELDS = (
    "name",
    "org_number",
    "customer_number",
    "status",
    "segment",
    "industry",
    "website",
    "street_address",
    "postal_code",
    "city",
    "is_key_account",
    "kam",
    "deputy",
    "parent",
    "confidential_note",
)
# Changes to these get an event of their own on the timeline; the rest are summed up.
_OWN_EVENT = {
    "status": EventKind.STATUS_CHANGED,
    "kam": EventKind.KAM_CHANGED,
    "deputy": EventKind.DEPUTY_CHANGED,
    "is_key_account": EventKind.KEY_ACCOUNT_CHANGED,
}
CONTACT_FIELDS = (
    "name",
    "title",
    "email",
    "phone",
    "buying_role",
    "sentiment",
    "relationship_forms",
    "active",
    "left_on",
)


class StaleEditError(ValidationError):
    """Someone else saved the object after this edit began."""


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _normalized_account_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"Not account fields: {sorted(unknown)}")
    cleaned = dict(data)
    for field in ("org_number", "customer_number"):
        if field in cleaned:
            value = (cleaned[field] or "").strip()
            if field == "org_number" and value:
                value = normalize_org_number(value)
            cleaned[field] = value or None  # unique only when present
    for field in ("name", "industry", "city", "street_address", "postal_code"):
        if field in cleaned and isinstance(cleaned[field], str):
            cleaned[field] = cleaned[field].strip()
    return cleaned


def _check_parent(account: Account) -> None:
    seen = {account.pk}
    parent = account.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError(
                {
                    "parent": _(
                        "An account cannot be part of its own group (the groups form a loop)."
                    )
                }
            )
        seen.add(parent.pk)
        parent = parent.parent


def _validate_account(account: Account) -> None:
    errors: dict[str, list[str]] = {}
    if account.kam_id is not None and account.kam_id == account.deputy_id:
        errors.setdefault("deputy", []).append(_("The deputy must be someone other than the KAM."))
    if errors:
        raise ValidationError(errors)
    account.full_clean()
    _check_parent(account)


def _save_unique(account: Account, **save_kwargs: Any) -> None:
    """Save, turning a uniqueness race lost to another request into a field error."""
    try:
        with transaction.atomic():
            account.save(**save_kwargs)
    except IntegrityError as error:
        text = str(error).lower()
        field = "customer_number" if "customer_number" in text else "org_number"
        raise ValidationError(
            {field: _("Another account was just saved with this number. Check and try again.")}
        ) from error


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is not None and current != expected:
        raise StaleEditError(
            _(
                "Someone else changed this %(what)s while you were editing it. "
                "Reload to see their change, then make yours again."
            )
            % {"what": what},
            code="stale",
        )


@transaction.atomic
def account_create(*, actor: User, data: Mapping[str, Any]) -> Account:
    """Create an account. A KAM creating one becomes its KAM unless another is named."""
    values = _normalized_account_data(data)
    if "kam" not in values and actor.role == "kam":
        values["kam"] = actor
    account = Account(**values)
    _validate_account(account)
    _save_unique(account)
    timeline_record(account=account, kind=EventKind.ACCOUNT_CREATED, actor=actor)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=account)
    return account


def _record_account_changes(
    *,
    account: Account,
    actor: User,
    changes: list[tuple[str, Any, Any]],
    own_events: bool,
    happened_at: datetime | None = None,
) -> None:
    summed: list[str] = []
    for field, old, new in changes:
        kind = _OWN_EVENT.get(field) if own_events else None
        if kind is None:
            summed.append(field)
        elif field in ("kam", "deputy"):
            timeline_record(
                account=account,
                kind=kind,
                actor=actor,
                data={"old": person_name(old), "new": person_name(new)},
                happened_at=happened_at,
            )
        else:
            timeline_record(
                account=account,
                kind=kind,
                actor=actor,
                data={"old": old, "new": new},
                happened_at=happened_at,
            )
    # That the confidential note changed is itself for those who may read it.
    secret = [field for field in summed if field == "confidential_note"]
    public = [field for field in summed if field != "confidential_note"]
    for fields, confidential in ((public, False), (secret, True)):
        if fields:
            timeline_record(
                account=account,
                kind=EventKind.ACCOUNT_UPDATED,
                actor=actor,
                data={"fields": fields},
                happened_at=happened_at,
                confidential=confidential,
            )
    audit_changes(actor=actor, obj=account, changes=changes)


def _apply(
    *,
    account: Account,
    actor: User,
    values: dict[str, Any],
    own_events: bool = True,
    happened_at: datetime | None = None,
) -> list[tuple[str, Any, Any]]:
    changes = []
    for field, new in values.items():
        old = getattr(account, field)
        if old != new:
            changes.append((field, old, new))
            setattr(account, field, new)
    if not changes:
        return []
    _validate_account(account)
    account.version = F("version") + 1
    _save_unique(account, update_fields=[c[0] for c in changes] + ["version", "updated_at"])
    account.refresh_from_db(fields=["version"])
    _record_account_changes(
        account=account,
        actor=actor,
        changes=changes,
        own_events=own_events,
        happened_at=happened_at,
    )
    return changes


@transaction.atomic
def account_update(
    *,
    account: Account,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    happened_at: datetime | None = None,
) -> Account:
    """Change an account's fields; only changed fields are saved, audited and put on the timeline.

    `happened_at` dates the change when it is recorded after the fact (a customer that
    left last month); by default it is now. Raises StaleEditError when
    `expected_version` is given and the account moved on since.
    """
    locked = Account.objects.select_for_update().get(pk=account.pk)
    _check_version(locked.version, expected_version, _("account"))
    _apply(
        account=locked,
        actor=actor,
        values=_normalized_account_data(data),
        happened_at=happened_at,
    )
    return locked


@transaction.atomic
def account_handover(
    *,
    account: Account,
    actor: User,
    new_kam: User,
    new_deputy: User | None = None,
    keep_deputy: bool = True,
    note: str = "",
) -> Account:
    """Give the account a new KAM (and deputy) in one step, recorded as one handover event.

    With keep_deputy the current deputy stays, unless the deputy is the new KAM.
    """
    locked = Account.objects.select_for_update().get(pk=account.pk)
    old_kam = locked.kam
    deputy = new_deputy if (new_deputy is not None or not keep_deputy) else locked.deputy
    if deputy is not None and deputy.pk == new_kam.pk:
        deputy = None
    changes = _apply(
        account=locked,
        actor=actor,
        values={"kam": new_kam, "deputy": deputy},
        own_events=False,
    )
    if changes:
        # The handover event replaces the generic "changed: kam, deputy" summary.
        timeline_record(
            account=locked,
            kind=EventKind.HANDOVER,
            actor=actor,
            data={
                "old_kam": person_name(old_kam),
                "new_kam": person_name(new_kam),
                "new_deputy": person_name(deputy),
                "note": note.strip(),
            },
        )
    return locked


@transaction.atomic
def portfolio_handover(
    *,
    actor: User,
    from_user: User,
    to_kam: User,
    to_deputy: User | None = None,
    include_deputy_roles: bool = True,
    note: str = "",
) -> list[Account]:
    """Move every account of a departing KAM to another KAM, all or nothing.

    With include_deputy_roles, accounts where the departing person is deputy get the
    receiving KAM as deputy (or none, where the receiver is already their KAM).
    """
    if from_user.pk == to_kam.pk:
        raise ValidationError({"to_kam": _("Choose someone other than the person leaving.")})
    moved: list[Account] = []
    # Only the accounts the actor may hand over: a sales manager's own segments.
    in_scope = [a for a in Account.objects.visible_to(actor) if can_hand_over(actor, a)]
    scope_ids = [a.pk for a in in_scope]
    for account in Account.objects.filter(kam=from_user, pk__in=scope_ids).order_by("pk"):
        moved.append(
            account_handover(
                account=account,
                actor=actor,
                new_kam=to_kam,
                new_deputy=to_deputy,
                keep_deputy=to_deputy is None,
                note=note,
            )
        )
    if include_deputy_roles:
        for account in Account.objects.filter(deputy=from_user, pk__in=scope_ids).order_by("pk"):
            replacement = None if account.kam_id == to_kam.pk else to_kam
            moved.append(account_update(account=account, actor=actor, data={"deputy": replacement}))
    return moved


def _day_start(day: date | None) -> datetime | None:
    """A past business date as the moment it began (local time); None for today or later."""
    if day is None or day >= timezone.localdate():
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _normalized_contact_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Not contact fields: {sorted(unknown)}")
    cleaned = dict(data)
    for field in ("name", "title", "email"):
        if field in cleaned and isinstance(cleaned[field], str):
            cleaned[field] = cleaned[field].strip()
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"])
    if "relationship_forms" in cleaned:
        cleaned["relationship_forms"] = sorted(set(cleaned["relationship_forms"] or []))
    return cleaned


def _validate_contact(contact: Contact) -> None:
    from nokkel.accounts.models import RelationshipForm

    unknown = set(contact.relationship_forms) - set(RelationshipForm.values)
    if unknown:
        raise ValidationError(
            {
                "relationship_forms": _("Unknown relationship form: %(forms)s.")
                % {"forms": ", ".join(sorted(unknown))}
            }
        )
    contact.full_clean()


@transaction.atomic
def contact_create(
    *, account: Account, actor: User, data: Mapping[str, Any], today: date | None = None
) -> Contact:
    values = _normalized_contact_data(data)
    contact = Contact(account=account, **values)
    if not contact.active and contact.left_on is None:
        contact.left_on = today or timezone.localdate()
    _validate_contact(contact)
    contact.save()
    timeline_record(
        account=account, kind=EventKind.CONTACT_ADDED, actor=actor, data={"name": contact.name}
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    today: date | None = None,
) -> Contact:
    """Change a contact. Marking one inactive dates the leaving (today unless given)."""
    locked = (
        Contact.objects.select_for_update(of=("self",)).select_related("account").get(pk=contact.pk)
    )
    _check_version(locked.version, expected_version, _("contact"))
    values = _normalized_contact_data(data)
    was_active = locked.active
    if values.get("active") is False and was_active and not values.get("left_on"):
        values["left_on"] = today or timezone.localdate()
    if values.get("active") is True:
        values["left_on"] = None
    changes = []
    for field, new in values.items():
        old = getattr(locked, field)
        if old != new:
            changes.append((field, old, new))
            setattr(locked, field, new)
    if not changes:
        return locked
    _validate_contact(locked)
    locked.version = F("version") + 1
    locked.save(update_fields=[c[0] for c in changes] + ["version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    if was_active and not locked.active:
        timeline_record(
            account=locked.account,
            kind=EventKind.CONTACT_LEFT,
            actor=actor,
            data={
                "name": locked.name,
                "left_on": locked.left_on.isoformat() if locked.left_on else "",
            },
            happened_at=_day_start(locked.left_on),
        )
    else:
        timeline_record(
            account=locked.account,
            kind=EventKind.CONTACT_UPDATED,
            actor=actor,
            data={"name": locked.name, "fields": [c[0] for c in changes]},
        )
    audit_changes(actor=actor, obj=locked, changes=changes)
    return locked


@transaction.atomic
def team_member_add(
    *,
    account: Account,
    actor: User,
    user: User,
    role: str,
    started_on: date | None = None,
) -> TeamMembership | Account:
    """Put someone on the account team.

    The KAM and deputy roles are the account's own fields, so those roles assign them
    (and return the account); other roles create a membership.
    """
    if role == TeamRole.KAM:
        return account_update(account=account, actor=actor, data={"kam": user})
    if role == TeamRole.DEPUTY:
        return account_update(account=account, actor=actor, data={"deputy": user})
    membership = TeamMembership(
        account=account,
        user=user,
        role=role,
        started_on=started_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    timeline_record(
        account=account,
        kind=EventKind.TEAM_MEMBER_ADDED,
        actor=actor,
        data={"user": person_name(user), "role": role},
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=membership, new=role)
    return membership


@transaction.atomic
def team_member_remove(
    *, membership: TeamMembership, actor: User, ended_on: date | None = None
) -> TeamMembership:
    """End a membership; it is kept, dated, so the team can be seen as it was."""
    if membership.ended_on is not None:
        return membership
    membership.ended_on = ended_on or timezone.localdate()
    membership.save(update_fields=["ended_on"])
    timeline_record(
        account=membership.account,
        kind=EventKind.TEAM_MEMBER_REMOVED,
        actor=actor,
        data={"user": person_name(membership.user), "role": membership.role},
    )
    audit_record(action=AuditAction.DELETE, actor=actor, obj=membership, old=membership.role)
    return membership
