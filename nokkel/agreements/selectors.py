"""Reads of offers, the cost model and contracts; account data always through the door."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from nokkel.accounts.access import managed_segment_ids
from nokkel.accounts.models import Account
from nokkel.agreements import contract_dates, margins
from nokkel.agreements.models import Contract, CostRate, Offer, OfferStatus
from nokkel.users.models import User

ENDING_WITHIN_CHOICES = (90, 180)


def cost_table() -> dict[tuple[str, str, str], Decimal]:
    """The whole cost model in one query, keyed for margins.cost_lookup."""
    return {
        margins.cost_key(rate.service, rate.zone, rate.weight_band): rate.cost_per_parcel
        for rate in CostRate.objects.all()
    }


def _offers(user: User) -> QuerySet[Offer]:
    return (
        Offer.objects.visible_to(user)
        .select_related("account", "account__segment", "created_by", "approved_by", "contract")
        .prefetch_related("lines")
    )


def offer_list(
    *, user: User, account: Account | int | None = None, status: str = ""
) -> QuerySet[Offer]:
    """Offers the user may see with their lines (two queries), newest first."""
    qs = _offers(user)
    if account is not None:
        qs = qs.filter(account=account)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def offer_get(*, user: User, offer_id: int) -> Offer:
    return _offers(user).get(pk=offer_id)


def offer_versions(*, user: User, offer: Offer) -> QuerySet[Offer]:
    """Every version of the offer, the newest first (without lines)."""
    series = offer.series_id
    return (
        Offer.objects.visible_to(user)
        .filter(Q(pk=series) | Q(root_id=series))
        .only("pk", "root_id", "version", "status", "created_at", "account_id")
        .order_by("-version")
    )


def offers_awaiting_approval(*, user: User) -> QuerySet[Offer]:
    """Offers waiting for this user's approval: in the segments they manage, or all for admins."""
    qs = offer_list(user=user, status=OfferStatus.PENDING_APPROVAL)
    if user.is_admin:
        return qs.order_by("submitted_on", "id")
    return qs.filter(account__segment_id__in=managed_segment_ids(user)).order_by(
        "submitted_on", "id"
    )


def _contracts(user: User) -> QuerySet[Contract]:
    return Contract.objects.visible_to(user).select_related(
        "account", "account__kam", "account__deputy", "offer"
    )


def contract_list(
    *,
    user: User,
    account: Account | int | None = None,
    today: date | None = None,
    ending_within: int | None = None,
) -> QuerySet[Contract]:
    """Contracts the user may see, the soonest ending first.

    With `ending_within` (days) only those ending from `today` to that many days on.
    """
    qs = _contracts(user)
    if account is not None:
        qs = qs.filter(account=account)
    if ending_within is not None:
        if today is None:
            raise TypeError("ending_within needs today")
        qs = qs.filter(end_on__gte=today, end_on__lte=today + timedelta(days=ending_within))
    return qs.order_by("end_on", "id")


def contract_get(*, user: User, contract_id: int) -> Contract:
    return _contracts(user).get(pk=contract_id)


def account_agreements(*, user: User, account: Account) -> tuple[list[Offer], list[Contract]]:
    """The account page's offers (latest version of each series first) and contracts."""
    offers = list(
        offer_list(user=user, account=account)
        .exclude(status=OfferStatus.SUPERSEDED)
        .prefetch_related(None)[:20]
    )
    contracts = list(contract_list(user=user, account=account).order_by("-end_on", "-id")[:10])
    return offers, contracts


def health_contract_facts(
    *, account_ids: list[int] | None, as_of: date
) -> dict[int, dict[str, date | None]]:
    """For the health score: per account with a contract in force on `as_of`, the earliest
    notice deadline on or after it and the newest renewal activity on or before it (an
    offer sent, or a following contract signed). Only facts known by the end of `as_of`.
    Three queries.
    """
    known_by = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    contracts = Contract.objects.filter(
        start_on__lte=as_of, end_on__gte=as_of, created_at__lt=known_by
    )
    offers = Offer.objects.filter(sent_on__isnull=False, sent_on__lte=as_of)
    later = Contract.objects.filter(created_at__lt=known_by, start_on__gt=as_of)
    if account_ids is not None:
        contracts = contracts.filter(account_id__in=account_ids)
        offers = offers.filter(account_id__in=account_ids)
        later = later.filter(account_id__in=account_ids)
    facts: dict[int, dict[str, date | None]] = {}
    for account_id, end_on, notice_months in contracts.values_list(
        "account_id", "end_on", "notice_months"
    ):
        deadline = contract_dates.notice_deadline(end_on=end_on, notice_months=notice_months)
        entry = facts.setdefault(account_id, {"notice_deadline": None, "renewal_activity_on": None})
        if deadline >= as_of and (
            entry["notice_deadline"] is None or deadline < entry["notice_deadline"]
        ):
            entry["notice_deadline"] = deadline
    activity: dict[int, date] = {}
    for account_id, sent_on in offers.values_list("account_id", "sent_on"):
        activity[account_id] = max(sent_on, activity.get(account_id, sent_on))
    for account_id, created_at in later.values_list("account_id", "created_at"):
        signed = timezone.localdate(created_at)
        activity[account_id] = max(signed, activity.get(account_id, signed))
    for account_id, entry in facts.items():
        entry["renewal_activity_on"] = activity.get(account_id)
    return facts
