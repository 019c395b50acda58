"""Reads of customer plans and contact cadence, through the access door."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from nokkel.accounts.models import Account
from nokkel.accounts.selectors import account_team
from nokkel.activities.selectors import last_contact_dates
from nokkel.plans.cadence import (
    DEFAULT_CADENCE_DAYS,
    CadenceState,
    cadence_state,
    default_cadence_days,
)
from nokkel.plans.models import (
    ActionStatus,
    CustomerPlan,
    Objective,
    ObjectiveStatus,
    PlanAction,
    PlanStatus,
)
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import TimelineEvent
from nokkel.timeline.selectors import timeline_for_account
from nokkel.users.models import User


def _with_parts(qs: QuerySet[CustomerPlan]) -> QuerySet[CustomerPlan]:
    return qs.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.select_related("owner")),
        Prefetch("actions", queryset=PlanAction.objects.select_related("owner", "objective")),
    )


def plan_list(
    *,
    user: User,
    account: Account | int | None = None,
    status: str = "",
    with_parts: bool = False,
) -> QuerySet[CustomerPlan]:
    """Plans the user may see: the active one first, then drafts, then the archive, newest first.

    `with_parts` also fetches each plan's objectives and actions (two queries in all).
    """
    qs: QuerySet[CustomerPlan] = CustomerPlan.objects.visible_to(user).select_related(
        "account", "created_by"
    )
    if with_parts:
        qs = _with_parts(qs)
    if account is not None:
        qs = qs.filter(account=account)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        objectives_total=Count("objectives", distinct=True),
        actions_open=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
        status_rank=Case(
            When(status=PlanStatus.ACTIVE, then=Value(0)),
            When(status=PlanStatus.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    ).order_by("account__name", "account_id", "status_rank", "-period_start", "-id")


def plan_get(*, user: User, plan_id: int) -> CustomerPlan:
    """One visible plan with its objectives and actions; DoesNotExist (a 404) when hidden."""
    return _with_parts(
        CustomerPlan.objects.visible_to(user).select_related(
            "account", "account__kam", "account__classification", "created_by"
        )
    ).get(pk=plan_id)


def active_plan(*, user: User, account: Account) -> CustomerPlan | None:
    """The account's plan in force, if the user may see it."""
    return (
        CustomerPlan.objects.visible_to(user)
        .filter(account=account, status=PlanStatus.ACTIVE)
        .first()
    )


def objective_get(*, user: User, objective_id: int) -> Objective:
    return (
        Objective.objects.visible_to(user)
        .select_related("plan__account", "owner")
        .get(pk=objective_id)
    )


def action_get(*, user: User, action_id: int) -> PlanAction:
    return (
        PlanAction.objects.visible_to(user)
        .select_related("plan__account", "owner", "objective")
        .get(pk=action_id)
    )


def plan_people(*, user: User, account: Account) -> list[User]:
    """Who can own an objective or action: the account team, KAM and deputy first."""
    seen: dict[int, User] = {}
    for seat in account_team(user=user, account=account):
        seen.setdefault(seat.user.pk, seat.user)
    return list(seen.values())


def plan_history(*, user: User, plan: CustomerPlan) -> list[tuple[TimelineEvent, str]]:
    """Who changed what on this plan and when, newest first, as sentences."""
    events = timeline_for_account(user=user, account=plan.account).filter(data__plan=plan.pk)
    return [(event, describe_event(event)) for event in events]


@dataclass(frozen=True)
class PlanSummary:
    """What the account page shows about the account's plans."""

    active: CustomerPlan | None
    draft: CustomerPlan | None
    objectives_total: int
    objectives_done: int
    actions_open: int
    actions_overdue: int


def account_plan_summary(*, user: User, account: Account, today: date) -> PlanSummary:
    """The active plan with its counts and the newest draft, in one query."""
    plans = list(
        CustomerPlan.objects.visible_to(user)
        .filter(account=account)
        .exclude(status=PlanStatus.ARCHIVED)
        .annotate(
            n_objectives=Count("objectives", distinct=True),
            n_done=Count(
                "objectives",
                filter=Q(objectives__status=ObjectiveStatus.DONE),
                distinct=True,
            ),
            n_open=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
            n_overdue=Count(
                "actions",
                filter=Q(actions__status=ActionStatus.OPEN, actions__due_on__lt=today),
                distinct=True,
            ),
        )
        .order_by("-period_start", "-id")
    )
    active = next((p for p in plans if p.status == PlanStatus.ACTIVE), None)
    draft = next((p for p in plans if p.status == PlanStatus.DRAFT), None)
    return PlanSummary(
        active=active,
        draft=draft,
        objectives_total=getattr(active, "n_objectives", 0),
        objectives_done=getattr(active, "n_done", 0),
        actions_open=getattr(active, "n_open", 0),
        actions_overdue=getattr(active, "n_overdue", 0),
    )


def cadence_table() -> dict[str, int]:
    """Days between contacts per class, from settings (read when asked, never at import)."""
    configured: Mapping[str, int] = getattr(settings, "NOKKEL_CADENCE_DAYS", DEFAULT_CADENCE_DAYS)
    return {**DEFAULT_CADENCE_DAYS, **{key: int(days) for key, days in configured.items()}}


def _end_of(today: date) -> datetime:
    """The first moment after `today` in the current time zone: contacts before it count."""
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def cadence_for_accounts(*, account_ids: Iterable[int], today: date) -> dict[int, CadenceState]:
    """The contact cadence state of each account as of `today`, in three queries.

    The cadence is the active plan's own, else the default for the account's ABC class.
    Only contacts logged up to the end of `today` count, so planned meetings do not.
    Callers pass ids they read through `visible_to`; the result holds dates, not content.
    """
    ids = list(account_ids)
    if not ids:
        return {}
    table = cadence_table()
    accounts = Account.objects.filter(pk__in=ids).values_list(
        "pk", "is_key_account", "classification__abc_class"
    )
    overrides = dict(
        CustomerPlan.objects.filter(
            account_id__in=ids, status=PlanStatus.ACTIVE, cadence_days__isnull=False
        ).values_list("account_id", "cadence_days")
    )
    last = last_contact_dates(account_ids=ids, before=_end_of(today))
    states: dict[int, CadenceState] = {}
    for pk, is_key_account, abc_class in accounts:
        override = overrides.get(pk)
        contacted = last.get(pk)
        states[pk] = cadence_state(
            today=today,
            cadence_days=override
            or default_cadence_days(
                abc_class=abc_class or "", is_key_account=is_key_account, table=table
            ),
            last_contact=timezone.localdate(contacted) if contacted else None,
            from_plan=override is not None,
        )
    return states


def cadence_for_account(*, account: Account, today: date) -> CadenceState:
    return cadence_for_accounts(account_ids=[account.pk], today=today)[account.pk]


def upcoming_reviews(
    *, user: User, account_ids: list[int], today: date, days: int, limit: int = 50
) -> list[CustomerPlan]:
    """Active plans on these accounts whose review falls within `days` (or is overdue)."""
    return list(
        CustomerPlan.objects.visible_to(user)
        .filter(
            account_id__in=account_ids,
            status=PlanStatus.ACTIVE,
            next_review_on__lte=today + timedelta(days=days),
        )
        .select_related("account")
        .order_by("next_review_on")[:limit]
    )
