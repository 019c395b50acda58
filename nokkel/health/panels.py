"""The account page's health panel: today's score explained, and the monthly history."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.core.panels import AccountPanel, register_account_panel
from nokkel.health import conf
from nokkel.health.models import HealthSnapshot
from nokkel.health.present import health_data
from nokkel.health.reasons import BAND_LABELS
from nokkel.health.selectors import account_health, health_history

BAND_COLOURS = {"green": "#3a8f5c", "yellow": "#e0a100", "red": "#b23a48"}


def history_chart(snapshots: list[HealthSnapshot], today: dict[str, Any]) -> dict[str, Any]:
    points = [(formats.date_format(s.as_of, "M Y"), s.score, s.band) for s in snapshots]
    if today["score"] is not None:
        points.append((_("Today"), today["score"], today["band"]))
    return {
        "labels": [label for label, _score, _band in points],
        "scores": [score for _label, score, _band in points],
        "colors": [BAND_COLOURS.get(band, "#888") for _label, _score, band in points],
        "score_label": _("Health score"),
        "green_min": today.get("green_min"),
        "yellow_min": today.get("yellow_min"),
    }


def health_context(request: AuthenticatedHttpRequest, account: Account) -> dict[str, Any]:
    """Today's health and the snapshots: the facts' fixed queries plus one."""
    bands = conf.bands()
    data = health_data(account_health(account=account, as_of=timezone.localdate()))
    snapshots = health_history(account=account)
    chart = history_chart(
        snapshots, {**data, "green_min": bands.green_min, "yellow_min": bands.yellow_min}
    )
    return {
        "health": data,
        "history": [(s, str(BAND_LABELS.get(s.band, s.band))) for s in snapshots],
        "chart": chart if len(chart["scores"]) > 1 else None,
    }


def register() -> None:
    register_account_panel(
        AccountPanel(
            "health",
            gettext_lazy("Health"),
            "health/partials/_panel_health.html",
            health_context,
            order=12,
        )
    )
