"""The health score: a weighted sum of the components, with overrides that force red.

A component whose facts are None is left out and its weight is shared among the rest in
proportion, so the score stays 0–100 and the result says what was left out. An override
(volume collapse, no contact with a key account, a notice deadline nobody is working on,
a decision maker or champion who is a detractor or has left) makes the account red
whatever the sum; the score is then capped just below the red line and the override is
the first reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from nokkel.health.scoring.commercial import notice_override, score_commercial
from nokkel.health.scoring.coverage import score_coverage
from nokkel.health.scoring.engagement import (
    key_person_override,
    no_contact_override,
    score_engagement,
)
from nokkel.health.scoring.facts import (
    COMMERCIAL,
    COMPONENTS,
    COVERAGE,
    ENGAGEMENT,
    VOICE,
    VOLUME,
    HealthFacts,
)
from nokkel.health.scoring.results import (
    RED,
    Bands,
    ComponentScore,
    HealthResult,
    LeftOut,
    Reason,
    Thresholds,
)
from nokkel.health.scoring.voice import score_voice
from nokkel.health.scoring.volume import score_volume, volume_override

MAX_REASONS = 3
MIN_HARM = 1.0  # a component that costs less than a point is not a reason for concern
OVERRIDE_HARM = 100.0  # an override outranks any component's cost

Scorer = Callable[[Any, date, Thresholds], ComponentScore | None]
SCORERS: Mapping[str, Scorer] = {
    VOLUME: score_volume,
    ENGAGEMENT: score_engagement,
    VOICE: score_voice,
    COMMERCIAL: score_commercial,
    COVERAGE: score_coverage,
}
Check = Callable[[Any, date, Thresholds], Reason | None]
OVERRIDES: tuple[tuple[str, Check], ...] = (
    (VOLUME, volume_override),
    (ENGAGEMENT, no_contact_override),
    (COMMERCIAL, notice_override),
    (ENGAGEMENT, key_person_override),
)
# An override and its component's own reason can say the same thing; say it once.
SAME_AS_OVERRIDE = {
    "override_volume_drop": "volume_yoy",
    "override_no_contact": "engagement_last_contact",
    "override_never_contacted": "engagement_never_contacted",
    "override_decision_maker_left": "engagement_decision_maker_left",
    "override_champion_left": "engagement_champion_left",
    "override_decision_maker_detractor": "engagement_decision_maker_detractor",
    "override_champion_detractor": "engagement_champion_detractor",
    "override_notice": "commercial_notice",
}


def _shares(keys: list[str], weights: Mapping[str, float]) -> dict[str, float]:
    return dict(_shares_of(tuple(keys), tuple(weights.items())))


@lru_cache(maxsize=64)  # a few combinations of components, over many accounts
def _shares_of(
    keys: tuple[str, ...], weights: tuple[tuple[str, float], ...]
) -> tuple[tuple[str, float], ...]:
    weight = dict(weights)
    total = sum(max(float(weight.get(key, 0)), 0.0) for key in keys)
    if total <= 0:
        return tuple((key, 1.0 / len(keys)) for key in keys)
    return tuple((key, max(float(weight.get(key, 0)), 0.0) / total) for key in keys)


def override_reasons(facts: HealthFacts, as_of: date, thresholds: Thresholds) -> list[Reason]:
    found = []
    for key, check in OVERRIDES:
        component_facts = facts.of(key)
        if component_facts is None:
            continue
        reason = check(component_facts, as_of, thresholds)
        if reason is not None:
            reason.harm = OVERRIDE_HARM
            found.append(reason)
    return found


def health_score(
    facts: HealthFacts,
    weights: Mapping[str, float],
    bands: Bands,
    as_of: date,
    thresholds: Thresholds | None = None,
) -> HealthResult:
    """Score one account as of a date from the facts known then."""
    thresholds = thresholds or Thresholds()
    components: list[ComponentScore] = []
    left_out: list[LeftOut] = []
    for key in COMPONENTS:
        component_facts = facts.of(key)
        if component_facts is None:
            left_out.append(LeftOut(key, facts.left_out.get(key, "no_data")))
            continue
        component = SCORERS[key](component_facts, as_of, thresholds)
        if component is None:
            left_out.append(LeftOut(key, f"{key}_stale"))
            continue
        components.append(component)
    if not components:
        return HealthResult(facts.account_id, as_of, None, None, None, (), tuple(left_out), (), ())

    # The component scorers made these objects just now: weight and harm are filled in here.
    shares = _shares([c.key for c in components], weights)
    for component in components:
        component.weight = shares[component.key]
        component.harm = component.weight * (100 - component.score)
        component.reason.component = component.key
        component.reason.harm = component.harm
    overrides = override_reasons(facts, as_of, thresholds)
    said = {SAME_AS_OVERRIDE.get(o.code) for o in overrides}
    candidates = list(overrides) + sorted(
        (c.reason for c in components if c.harm >= MIN_HARM and c.reason.code not in said),
        key=lambda reason: -reason.harm,
    )
    weighted = sum(c.weight * c.score for c in components)
    score = round(weighted)
    if overrides:
        score = min(score, bands.yellow_min - 1)
        band = RED
    else:
        band = bands.band(score)
    return HealthResult(
        account_id=facts.account_id,
        as_of=as_of,
        score=score,
        weighted_score=weighted,
        band=band,
        components=tuple(components),
        left_out=tuple(left_out),
        overrides=tuple(overrides),
        reasons=tuple(candidates[:MAX_REASONS]),
    )


def score_without(result: HealthResult, keys: set[str], weights: Mapping[str, float]) -> float:
    """The weighted sum over only the components in `keys`: a fair comparison with an earlier
    result that had fewer components (one that appeared since must not look like a drop)."""
    kept = [c for c in result.components if c.key in keys]
    if not kept:
        return float(result.score or 0)
    shares = _shares([c.key for c in kept], weights)
    return sum(shares[c.key] * c.score for c in kept)
