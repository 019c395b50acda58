"""The account page's own panels: overview, contacts and team."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nokkel.accounts import selectors
from nokkel.accounts.access import (
    can_edit_account,
    can_edit_contacts,
    can_hand_over,
    can_see_confidential,
)
from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel


def overview_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    return {
        "show_confidential": can_see_confidential(request.user, account),
        "can_edit": can_edit_account(request.user, account),
        "can_hand_over": can_hand_over(request.user, account),
    }


def contacts_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    is_member = selectors.is_team_member(user=request.user, account=account)
    return {
        "contacts": list(selectors.contact_list(user=request.user, account=account)),
        "can_edit_contacts": can_edit_contacts(request.user, account, is_team_member=is_member),
    }


def team_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    return {
        "team": selectors.account_team(user=request.user, account=account),
        "can_manage_team": can_edit_account(request.user, account),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "overview",
            _("Overview"),
            "accounts/partials/_panel_overview.html",
            overview_context,
            order=10,
        )
    )
    register_account_panel(
        AccountPanel(
            "team", _("Account team"), "accounts/partials/_panel_team.html", team_context, order=20
        )
    )
    register_account_panel(
        AccountPanel(
            "contacts",
            _("Contacts"),
            "accounts/partials/_panel_contacts.html",
            contacts_context,
            order=30,
        )
    )
