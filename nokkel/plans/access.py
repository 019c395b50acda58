"""Who may change customer plans. Reading goes through `visible_to` like every account read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nokkel.accounts.access import can_edit_account

if TYPE_CHECKING:
    from nokkel.plans.models import CustomerPlan, PlanAction
    from nokkel.users.models import User


def can_edit_plan(user: User, plan: CustomerPlan) -> bool:
    """Plans are written by those who may change the account: KAM, deputy, managers, admins."""
    return can_edit_account(user, plan.account)


def can_complete_action(user: User, action: PlanAction) -> bool:
    """Besides the plan's editors, the team member who owns an action may mark it done."""
    if not user.is_authenticated or user.is_read_only:
        return False
    return action.owner_id == user.pk or can_edit_account(user, action.plan.account)
