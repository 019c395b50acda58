"""The account page's panel for the customer's needs and decision criteria."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import can_edit_account
from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.needs import selectors


def needs_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    return {
        "analysis": selectors.newest_needs_analysis(account=account),
        "assessment": selectors.criteria_assessment(user=request.user, account=account),
        "can_edit": can_edit_account(request.user, account),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "needs",
            _("Needs and decision criteria"),
            "needs/partials/_panel_needs.html",
            needs_context,
            order=55,
        )
    )
