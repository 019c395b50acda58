from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

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
