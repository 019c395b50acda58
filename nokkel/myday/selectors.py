"""My day gathers its items from each app's selectors; it owns no tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from nokkel.accounts.access import managed_segment_ids
from nokkel.accounts.models import Account
from nokkel.activities.models import FollowUp
from nokkel.activities.selectors import follow_up_list, upcoming_meetings
from nokkel.health.selectors import warning_count
from nokkel.plans.selectors import cadence_for_accounts, upcoming_reviews
from nokkel.timeline.models import TimelineEvent
from nokkel.timeline.selectors import recent_events
from nokkel.users.models import User

MEETING_DAYS = 7
UPCOMING_DAYS = 7
REVIEW_DAYS = 14
RECENT_DAYS = 7
LIMIT = 50


@dataclass
class KamSummary:
    kam: User
    overdue_follow_ups: int = 0
    contacts_due: int = 0
    accounts: int = 0


@dataclass
class MyDay:
    today: date
    overdue: list[FollowUp]
    due_today: list[FollowUp]
    upcoming: list[FollowUp]
    contact_due: list[tuple[Account, Any]]  # (account, cadence state), reddest first
    meetings: list[Any]
    reviews: list[Any]
    recent: list[TimelineEvent]
    team: list[KamSummary] = field(default_factory=list)
    is_manager: bool = False
    warnings: int = 0  # open early warnings (health score), shown as a badge


def _own_accounts(user: User) -> Any:
    """The accounts the user is responsible for: as KAM or deputy, or as the sales
    manager of their segments."""
    condition = Q(kam=user) | Q(deputy=user)
    segments = managed_segment_ids(user)
    if segments:
        condition |= Q(segment_id__in=list(segments))
    return Account.objects.visible_to(user).filter(condition).exclude(status="former")


def my_day(*, user: User, today: date) -> MyDay:
    """Everything the user should act on today, in a fixed number of queries."""
    accounts = list(
        _own_accounts(user).select_related("kam").only("pk", "name", "kam", "is_key_account")
    )
    account_ids = [a.pk for a in accounts]
    is_manager = bool(managed_segment_ids(user)) or user.is_admin
    open_follow_ups = follow_up_list(user=user, owner=None if is_manager else user)
    if is_manager:
        open_follow_ups = open_follow_ups.filter(Q(owner=user) | Q(account_id__in=account_ids))
    overdue = list(open_follow_ups.filter(due_on__lt=today)[:LIMIT])
    due_today = list(open_follow_ups.filter(due_on=today)[:LIMIT])
    upcoming = list(
        open_follow_ups.filter(
            owner=user, due_on__gt=today, due_on__lte=today + timedelta(days=UPCOMING_DAYS)
        )[:LIMIT]
    )
    cadence = cadence_for_accounts(account_ids=account_ids, today=today)
    due = [(a, cadence[a.pk]) for a in accounts if a.pk in cadence and cadence[a.pk].status != "ok"]
    severity = {"red": 0, "amber": 1, "due": 2}
    due.sort(key=lambda pair: (severity.get(pair[1].status, 3), pair[1].next_due, pair[0].name))
    start = timezone.make_aware(datetime.combine(today, time.min))
    meetings = list(
        upcoming_meetings(user=user, start=start, end=start + timedelta(days=MEETING_DAYS)).filter(
            account_id__in=account_ids
        )[:LIMIT]
    )
    reviews = list(
        upcoming_reviews(user=user, account_ids=account_ids, today=today, days=REVIEW_DAYS)
    )
    recent = recent_events(
        user=user, account_ids=account_ids, since=start - timedelta(days=RECENT_DAYS)
    )
    result = MyDay(
        today=today,
        overdue=overdue,
        due_today=due_today,
        upcoming=upcoming,
        contact_due=due[:LIMIT],
        meetings=meetings,
        reviews=reviews,
        recent=recent,
        is_manager=is_manager,
        warnings=warning_count(user=user, today=today),
    )
    if is_manager:
        overdue_per_owner = dict(
            open_follow_ups.filter(due_on__lt=today)
            .values("owner")
            .annotate(n=Count("pk"))
            .values_list("owner", "n")
        )
        result.team = _team_summary(accounts, overdue_per_owner, due)
    return result


def _team_summary(
    accounts: list[Account], overdue: dict[int, int], due: list[tuple[Account, Any]]
) -> list[KamSummary]:
    per_kam: dict[int, KamSummary] = {}
    for account in accounts:
        if account.kam is not None:
            per_kam.setdefault(account.kam.pk, KamSummary(kam=account.kam)).accounts += 1
    contacts = Counter(a.kam_id for a, _state in due)
    for kam_id, summary in per_kam.items():
        summary.overdue_follow_ups = overdue.get(kam_id, 0)
        summary.contacts_due = contacts.get(kam_id, 0)
    return sorted(
        per_kam.values(), key=lambda s: (-s.contacts_due - s.overdue_follow_ups, s.kam.username)
    )
