"""Changes to the competitor register; each is atomic, validated and audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.competitors.models import Competitor
from nokkel.users.models import User

COMPETITOR_FIELDS = ("name", "website", "notes", "is_active")


def _normalized(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(COMPETITOR_FIELDS)
    if unknown:
        raise TypeError(f"Not competitor fields: {sorted(unknown)}")
    values = dict(data)
    for field in ("name", "website", "notes"):
        if isinstance(values.get(field), str):
            values[field] = values[field].strip()
    return values


@transaction.atomic
def competitor_create(*, actor: User, data: Mapping[str, Any]) -> Competitor:
    competitor = Competitor(**_normalized(data))
    competitor.full_clean()
    competitor.save()
    audit_record(action=AuditAction.CREATE, actor=actor, obj=competitor)
    return competitor


@transaction.atomic
def competitor_update(
    *, competitor: Competitor, actor: User, data: Mapping[str, Any]
) -> Competitor:
    """Change a competitor; only changed fields are saved and audited. Competitors are
    made inactive rather than deleted, so lost opportunities keep naming them."""
    locked = Competitor.objects.select_for_update().get(pk=competitor.pk)
    changes = []
    for field, new in _normalized(data).items():
        old = getattr(locked, field)
        if old != new:
            changes.append((field, old, new))
            setattr(locked, field, new)
    if not changes:
        return locked
    locked.full_clean()
    locked.save(update_fields=[c[0] for c in changes])
    audit_changes(actor=actor, obj=locked, changes=changes)
    return locked
