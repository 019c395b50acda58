from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from nokkel.accounts.access import can_see_confidential
from nokkel.timeline.models import TimelineEvent

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.users.models import User


def timeline_for_account(*, user: User, account: Account) -> QuerySet[TimelineEvent]:
    """The account's events, newest first, through the access door; events about
    confidential facts only for those who may see the account's secrets."""
    events = TimelineEvent.objects.visible_to(user).filter(account=account)
    if not can_see_confidential(user, account):
        events = events.filter(confidential=False)
    return events.select_related("actor").order_by("-happened_at", "-id")


def recent_events(
    *, user: User, account_ids: list[int], since: datetime, limit: int = 20
) -> list[TimelineEvent]:
    """The newest events on these accounts since a moment, through the access door; events
    about confidential facts only on the accounts where the user may see secrets."""
    from nokkel.accounts.models import Account

    accounts = Account.objects.visible_to(user).filter(pk__in=account_ids)
    secret_ok = [a.pk for a in accounts.select_related(None) if can_see_confidential(user, a)]
    return list(
        TimelineEvent.objects.visible_to(user)
        .filter(account_id__in=account_ids, happened_at__gte=since)
        .filter(Q(confidential=False) | Q(account_id__in=secret_ok))
        .select_related("account", "actor")
        .order_by("-happened_at", "-id")[:limit]
    )
