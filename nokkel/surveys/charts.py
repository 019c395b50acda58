"""The numbers behind the survey charts, as JSON for survey-charts.js.

Every chart has the same numbers in a table beside it, for screen readers and reading.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.surveys.selectors import AREA_LABELS, SurveyResults, TrendPoint


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def results_chart(results: SurveyResults) -> dict[str, Any]:
    """Per area: expectation, perception and team estimate (1–7); customer and knowledge gaps."""
    areas = results.score.areas
    return {
        "labels": [str(AREA_LABELS.get(a.key, a.key)) for a in areas],
        "levels": [
            {"label": _("Expectation"), "values": [_rounded(a.expectation) for a in areas]},
            {"label": _("Perception"), "values": [_rounded(a.perception) for a in areas]},
            {"label": _("Team estimate"), "values": [_rounded(a.team_estimate) for a in areas]},
        ],
        "gaps": [
            {"label": _("Customer gap"), "values": [_rounded(a.customer_gap) for a in areas]},
            {"label": _("Knowledge gap"), "values": [_rounded(a.knowledge_gap) for a in areas]},
        ],
    }


def trend_chart(history: list[TrendPoint]) -> dict[str, Any]:
    """NPS and the weighted service quality across campaigns, oldest first."""
    return {
        "labels": [
            f"{point.campaign.name} ({formats.date_format(point.campaign.sent_at, 'M Y')})"
            if point.campaign.sent_at
            else point.campaign.name
            for point in history
        ],
        "nps": [_rounded(point.score.nps) for point in history],
        "nps_label": _("NPS"),
        "weighted_gap": [_rounded(point.score.weighted_gap) for point in history],
        "weighted_gap_label": _("Weighted service quality"),
    }
