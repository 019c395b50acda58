from __future__ import annotations

from django.db.models import QuerySet

from nokkel.audit.models import AuditEntry


def audit_entries(*, action: str = "", username: str = "") -> QuerySet[AuditEntry]:
    """The audit log, newest first. Only admins read it (checked by the caller)."""
    qs = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if action:
        qs = qs.filter(action=action)
    if username:
        qs = qs.filter(username__iexact=username)
    return qs
