from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from nokkel.audit.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from nokkel.users.models import User

# Field values never copied into the log: the log is read by admins who may not
# see the account's secrets. The change itself is still recorded.
REDACTED_FIELDS = frozenset({"confidential_note"})
REDACTED = "•••"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(getattr(value, "username", None) or value.pk)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def audit_record(
    *,
    action: str,
    actor: User | None,
    obj: models.Model | None = None,
    field: str = "",
    old: Any = None,
    new: Any = None,
    username: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    redact = field in REDACTED_FIELDS
    entry = AuditEntry(
        action=action,
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        field=field,
        old_value=REDACTED if redact and old else _as_text(old),
        new_value=REDACTED if redact and new else _as_text(new),
        ip_address=ip_address,
    )
    entry.save()
    return entry


def audit_changes(
    *, actor: User | None, obj: models.Model, changes: Iterable[tuple[str, Any, Any]]
) -> None:
    """One entry per changed tracked field: (field, old, new)."""
    for field, old, new in changes:
        audit_record(action=AuditAction.UPDATE, actor=actor, obj=obj, field=field, old=old, new=new)
