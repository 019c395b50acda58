"""The one door: who may see and change which account.

Every read of account-scoped data goes through `visible_to(user)`; an object the
user may not see is a 404 (get_object_or_404 on a visible_to queryset). Field-level
secrets (the confidential note) are decided by `can_see_confidential`, used by the
pages, the API and exports alike.

This module must not import accounts.models at import time: the models import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.users.models import User


def is_usable(user: Any) -> bool:
    """A signed-in, active user (the others may see nothing)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def managed_segment_ids(user: User) -> frozenset[int]:
    """Segments the user is sales manager of; read once per user object."""
    cached: frozenset[int] | None = getattr(user, "_nokkel_managed_segment_ids", None)
    if cached is None:
        if user.is_sales_manager:
            cached = frozenset(user.managed_segments.values_list("pk", flat=True))
        else:
            cached = frozenset()
        user._nokkel_managed_segment_ids = cached  # type: ignore[attr-defined]
    return cached


class AccountQuerySet(models.QuerySet["Account"]):
    def visible_to(self, user: Any) -> Self:
        """Accounts the user may see: as KAM, deputy, team member, segment manager or admin."""
        if not is_usable(user):
            return self.none()
        if user.is_admin:
            return self.all()
        membership = apps.get_model("accounts", "TeamMembership")
        segment = apps.get_model("accounts", "Segment")
        return self.filter(
            Q(kam=user)
            | Q(deputy=user)
            | Q(
                pk__in=membership.objects.filter(user=user, ended_on__isnull=True).values(
                    "account_id"
                )
            )
            | Q(
                segment__in=segment.objects.filter(
                    sales_managers=user, sales_managers__role="sales_manager"
                ).values("pk")
            )
        )


class AccountScopedQuerySet(models.QuerySet[Any]):
    """For models that belong to an account; `account_path` is the lookup to it."""

    account_path = "account"

    def visible_to(self, user: Any) -> Self:
        account_model = apps.get_model("accounts", "Account")
        visible = account_model.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.account_path}__in": visible})


def _manages_segment(user: User, account: Account) -> bool:
    return account.segment_id is not None and account.segment_id in managed_segment_ids(user)


def can_see_confidential(user: User, account: Account) -> bool:
    """The confidential note: KAM, deputy, the segment's sales managers and admins only."""
    if not is_usable(user):
        return False
    return (
        user.is_admin
        or account.kam_id == user.pk
        or account.deputy_id == user.pk
        or _manages_segment(user, account)
    )


def can_edit_account(user: User, account: Account) -> bool:
    """Change the account's details and team: its KAM, deputy, segment managers, admins."""
    return not user.is_read_only and can_see_confidential(user, account)


def can_change_entry(user: User, *, owner_id: int | None, account: Account) -> bool:
    """An interaction or a follow-up: its author or owner, or whoever may edit the
    account; never a read-only user."""
    if not is_usable(user) or user.is_read_only:
        return False
    return owner_id == user.pk or can_edit_account(user, account)


def can_edit_contacts(user: User, account: Account, *, is_team_member: bool) -> bool:
    """Contacts may also be kept up to date by the account team."""
    if not is_usable(user) or user.is_read_only:
        return False
    return is_team_member or can_edit_account(user, account)


def can_create_account(user: User) -> bool:
    return is_usable(user) and (user.is_admin or user.role in ("sales_manager", "kam"))


def can_hand_over(user: User, account: Account | None = None) -> bool:
    """Handover moves portfolios between people: sales managers (of the segment) and admins."""
    if not is_usable(user):
        return False
    if user.is_admin:
        return True
    if not user.is_sales_manager:
        return False
    return account is None or _manages_segment(user, account)


# Moving an account to another segment, or taking it over, is a handover for sales
# managers and admins. The KAM may still pass their own account on (it is recorded);
# a deputy or team member may not make themselves the KAM.
def changes_need_handover(user: User, account: Account | None, data: dict[str, Any]) -> bool:
    """True when `data` moves the account to another KAM or segment and the user may not.

    On a new account, a KAM may name only themselves as its KAM.
    """
    if account is None:
        kam = data.get("kam")
        return kam is not None and kam != user and not can_hand_over(user)
    if can_hand_over(user, account):
        return False
    segment_changed = "segment" in data and data["segment"] != account.segment
    kam_changed = "kam" in data and data["kam"] != account.kam
    return segment_changed or (kam_changed and account.kam_id != user.pk)
