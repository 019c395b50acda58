"""Reads of account health: scores as of a date, the history, and the early warnings.

Callers pass accounts they read through `visible_to`; every function here answers in a
fixed number of queries whatever the number of accounts.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from nokkel.accounts.access import managed_segment_ids
from nokkel.accounts.models import Account, AccountStatus
from nokkel.health import conf
from nokkel.health.facts import AccountState, Batch, account_states, health_facts
from nokkel.health.models import HealthSnapshot, WarningAcknowledgement
from nokkel.health.scoring import HealthResult, Warning, health_score, health_warning
from nokkel.users.models import User

HISTORY_MONTHS = 24


def health_results(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    states: Mapping[int, AccountState] | None = None,
) -> dict[int, HealthResult]:
    """The health of each account as of the end of `as_of`, from what was known then."""
    thresholds = conf.thresholds()
    weights, bands = conf.weights(), conf.bands()
    with _collector_paused():
        facts = health_facts(
            account_ids=account_ids, as_of=as_of, thresholds=thresholds, states=states
        )
        return {
            pk: health_score(account_facts, weights, bands, as_of, thresholds)
            for pk, account_facts in facts.items()
        }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a portfolio's facts and scores are made:
    they form no cycles, and a collection per few thousand new objects would walk them
    all again and again (it doubles the time of a 50,000-account run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def account_health(*, account: Account, as_of: date) -> HealthResult:
    """One account, already opened through the door."""
    return health_results(account_ids=[account.pk], as_of=as_of)[account.pk]


def health_history(*, account: Account, limit: int = HISTORY_MONTHS) -> list[HealthSnapshot]:
    """The newest monthly snapshots of an account opened through the door, oldest first."""
    newest = list(HealthSnapshot.objects.filter(account=account).order_by("-as_of")[:limit])
    return newest[::-1]


# Early warning -------------------------------------------------------------------------


def _responsible_for(user: User) -> Q:
    """The accounts the user answers for: as KAM, and their segments as sales manager."""
    condition = Q(kam=user)
    segments = managed_segment_ids(user)
    if segments:
        condition |= Q(segment_id__in=sorted(segments))
    return condition


def warning_scope(*, user: User) -> QuerySet[Account]:
    """Accounts whose warnings the user gets: KAMs their accounts, sales managers their
    segments. Others get none, whatever they may see."""
    return (
        Account.objects.visible_to(user)
        .filter(_responsible_for(user))
        .exclude(status=AccountStatus.PROSPECT)
    )


def warnings_as_of(
    *, account_ids: Iterable[int], as_of: date
) -> tuple[dict[int, Warning], dict[int, AccountState]]:
    """Warnings for the accounts that were customers on the date, against 30 days earlier."""
    thresholds = conf.thresholds()
    weights, bands = conf.weights(), conf.bands()
    batch = Batch(account_ids)
    states = account_states(account_ids=batch, as_of=as_of)
    customers = Batch(pk for pk in batch.ids if states[pk].status == AccountStatus.CUSTOMER)
    now = health_results(account_ids=customers, as_of=as_of, states=states)
    earlier_day = as_of - timedelta(days=thresholds.warning_days)
    earlier = health_results(account_ids=customers, as_of=earlier_day)
    warnings = {}
    for pk, result in now.items():
        warning = health_warning(
            result, earlier.get(pk), weights=weights, bands=bands, thresholds=thresholds
        )
        if warning is not None:
            warnings[pk] = warning
    return warnings, states


@dataclass(frozen=True)
class WarningRow:
    account: Account
    warning: Warning
    acknowledgement: WarningAcknowledgement | None


def acknowledgements(
    *, account_ids: Collection[int], as_of: date
) -> dict[int, WarningAcknowledgement]:
    """The newest acknowledgement per account within the warning window before `as_of`."""
    since = as_of - timedelta(days=conf.thresholds().warning_days)
    found: dict[int, WarningAcknowledgement] = {}
    rows = (
        WarningAcknowledgement.objects.filter(
            account_id__in=list(account_ids), as_of__gt=since, as_of__lte=as_of
        )
        .select_related("user")
        .order_by("-created_at", "-id")
    )
    for ack in rows:
        found.setdefault(ack.account_id, ack)
    return found


def warning_list(*, user: User, today: date) -> list[WarningRow]:
    """The user's early warnings as of `today`: open ones first (red, then the largest
    drops), then those someone has acknowledged."""
    accounts = {a.pk: a for a in warning_scope(user=user).select_related("kam", "segment")}
    warnings, _ = warnings_as_of(account_ids=accounts, as_of=today)
    acks = acknowledgements(account_ids=list(warnings), as_of=today)
    rows = [WarningRow(accounts[pk], warning, acks.get(pk)) for pk, warning in warnings.items()]
    return sorted(
        rows,
        key=lambda row: (
            row.acknowledgement is not None,
            row.warning.band != "red",
            -(row.warning.drop or 0),
            row.warning.score,
            row.account.name,
        ),
    )


def warning_count(*, user: User, today: date) -> int:
    """Open (unacknowledged) early warnings for the user: the badge on My day."""
    ids = list(warning_scope(user=user).values_list("pk", flat=True))
    if not ids:
        return 0
    warnings, _ = warnings_as_of(account_ids=ids, as_of=today)
    acked = acknowledgements(account_ids=list(warnings), as_of=today)
    return sum(1 for pk in warnings if pk not in acked)
