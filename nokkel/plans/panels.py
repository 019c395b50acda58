"""The account page's plan panel: the active plan in short and the contact cadence."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import can_edit_account
from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.plans.selectors import account_plan_summary, cadence_for_account


def plan_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "summary": account_plan_summary(user=request.user, account=account, today=today),
        "cadence": cadence_for_account(account=account, today=today),
        "can_edit": can_edit_account(request.user, account),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "plan",
            _("Customer plan"),
            "plans/partials/_panel_plan.html",
            plan_context,
            order=17,
        )
    )
