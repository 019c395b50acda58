"""Reads of the competitor register, the business lost to each, and former customers.

Accounts and opportunities are read through their door (visible_to), so a sales
manager sees the losses in the segments they manage and an admin sees them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from nokkel.accounts.models import Account, AccountStatus
from nokkel.competitors.access import can_use_competitor_register
from nokkel.competitors.models import Competitor
from nokkel.pipeline import phases
from nokkel.pipeline.models import LostReason, Opportunity
from nokkel.users.models import User


def competitor_list(*, user: User) -> QuerySet[Competitor]:
    """The register, each with how many of the opportunities the user may see it took."""
    if not can_use_competitor_register(user):
        return Competitor.objects.none()
    visible = Account.objects.visible_to(user).values("pk")
    return Competitor.objects.annotate(
        lost_count=Count(
            "won_opportunities",
            filter=Q(
                won_opportunities__phase=phases.LOST,
                won_opportunities__account__in=visible,
            ),
        )
    ).order_by("-is_active", "name")


def competitor_get(*, user: User, competitor_id: int) -> Competitor:
    """One competitor; Competitor.DoesNotExist (a 404) for people outside the register."""
    return competitor_list(user=user).get(pk=competitor_id)


def losses_to(*, user: User, competitor: Competitor) -> QuerySet[Opportunity]:
    """Opportunities the user may see that were lost to this competitor, latest first."""
    return (
        Opportunity.objects.visible_to(user)
        .filter(phase=phases.LOST, lost_to=competitor)
        .select_related("account", "account__segment", "owner")
        .order_by("-closed_on", "-id")
    )


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int
    revenue: Decimal


def loss_reasons(*, user: User, competitor: Competitor) -> list[ReasonCount]:
    """Why business went to this competitor: one line per reason, the most common first."""
    rows = (
        losses_to(user=user, competitor=competitor)
        .order_by()
        .values("lost_reason")
        .annotate(count=Count("id"), revenue=Sum("annual_revenue"))
    )
    labels = dict(LostReason.choices)
    lines = [
        ReasonCount(
            reason=row["lost_reason"],
            label=str(labels.get(row["lost_reason"], row["lost_reason"])),
            count=row["count"],
            revenue=row["revenue"] or Decimal("0.00"),
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-line.count, line.label))


def share_of_wallet(*, user: User, competitor: Competitor) -> list[tuple[Account, Decimal]]:
    """The competitor's share (0–1) of each account's parcels, from the account's newest
    needs analysis, for the accounts the user may see; the largest share first."""
    # Imported here: the needs analyses build on the competitors, not the other way.
    from nokkel.needs.selectors import competitor_wallet_shares

    shares = competitor_wallet_shares(user=user, competitor=competitor)
    accounts = Account.objects.visible_to(user).in_bulk(list(shares))
    return sorted(
        ((accounts[pk], share) for pk, share in shares.items() if pk in accounts),
        key=lambda pair: (-pair[1], pair[0].name),
    )


@dataclass(frozen=True)
class WinBack:
    account: Account
    lost_on: date | None
    reason: str  # the translated label, "" when nothing was recorded as lost
    competitor: str
    revenue: Decimal | None


def win_back_list(*, user: User) -> list[WinBack]:
    """Former customers the user may see, each with the last opportunity lost with it
    (when, why, to whom, how much), most recently lost first. One query."""
    last_lost = Opportunity.objects.filter(account=OuterRef("pk"), phase=phases.LOST).order_by(
        "-closed_on", "-id"
    )
    accounts = (
        Account.objects.visible_to(user)
        .filter(status=AccountStatus.FORMER)
        .select_related("kam", "segment")
        .annotate(
            last_lost_reason=Subquery(last_lost.values("lost_reason")[:1]),
            last_lost_to=Subquery(last_lost.values("lost_to__name")[:1]),
            last_lost_on=Subquery(last_lost.values("closed_on")[:1]),
            last_lost_revenue=Subquery(last_lost.values("annual_revenue")[:1]),
        )
    )
    labels = dict(LostReason.choices)
    rows = [
        WinBack(
            account=account,
            lost_on=account.last_lost_on,  # type: ignore[attr-defined]
            reason=str(labels.get(account.last_lost_reason or "", "")),  # type: ignore[attr-defined]
            competitor=account.last_lost_to or "",  # type: ignore[attr-defined]
            revenue=account.last_lost_revenue,  # type: ignore[attr-defined]
        )
        for account in accounts
    ]
    return sorted(
        rows,
        key=lambda r: (r.lost_on is None, -(r.lost_on or date.min).toordinal(), r.account.name),
    )
