from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.timeline.describe import describe_event
from nokkel.timeline.selectors import timeline_for_account

SHOWN_EVENTS = 50


def timeline_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    events = list(timeline_for_account(user=request.user, account=account)[: SHOWN_EVENTS + 1])
    return {
        "events": [(event, describe_event(event)) for event in events[:SHOWN_EVENTS]],
        "more_events": len(events) > SHOWN_EVENTS,
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "timeline",
            _("Timeline"),
            "timeline/partials/_panel_timeline.html",
            timeline_context,
            order=90,
        )
    )
