"""Who may change opportunities and run the lead set-up. Seeing goes through visible_to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nokkel.accounts.access import can_edit_account, is_usable

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.pipeline.models import Lead, Opportunity
    from nokkel.users.models import User


def can_create_opportunity(user: User, account: Account) -> bool:
    """Those who may change the account: its KAM, deputy, segment managers and admins."""
    return is_usable(user) and can_edit_account(user, account)


def can_edit_opportunity(user: User, opportunity: Opportunity) -> bool:
    """As for creating, and also the opportunity's owner."""
    if not is_usable(user) or user.is_read_only:
        return False
    return opportunity.owner_id == user.pk or can_edit_account(user, opportunity.account)


def can_manage_leads(user: Any) -> bool:
    """The lead inbox, the embed snippet and the routing rules: sales managers and admins."""
    return is_usable(user) and (user.is_admin or user.is_sales_manager)


def can_accept_lead_contact(user: Any, lead: Lead) -> bool:
    """Add a lead's sender as a contact of its account: whoever may change the account."""
    return is_usable(user) and can_edit_account(user, lead.account)
