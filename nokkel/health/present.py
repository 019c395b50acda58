"""A health result as plain, translated data: for the API, the panel and the warning list."""

from __future__ import annotations

from typing import Any

from nokkel.health.reasons import (
    BAND_LABELS,
    component_label,
    left_out_text,
    reason_text,
    step_text,
)
from nokkel.health.scoring import HealthResult, Reason


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def next_steps(reasons: tuple[Reason, ...] | list[Reason]) -> list[str]:
    """The suggested next step for each reason, most harmful first, each once."""
    steps: list[str] = []
    for reason in reasons:
        text = step_text(reason.step)
        if text and text not in steps:
            steps.append(text)
    return steps


def health_data(result: HealthResult) -> dict[str, Any]:
    """What GET /api/v1/accounts/{id}/health/ answers.

    `weight` is the component's share of the score in percent after the weight of
    left-out components was shared out; `contribution` = weight × score / 100, so the
    contributions add up to `weighted_score`. Overrides force red whatever the sum.
    """
    return {
        "account_id": result.account_id,
        "as_of": result.as_of.isoformat(),
        "score": result.score,
        "band": result.band,
        "band_label": str(BAND_LABELS[result.band]) if result.band else None,
        "weighted_score": _round(result.weighted_score),
        "components": [
            {
                "key": c.key,
                "label": component_label(c.key),
                "weight": round(c.weight * 100, 1),
                "score": c.score,
                "contribution": round(c.contribution, 1),
                "reason": reason_text(c.reason),
            }
            for c in result.components
        ],
        "left_out": [
            {
                "key": left.key,
                "label": component_label(left.key),
                "reason": left_out_text(left.code),
            }
            for left in result.left_out
        ],
        "overrides": [
            {
                "key": o.code.removeprefix("override_"),
                "component": o.component,
                "reason": reason_text(o),
            }
            for o in result.overrides
        ],
        "reasons": [reason_text(r) for r in result.reasons],
        "next_steps": next_steps(result.reasons),
    }
