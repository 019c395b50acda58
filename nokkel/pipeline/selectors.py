"""Reads of opportunities, the board, the forecast and leads; all through the access door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from nokkel.accounts.models import Account
from nokkel.pipeline import phases
from nokkel.pipeline.describe import mismatch_text
from nokkel.pipeline.models import (
    Lead,
    LeadRule,
    Opportunity,
    OpportunityKind,
    PhaseChange,
    SalesPhase,
)
from nokkel.users.models import User

# Won and lost cards stay on the board this long after closing.
CLOSED_ON_BOARD_DAYS = 30


def opportunity_list(
    *,
    user: User,
    account_id: int | None = None,
    owner_id: int | None = None,
    owner_username: str = "",
    segment_id: int | None = None,
    phase: str = "",
) -> QuerySet[Opportunity]:
    """Opportunities the user may see, soonest expected close first."""
    qs = Opportunity.objects.visible_to(user).select_related(
        "account", "account__segment", "owner", "lost_to"
    )
    if account_id is not None:
        qs = qs.filter(account_id=account_id)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if owner_username:
        qs = qs.filter(owner__username=owner_username)
    if segment_id is not None:
        qs = qs.filter(account__segment_id=segment_id)
    if phase:
        qs = qs.filter(phase=phase)
    return qs.order_by("expected_close_on", "id")


def opportunity_get(*, user: User, opportunity_id: int) -> Opportunity:
    """One visible opportunity; Opportunity.DoesNotExist (a 404 at the edge) when hidden."""
    return (
        Opportunity.objects.visible_to(user)
        .select_related("account", "account__segment", "owner", "lost_to")
        .get(pk=opportunity_id)
    )


def phase_history(*, user: User, opportunity: Opportunity) -> QuerySet[PhaseChange]:
    """The opportunity's moves, oldest first."""
    return (
        PhaseChange.objects.visible_to(user)
        .filter(opportunity=opportunity)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )


@dataclass(frozen=True)
class Card:
    opportunity: Opportunity
    warning: str
    severity: str


def card_for(opportunity: Opportunity) -> Card:
    """An opportunity with the sentence warning where the two processes do not match."""
    mismatch = opportunity.mismatch
    if mismatch is None:
        return Card(opportunity, "", "")
    text = mismatch_text(
        mismatch, sales_phase=opportunity.phase, buying_phase=opportunity.buying_phase
    )
    return Card(opportunity, text, mismatch.severity)


@dataclass(frozen=True)
class Column:
    phase: str
    label: str
    cards: list[Card]
    weighted: Decimal

    @property
    def count(self) -> int:
        return len(self.cards)


def board(
    *, user: User, today: date, owner_id: int | None = None, segment_id: int | None = None
) -> list[Column]:
    """One column per sales phase, in order; won and lost only recently closed ones.

    One query, whatever the number of cards."""
    since = today - timedelta(days=CLOSED_ON_BOARD_DAYS)
    opportunities = opportunity_list(user=user, owner_id=owner_id, segment_id=segment_id).filter(
        Q(phase__in=phases.OPEN_PHASES) | Q(closed_on__gte=since)
    )
    by_phase: dict[str, list[Card]] = {phase: [] for phase in phases.SALES_PHASES}
    for opportunity in opportunities:
        by_phase.setdefault(opportunity.phase, []).append(card_for(opportunity))
    labels = dict(SalesPhase.choices)
    return [
        Column(
            phase=phase,
            label=str(labels[phase]),
            cards=cards,
            weighted=sum((c.opportunity.weighted_value for c in cards), Decimal("0.00")),
        )
        for phase, cards in by_phase.items()
    ]


def opportunity_forecast(
    *, user: User, owner_id: int | None = None, segment_id: int | None = None
) -> phases.Forecast:
    """The weighted forecast of the open opportunities the user may see."""
    rows = (
        opportunity_list(user=user, owner_id=owner_id, segment_id=segment_id)
        .filter(phase__in=phases.OPEN_PHASES)
        .annotate(close_month=TruncMonth("expected_close_on"))
        .values_list(
            "close_month",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "account__segment__name",
            "probability",
            "annual_revenue",
        )
    )
    return phases.forecast(
        phases.ForecastRow(
            close_month=month,
            kam=f"{first} {last}".strip() or username,
            segment=segment or "",
            probability=probability,
            annual_revenue=revenue,
        )
        for month, first, last, username, segment, probability, revenue in rows
    )


def account_opportunities(*, user: User, account: Account) -> list[Card]:
    """The account's opportunities for its page: open ones first, then the closed."""
    opportunities = opportunity_list(user=user, account_id=account.pk)
    cards = [card_for(o) for o in opportunities]
    return sorted(cards, key=lambda c: not c.opportunity.is_open)


def _leads(user: User) -> QuerySet[Lead]:
    """Leads through their door, each with `account_visible`: whether the user may open
    the account too (a sales manager sees every lead on an account without a segment,
    but not that account)."""
    visible_accounts = Account.objects.visible_to(user).filter(pk=OuterRef("account_id"))
    return (
        Lead.objects.visible_to(user)
        .select_related("account", "assigned_to", "opportunity", "contact")
        .annotate(account_visible=Exists(visible_accounts))
    )


def lead_list(*, user: User) -> QuerySet[Lead]:
    """The lead inbox, newest first: leads on accounts the user may see and, for sales
    managers and admins, every lead on an account without a segment."""
    return _leads(user).order_by("-received_at", "-id")


def lead_get(*, user: User, lead_id: int) -> Lead:
    """One lead through the door; Lead.DoesNotExist (a 404 at the edge) when hidden."""
    return _leads(user).get(pk=lead_id)


def lead_rule_list() -> QuerySet[LeadRule]:
    return LeadRule.objects.select_related("segment").prefetch_related("kams")


def health_deal_facts(*, account_ids: list[int] | None, as_of: date) -> dict[int, dict[str, Any]]:
    """Deal facts for the health score, replayed from the dated history of moves.

    Per account with any opportunity history up to the end of `as_of`:
    {"lost": [{"closed_on": date, "reason": str}, ...]} for opportunities whose last move
    by then was to lost (oldest first), and "renewal_activity_on": the newest day a
    renewal opportunity was opened or moved (None when there was none). `account_ids`
    were read through the door by the caller (None: every account). One query.
    The contract is in nokkel.health.facts.sources.
    """
    until = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    changes = PhaseChange.objects.filter(changed_at__lt=until)
    if account_ids is not None:
        changes = changes.filter(opportunity__account_id__in=account_ids)
    rows = changes.order_by("opportunity_id", "changed_at", "id").values_list(
        "opportunity_id",
        "opportunity__account_id",
        "opportunity__kind",
        "to_phase",
        "lost_reason",
        "changed_at",
    )
    last_move: dict[int, tuple[int, str, str, date]] = {}
    facts: dict[int, dict[str, Any]] = {}
    for opportunity_id, account_id, kind, to_phase, reason, changed_at in rows:
        day = timezone.localdate(changed_at)
        last_move[opportunity_id] = (account_id, to_phase, reason, day)
        account = facts.setdefault(account_id, {"lost": [], "renewal_activity_on": None})
        if kind == OpportunityKind.RENEWAL:
            latest = account["renewal_activity_on"]
            account["renewal_activity_on"] = day if latest is None else max(latest, day)
    for account_id, to_phase, reason, day in last_move.values():
        if to_phase == phases.LOST:
            facts[account_id]["lost"].append({"closed_on": day, "reason": reason})
    for account in facts.values():
        account["lost"].sort(key=lambda loss: loss["closed_on"])
    return facts
