"""The account page's activity panel: ten-second logging and open follow-ups; and the
timeline sentences for interactions and follow-ups."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokkel.accounts.models import Account
from nokkel.activities.models import InteractionKind
from nokkel.activities.selectors import follow_up_list
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.timeline.describe import register_describer
from nokkel.timeline.models import EventKind


def activity_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    return {
        "follow_ups": list(follow_up_list(user=request.user, account=account)[:20]),
        "kinds": InteractionKind.choices,
        "today": timezone.localdate(),
    }


def _interaction(data: dict[str, Any]) -> str:
    kind = str(dict(InteractionKind.choices).get(data.get("kind", ""), data.get("kind", "")))
    text = f"{kind}: {data.get('summary', '')}"
    if data.get("contacts"):
        text += " " + _("(with %(names)s)") % {"names": ", ".join(data["contacts"])}
    return text


def register() -> None:
    register_account_panel(
        AccountPanel(
            "activity",
            gettext_lazy("Log and follow up"),
            "activities/partials/_panel_activity.html",
            activity_context,
            order=15,
        )
    )
    register_describer(EventKind.INTERACTION_LOGGED, _interaction)
    register_describer(
        EventKind.FOLLOW_UP_CREATED,
        lambda d: (
            _("Follow-up: %(title)s (due %(due)s).")
            % {"title": d.get("title", ""), "due": d.get("due_on", "")}
        ),
    )
    register_describer(
        EventKind.FOLLOW_UP_DONE,
        lambda d: _("Follow-up done: %(title)s.") % {"title": d.get("title", "")},
    )
