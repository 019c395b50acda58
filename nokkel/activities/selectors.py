"""Reads of interactions and follow-ups, through the access door."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db.models import Max, Q, QuerySet

from nokkel.accounts.models import Account, Contact
from nokkel.activities.models import FollowUp, FollowUpStatus, Interaction, InteractionKind
from nokkel.activities.quicklog import (
    AccountRef,
    ContactRef,
    QuickLogParse,
    account_search_terms,
    parse_quick_log,
)
from nokkel.users.models import User


def interaction_list(*, user: User, account: Account | None = None) -> QuerySet[Interaction]:
    qs = Interaction.objects.visible_to(user).select_related("account", "author")
    if account is not None:
        qs = qs.filter(account=account)
    return qs.prefetch_related("contacts", "participants").order_by("-happened_at", "-id")


def interaction_get(*, user: User, interaction_id: int) -> Interaction:
    return (
        Interaction.objects.visible_to(user)
        .select_related("account", "author")
        .prefetch_related("contacts", "participants")
        .get(pk=interaction_id)
    )


def follow_up_list(
    *,
    user: User,
    owner: User | None = None,
    account: Account | None = None,
    open_only: bool = True,
) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.visible_to(user).select_related("account", "owner")
    if owner is not None:
        qs = qs.filter(owner=owner)
    if account is not None:
        qs = qs.filter(account=account)
    if open_only:
        qs = qs.filter(status=FollowUpStatus.OPEN)
    return qs.order_by("due_on", "id")


def follow_up_get(*, user: User, follow_up_id: int) -> FollowUp:
    return FollowUp.objects.visible_to(user).select_related("account", "owner").get(pk=follow_up_id)


def last_contact_dates(
    *, account_ids: list[int] | None = None, before: datetime | None = None
) -> dict[int, datetime]:
    """The latest logged interaction per account, optionally only those before a moment.

    Plain data for cadence and health: {account_id: happened_at}. Confidential
    interactions count too: the cadence is about whether we talked, not what was said.
    """
    qs = Interaction.objects.all()
    if account_ids is not None:
        qs = qs.filter(account_id__in=account_ids)
    if before is not None:
        qs = qs.filter(happened_at__lt=before)
    return dict(
        qs.values("account_id").annotate(last=Max("happened_at")).values_list("account_id", "last")
    )


def upcoming_meetings(*, user: User, start: datetime, end: datetime) -> QuerySet[Interaction]:
    """Planned meetings (interactions dated in the future) on the user's visible accounts."""
    return (
        Interaction.objects.visible_to(user)
        .filter(happened_at__gte=start, happened_at__lt=end)
        .exclude(kind=InteractionKind.EMAIL)
        .select_related("account")
        .order_by("happened_at")
    )


def overdue_follow_ups(*, user: User, owner: User, today: date) -> QuerySet[FollowUp]:
    return follow_up_list(user=user, owner=owner).filter(due_on__lt=today)


MAX_ACCOUNT_CANDIDATES = 20
MAX_SEARCH_TERMS = 6
MAX_PORTFOLIO_BY_ID = 5_000


def _collect(found: dict[int, AccountRef], lookups: Sequence[QuerySet[Account]]) -> None:
    for lookup in lookups:
        room = MAX_ACCOUNT_CANDIDATES - len(found)
        if room <= 0:
            return
        for pk, name, number in lookup.exclude(pk__in=list(found)).values_list(
            "pk", "name", "customer_number"
        )[:room]:
            found[pk] = AccountRef(id=pk, name=name, customer_number=number)


def quick_log_parse(
    *, user: User, text: str, reference_date: date, account_id: int | None = None
) -> QuickLogParse:
    """Parse one line of quick-log text against the accounts and contacts the user may see.

    The pure parser gets only a handful of candidates: the accounts named by the text's
    search terms (or the one account given), and their active contacts. The terms come
    strongest first and are looked up one at a time, so a weak term (a first name) cannot
    crowd out a strong one; at most one query per term plus one for the contacts.
    """
    visible = Account.objects.visible_to(user)
    if not getattr(user, "is_admin", False):
        # A KAM sees a portfolio, not the whole base: look the terms up among those ids
        # (the primary key index) instead of re-evaluating the door for every row.
        portfolio = list(visible.values_list("pk", flat=True)[: MAX_PORTFOLIO_BY_ID + 1])
        if len(portfolio) <= MAX_PORTFOLIO_BY_ID:
            visible = Account.objects.filter(pk__in=portfolio)
    found: dict[int, AccountRef] = {}
    terms = [] if account_id is not None else account_search_terms(text)[:MAX_SEARCH_TERMS]
    lookups = (
        [visible.filter(pk=account_id)]
        if account_id is not None
        else [
            visible.filter(Q(name__icontains=term) | Q(customer_number__iexact=term))
            for term in terms
        ]
    )
    # Account names and numbers first; people's names only when those found nothing.
    _collect(found, lookups)
    if not found and terms:
        # A contact's full name can name the account ("møte med Kari Hansen").
        _collect(
            found,
            [
                visible.filter(contacts__name__icontains=term, contacts__active=True).distinct()
                for term in terms
                if " " in term
            ],
        )
    candidates = list(found.values())
    contacts = [
        ContactRef(id=pk, account_id=owner, name=name)
        for pk, owner, name in Contact.objects.filter(
            account_id__in=[a.id for a in candidates], active=True
        ).values_list("pk", "account_id", "name")
    ]
    if account_id is not None and not candidates:
        raise Account.DoesNotExist
    return parse_quick_log(
        text,
        reference_date=reference_date,
        accounts=candidates,
        contacts=contacts,
        account_id=account_id,
    )
