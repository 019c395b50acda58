"""Who may change, approve and see the margins of offers and contracts.

Reading goes through `visible_to` like every account read (a hidden offer is a 404).
Margins and costs are the carrier's internal profitability: they are shown only to
those who may see the account's secrets, in pages, API and PDF alike (the PDF never
shows them at all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nokkel.accounts.access import can_edit_account, can_see_confidential, managed_segment_ids

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.users.models import User


def can_edit_agreements(user: User, account: Account) -> bool:
    """Offers and contracts are written by the KAM, the deputy, segment managers and admins."""
    return can_edit_account(user, account)


def can_see_margins(user: User, account: Account) -> bool:
    return can_see_confidential(user, account)


def can_approve_offers(user: User, account: Account) -> bool:
    """A low margin is approved by a sales manager of the account's segment, or an admin."""
    if not (user.is_authenticated and user.is_active) or user.is_read_only:
        return False
    if user.is_admin:
        return True
    return (
        user.is_sales_manager
        and account.segment_id is not None
        and account.segment_id in managed_segment_ids(user)
    )


def can_manage_cost_model(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_admin)
