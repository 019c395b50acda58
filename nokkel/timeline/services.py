from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from nokkel.timeline.models import TimelineEvent

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.users.models import User


def timeline_record(
    *,
    account: Account,
    kind: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    happened_at: datetime | None = None,
    confidential: bool = False,
) -> TimelineEvent:
    """Append one event to the account's timeline. Called by services, inside their transaction."""
    event = TimelineEvent(
        account=account,
        kind=kind,
        actor=actor,
        data=data or {},
        happened_at=happened_at or timezone.now(),
        confidential=confidential,
    )
    event.save()
    return event


def timeline_events_conceal(*, account: Account, ref_key: str, ref_id: int, concealed: bool) -> int:
    """Hide (or show again) the events about one object when it becomes confidential.

    Events are never rewritten; only who may read them changes, so a fact made
    confidential after it was logged stops reaching the team.
    """
    return TimelineEvent.objects.filter(account=account, **{f"data__{ref_key}": ref_id}).update(
        confidential=concealed
    )
