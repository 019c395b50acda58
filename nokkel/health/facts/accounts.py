"""Shared ground for the facts: the as-of cut-off, batching by account, and each account's
state (status, key-account flag, KAM, deputy) as it was on the date.

An account's fields hold today's values; the timeline dates every change of status, key
account flag, KAM and deputy with the old and the new value. The state as of a date is
therefore today's value unless a change came after the date, in which case it is the
`old` of the first such change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from nokkel.accounts.models import Account
from nokkel.timeline.models import EventKind, TimelineEvent

# Above this many ids a query reads the whole date window and keeps the wanted accounts in
# Python: an IN list that long is slower than the scan (and too long for SQLite).
IN_LIMIT = 2_000

M = TypeVar("M", bound=Model)


def cutoff(as_of: date) -> datetime:
    """The first moment after `as_of` (local time): what is dated before it was known then."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


def local_days() -> Callable[[datetime], date]:
    """A fast `timezone.localdate` for many values: the zone is looked up once."""
    zone = timezone.get_current_timezone()
    return lambda moment: moment.astimezone(zone).date()


class Batch:
    """The accounts one computation is about; filters querysets by account in SQL when few."""

    def __init__(self, account_ids: Iterable[int]) -> None:
        self.ids: list[int] = list(dict.fromkeys(account_ids))
        self.wanted: frozenset[int] = frozenset(self.ids)

    @property
    def is_large(self) -> bool:
        return len(self.ids) > IN_LIMIT

    def filter(self, queryset: QuerySet[M], path: str = "account_id") -> QuerySet[M]:
        if self.is_large:
            return queryset
        return queryset.filter(**{f"{path}__in": self.ids})

    def ids_or_all(self) -> list[int] | None:
        """For other apps' selectors: the ids, or None (every account) for a large batch."""
        return None if self.is_large else self.ids

    def __contains__(self, account_id: object) -> bool:
        return account_id in self.wanted

    def __len__(self) -> int:
        return len(self.ids)


def as_batch(account_ids: Collection[int] | Batch) -> Batch:
    return account_ids if isinstance(account_ids, Batch) else Batch(account_ids)


@dataclass(frozen=True)
class AccountState:
    account_id: int
    name: str
    status: str
    is_key_account: bool
    kam_assigned: bool
    deputy_assigned: bool
    registered_on: date
    segment_id: int | None


_REPLAYED = (
    EventKind.STATUS_CHANGED,
    EventKind.KEY_ACCOUNT_CHANGED,
    EventKind.KAM_CHANGED,
    EventKind.DEPUTY_CHANGED,
)


def _first_changes_after(batch: Batch, moment: datetime) -> dict[tuple[int, str], Any]:
    """{(account, kind): the old value of the first change after `moment`}."""
    firsts: dict[tuple[int, str], Any] = {}
    events = batch.filter(
        TimelineEvent.objects.filter(kind__in=_REPLAYED, happened_at__gte=moment)
    ).order_by("happened_at", "id")
    for account_id, kind, data in events.values_list("account_id", "kind", "data"):
        if account_id in batch:
            firsts.setdefault((account_id, kind), (data or {}).get("old"))
    return firsts


def _then(changes: dict[tuple[int, str], Any], pk: int, kind: str, now: Any) -> Any:
    return changes.get((pk, kind), now)


def account_states(*, account_ids: Collection[int] | Batch, as_of: date) -> dict[int, AccountState]:
    """Each account as it stood at the end of `as_of`. Two queries."""
    batch = as_batch(account_ids)
    moment = cutoff(as_of)
    changes = _first_changes_after(batch, moment)
    local_day = local_days()
    states = {}
    rows = batch.filter(Account.objects.all(), "pk").values_list(
        "pk", "name", "status", "is_key_account", "kam_id", "deputy_id", "created_at", "segment_id"
    )
    for pk, name, status, key, kam_id, deputy_id, created_at, segment_id in rows:
        if pk not in batch:
            continue
        states[pk] = AccountState(
            account_id=pk,
            name=name,
            status=_then(changes, pk, EventKind.STATUS_CHANGED, status),
            is_key_account=bool(_then(changes, pk, EventKind.KEY_ACCOUNT_CHANGED, key)),
            kam_assigned=bool(_then(changes, pk, EventKind.KAM_CHANGED, kam_id)),
            deputy_assigned=bool(_then(changes, pk, EventKind.DEPUTY_CHANGED, deputy_id)),
            registered_on=local_day(created_at),
            segment_id=segment_id,
        )
    return states
