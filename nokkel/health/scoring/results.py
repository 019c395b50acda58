"""What the scoring returns, and the numbers it is tuned by. Plain values only.

Reasons are (code, params): the sentence is made at the edge (nokkel.health.reasons) in
the reader's language, so a stored snapshot reads the same in Norwegian and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

GREEN = "green"
YELLOW = "yellow"
RED = "red"
BANDS = (GREEN, YELLOW, RED)

ParamValue = int | float | str | date | None


@dataclass(frozen=True)
class Bands:
    """Green at or above `green_min`, yellow at or above `yellow_min`, red below."""

    green_min: int = 70
    yellow_min: int = 40

    def band(self, score: float) -> str:
        if score >= self.green_min:
            return GREEN
        if score >= self.yellow_min:
            return YELLOW
        return RED


DEFAULT_WEIGHTS: Mapping[str, float] = {
    "volume": 30,
    "engagement": 20,
    "voice": 20,
    "commercial": 15,
    "coverage": 15,
}


@dataclass(frozen=True)
class Thresholds:
    """The tuning of every component and override; settings may replace any of them."""

    # Volume
    volume_drop_override: float = 0.30  # 3-month parcels down this much on a year earlier: red
    volume_zero_at: float = 0.50  # a drop this large scores 0
    min_parcels: int = 30  # fewer parcels in the compared months say nothing about a trend
    seasonal_tolerance: float = 0.25  # a dip below the plain 12-month average that is season
    # Engagement
    no_contact_factor: float = 2.0  # no contact for more than this × the cadence: red
    engaged_days: int = 90  # contacts met in this window count as engaged
    forms_days: int = 365  # relationship forms used in this window are in use
    key_person_days: int = 180  # a decision maker or champion who left this recently
    # Voice of the customer
    survey_max_age_days: int = 730  # older answers no longer speak for the customer
    nps_drop: float = 20  # NPS down this much since the previous survey is a worsening
    gap_drop: float = 0.5  # the gap this much wider since the previous survey
    # Commercial
    notice_override_days: int = 90  # a notice deadline this close without renewal work: red
    notice_watch_days: int = 180
    renewal_activity_days: int = 180  # renewal work this recent counts
    lost_deal_days: int = 365
    complaint_days: int = 180
    # Early warning
    warning_drop: int = 15  # points lost in `warning_days`
    warning_days: int = 30


# Reasons and component scores are made by the thousand in a portfolio run: plain slotted
# classes, treated as values once `health_score` has filled in their weight and harm.
@dataclass(slots=True)
class Reason:
    """Why a component scored as it did, or why an override forced red."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    component: str = ""
    harm: float = 0.0  # points of the total score this reason costs; overrides rank first
    step: str = ""  # the suggested next step's code

    def as_data(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO strings), for snapshots."""
        return {
            "code": self.code,
            "params": {
                k: v.isoformat() if isinstance(v, date) else v for k, v in self.params.items()
            },
            "component": self.component,
            "harm": round(self.harm, 2),
            "step": self.step,
        }


@dataclass(slots=True)
class ComponentScore:
    key: str
    score: int  # 0..100
    reason: Reason
    weight: float = 0.0  # the share of the total (0..1) after left-out weight is shared
    harm: float = 0.0  # points of the total this component loses: weight × (100 − score)

    @property
    def contribution(self) -> float:
        return self.weight * self.score


@dataclass(frozen=True)
class LeftOut:
    key: str
    code: str  # why: no data yet, not applicable, source not installed


@dataclass(frozen=True, slots=True)
class HealthResult:
    account_id: int
    as_of: date
    score: int | None  # None when nothing at all is known
    weighted_score: float | None  # the sum before overrides
    band: str | None
    components: tuple[ComponentScore, ...]
    left_out: tuple[LeftOut, ...]
    overrides: tuple[Reason, ...]
    reasons: tuple[Reason, ...]  # the most harmful first, at most three

    def component(self, key: str) -> ComponentScore | None:
        return next((c for c in self.components if c.key == key), None)

    @property
    def is_red(self) -> bool:
        return self.band == RED
