"""Who may run survey campaigns and give the team's estimate.

Seeing a campaign and its results goes through `SurveyCampaign.objects.visible_to` and
the accounts' door; these rules only decide the changes.
"""

from __future__ import annotations

from typing import Any

from nokkel.accounts.access import is_usable
from nokkel.accounts.models import Account
from nokkel.surveys.models import CampaignStatus, SurveyCampaign
from nokkel.users.models import Role


def can_run_campaigns(user: Any) -> bool:
    """Start a campaign: KAMs (for accounts they see), sales managers and admins."""
    return is_usable(user) and (user.is_admin or user.role in (Role.SALES_MANAGER, Role.KAM))


def can_manage_campaign(user: Any, campaign: SurveyCampaign) -> bool:
    """Choose recipients, send and close: whoever started it, admins, and sales managers
    who may see every account it targets. A campaign is visible to whoever sees one of
    its accounts, but sending it writes to the contacts of all of them."""
    if not can_run_campaigns(user):
        return False
    if user.is_admin or campaign.created_by_id == user.pk:
        return True
    if not user.is_sales_manager:
        return False
    visible = Account.objects.visible_to(user).values("pk")
    return not campaign.targets.exclude(account__in=visible).exists()


def can_estimate(user: Any, campaign: SurveyCampaign) -> bool:
    """The account team answers as it believes the customer will, until the campaign closes."""
    return is_usable(user) and not user.is_read_only and campaign.status != CampaignStatus.CLOSED
