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
