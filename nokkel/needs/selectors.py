"""Reads of needs analyses, shares of wallet and decision criteria; all through the door."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from nokkel.accounts.models import Account
from nokkel.competitors.models import Competitor
from nokkel.needs import criteria
from nokkel.needs.models import (
    DecisionCriterion,
    NeedsAnalysis,
    WalletCarrier,
    WalletShare,
)
from nokkel.users.models import User


def _with_rows(qs: QuerySet[NeedsAnalysis]) -> QuerySet[NeedsAnalysis]:
    return qs.select_related("account", "created_by").prefetch_related(
        "volumes",
        Prefetch("wallet_shares", queryset=WalletShare.objects.select_related("competitor")),
    )


def needs_analysis_list(
    *, user: User, account: Account | int | None = None
) -> QuerySet[NeedsAnalysis]:
    """Analyses the user may see, newest version first, with volumes and shares (3 queries)."""
    qs = _with_rows(NeedsAnalysis.objects.visible_to(user))
    if account is not None:
        qs = qs.filter(account=account)
    return qs.order_by("account__name", "account_id", "-version")


def needs_analysis_get(*, user: User, needs_analysis_id: int) -> NeedsAnalysis:
    return _with_rows(NeedsAnalysis.objects.visible_to(user)).get(pk=needs_analysis_id)


def needs_analysis_versions(*, user: User, account: Account) -> QuerySet[NeedsAnalysis]:
    """The account's versions, newest first, without their rows (for a list of links)."""
    return (
        NeedsAnalysis.objects.visible_to(user)
        .filter(account=account)
        .only("pk", "version", "recorded_on", "account_id")
        .order_by("-version")
    )


def newest_needs_analysis(*, account: Account) -> NeedsAnalysis | None:
    """The version that feeds offers. The caller has the account through the door already."""
    return _with_rows(NeedsAnalysis.objects.filter(account=account)).order_by("-version").first()


def share_of_wallet(*, account: Account) -> dict[str, Decimal]:
    """Who carries the account's parcels, from its newest needs analysis, in percent (sum 100).

    Keys are "us", "others" and each competitor's name; {} when nothing is recorded.
    """
    newest = NeedsAnalysis.objects.filter(account=account).order_by("-version")[:1]
    shares = WalletShare.objects.filter(analysis__in=Subquery(newest.values("pk")))
    return {
        (row.competitor.name if row.competitor else row.carrier): row.share
        for row in shares.select_related("competitor").order_by("-share", "id")
    }


def competitor_wallet_shares(*, user: User, competitor: Competitor) -> dict[int, Decimal]:
    """Account id → the competitor's share (0–1) of the account's parcels, for the accounts
    the user may see, read from each account's newest needs analysis. One query."""
    newest = (
        NeedsAnalysis.objects.filter(account=OuterRef("analysis__account"))
        .order_by("-version")
        .values("pk")[:1]
    )
    rows = (
        WalletShare.objects.filter(
            carrier=WalletCarrier.COMPETITOR,
            competitor=competitor,
            analysis__account__in=Account.objects.visible_to(user).values("pk"),
            analysis=Subquery(newest),
        )
        .values_list("analysis__account_id", "share")
        .order_by()
    )
    return {account_id: share / 100 for account_id, share in rows}


def decision_criteria_list(*, user: User, account: Account) -> list[DecisionCriterion]:
    return list(
        DecisionCriterion.objects.visible_to(user)
        .filter(account=account)
        .select_related("best_competitor")
        .order_by("position", "id")
    )


@dataclass(frozen=True)
class CriteriaAssessment:
    """The account's criteria with their moves, and where we stand on the customer's weights."""

    rows: list[DecisionCriterion]
    weight_total: int
    position: criteria.Position | None


def criteria_assessment(*, user: User, account: Account) -> CriteriaAssessment:
    rows = decision_criteria_list(user=user, account=account)
    return CriteriaAssessment(
        rows=rows,
        weight_total=criteria.weight_total(row.weight for row in rows),
        position=criteria.weighted_position(
            criteria.CriterionScore(row.weight, row.our_score, row.competitor_score) for row in rows
        ),
    )
