"""Changes to the calendar feed's address."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.calendar_feed.models import CalendarFeedToken, new_feed_token
from nokkel.users.models import User

# How stale last_used_at may get: a calendar polls every few minutes, a write each time
# would buy nothing.
LAST_USED_PRECISION = timedelta(hours=1)


@transaction.atomic
def calendar_token_get_or_create(*, user: User) -> CalendarFeedToken:
    """The user's feed address, issued when they first ask for it (a POST, never a GET)."""
    feed_token, created = CalendarFeedToken.objects.get_or_create(user=user)
    if created:
        audit_record(action=AuditAction.TOKEN_ISSUED, actor=user, obj=feed_token)
    return feed_token


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """A new feed address for the user; the old one stops working when this commits."""
    feed_token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed_token.token = new_feed_token()
        feed_token.created_at = timezone.now()
        feed_token.last_used_at = None
        feed_token.save(update_fields=["token", "created_at", "last_used_at"])
    audit_record(action=AuditAction.TOKEN_ISSUED, actor=user, obj=feed_token)
    return feed_token.token


def calendar_token_mark_used(*, feed_token: CalendarFeedToken, now: datetime) -> None:
    """Record that the feed was fetched, at most once per LAST_USED_PRECISION.

    Always exactly one UPDATE, which writes only when the mark is missing or stale, so
    concurrent fetches neither race nor cost a read.
    """
    CalendarFeedToken.objects.filter(pk=feed_token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
