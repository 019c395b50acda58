from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from nokkel.timeline.models import TimelineEvent

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.users.models import User


def timeline_for_account(*, user: User, account: Account) -> QuerySet[TimelineEvent]:
    """The account's events, newest first, through the access door."""
    return (
        TimelineEvent.objects.visible_to(user)
        .filter(account=account)
        .select_related("actor")
        .order_by("-happened_at", "-id")
    )
