"""The account page's opportunities panel, and the pipeline's timeline sentences."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.pipeline import describe, selectors
from nokkel.pipeline.access import can_create_opportunity


def opportunities_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    return {
        "cards": selectors.account_opportunities(user=request.user, account=account),
        "can_create_opportunity": can_create_opportunity(request.user, account),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "opportunities",
            _("Opportunities"),
            "pipeline/partials/_panel_opportunities.html",
            opportunities_context,
            order=50,
        )
    )
    describe.register()
