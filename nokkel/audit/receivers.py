"""Logins are recorded from Django's auth signals.

These are the only signals in the project: Django's login machinery announces
logins only this way, and recording them is bookkeeping, not workflow.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.core import ratelimit


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return ratelimit.client_ip(request) or None


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.LOGIN, actor=user, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, ip_address=client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        username=str(credentials.get("username", ""))[:150],
        ip_address=client_ip(request),
    )
