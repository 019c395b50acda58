"""The account page's "Voice of the customer" panel, and the timeline sentences for
surveys sent and answered."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.surveys.access import can_estimate, can_run_campaigns
from nokkel.surveys.charts import results_chart, trend_chart
from nokkel.surveys.selectors import account_voice
from nokkel.timeline.describe import register_describer
from nokkel.timeline.models import EventKind


def voice_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    voice = account_voice(account=account)
    latest = voice.latest
    return {
        "voice": voice,
        "results": latest,
        "chart": results_chart(latest) if latest is not None and latest.ready else None,
        "trend_chart": trend_chart(voice.history) if len(voice.history) > 1 else None,
        "can_run": can_run_campaigns(request.user),
        "can_estimate": latest is not None and can_estimate(request.user, latest.campaign),
    }


def _sent(data: dict[str, Any]) -> str:
    return _("Survey “%(campaign)s” sent to %(names)s.") % {
        "campaign": data.get("campaign", ""),
        "names": ", ".join(data.get("recipients") or []),
    }


def _answered(data: dict[str, Any]) -> str:
    template = (
        _("%(contact)s changed their answer to the survey “%(campaign)s” (NPS %(nps)s).")
        if data.get("changed")
        else _("%(contact)s answered the survey “%(campaign)s” (NPS %(nps)s).")
    )
    return template % {
        "contact": data.get("contact", ""),
        "campaign": data.get("campaign", ""),
        "nps": data.get("nps", "–"),
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "voice",
            gettext_lazy("Voice of the customer"),
            "surveys/partials/_panel_voice.html",
            voice_context,
            order=60,
        )
    )
    register_describer(EventKind.SURVEY_SENT, _sent)
    register_describer(EventKind.SURVEY_ANSWERED, _answered)
