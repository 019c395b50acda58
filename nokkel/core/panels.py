"""The account page is a set of panels; each app contributes its own.

An app registers a panel from its AppConfig.ready(); the panel's context function
reads through the app's own selectors, so the account page never reaches into
another app's tables and each panel keeps a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nokkel.accounts.models import Account
    from nokkel.core.http import AuthenticatedHttpRequest


@dataclass(frozen=True)
class AccountPanel:
    key: str
    title: Any  # a lazy translation
    template: str
    context: Callable[[AuthenticatedHttpRequest, Account], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, AccountPanel] = {}


def register_account_panel(panel: AccountPanel) -> None:
    _PANELS[panel.key] = panel


def account_panels() -> list[AccountPanel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def render_context_for_panels(
    request: AuthenticatedHttpRequest, account: Account
) -> list[dict[str, Any]]:
    return [{"panel": panel, **panel.context(request, account)} for panel in account_panels()]
