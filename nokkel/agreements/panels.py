"""The account page's panel of offers and contracts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account
from nokkel.agreements import selectors
from nokkel.agreements.access import can_edit_agreements
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel


def agreements_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    offers, contracts = selectors.account_agreements(user=request.user, account=account)
    return {
        "offers": offers,
        "contracts": contracts,
        "can_edit": can_edit_agreements(request.user, account),
        "today": timezone.localdate(),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "agreements",
            _("Offers and contracts"),
            "agreements/partials/_panel_agreements.html",
            agreements_context,
            order=60,
        )
    )
