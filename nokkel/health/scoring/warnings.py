"""Early warning: an account that turned red, or lost `warning_drop` points, in 30 days.

The earlier score is compared over the components both results have, so a component
that appeared in between (a first survey, a contract registered) cannot look like a drop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from nokkel.health.scoring.results import RED, Bands, HealthResult, Reason, Thresholds
from nokkel.health.scoring.score import score_without


@dataclass(frozen=True)
class Warning:
    account_id: int
    as_of: date
    score: int
    band: str
    previous_score: int | None
    previous_band: str | None
    drop: int | None  # points lost over the comparable components
    turned_red: bool
    reasons: tuple[Reason, ...]

    @property
    def steps(self) -> list[str]:
        """The suggested next steps of the reasons, most harmful first, each once."""
        seen: list[str] = []
        for reason in self.reasons:
            if reason.step and reason.step not in seen:
                seen.append(reason.step)
        return seen


def _comparable(
    result: HealthResult, keys: set[str], weights: Mapping[str, float], cap: int
) -> float:
    value = score_without(result, keys, weights)
    return min(value, cap) if result.overrides else value


def health_warning(
    current: HealthResult,
    previous: HealthResult | None,
    *,
    weights: Mapping[str, float],
    bands: Bands,
    thresholds: Thresholds,
) -> Warning | None:
    """The warning for `current`, given the result `warning_days` earlier (None if unscored)."""
    if current.score is None or current.band is None:
        return None
    was_red = previous is not None and previous.band == RED
    turned_red = current.band == RED and not was_red
    drop: int | None = None
    if previous is not None and previous.score is not None:
        keys = {c.key for c in current.components} & {c.key for c in previous.components}
        if keys:
            cap = bands.yellow_min - 1
            before = _comparable(previous, keys, weights, cap)
            now = _comparable(current, keys, weights, cap)
            drop = round(before - now)
    dropped = drop is not None and drop >= thresholds.warning_drop
    if not (turned_red or dropped):
        return None
    return Warning(
        account_id=current.account_id,
        as_of=current.as_of,
        score=current.score,
        band=current.band,
        previous_score=previous.score if previous is not None else None,
        previous_band=previous.band if previous is not None else None,
        drop=drop,
        turned_red=turned_red,
        reasons=current.reasons,
    )
