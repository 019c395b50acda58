"""The dated, plain-data interface per health component.

Each function takes the ids of the accounts (read through `visible_to` by the caller, or
every account for a whole-portfolio run) and an as-of date, and reads only what was known
by the end of that date: shipments of the whole months before it; interactions, survey
answers, contracts, deals, status changes and team changes dated on or before it. Each
answers in a fixed number of queries whatever the number of accounts, and returns a dict
keyed by account id whose None values leave that component out for that account.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal

from nokkel.health.facts.accounts import (
    AccountState,
    Batch,
    account_states,
    as_batch,
    cutoff,
)
from nokkel.health.facts.background import alongside
from nokkel.health.facts.commercial import commercial_facts, voice_available, voice_facts
from nokkel.health.facts.engagement import PlanAsOf, active_plans, team_sizes
from nokkel.health.facts.engagement import engagement_facts as _engagement_facts
from nokkel.health.facts.volume import abc_classes, volume_facts
from nokkel.health.scoring import (
    COMMERCIAL,
    COVERAGE,
    ENGAGEMENT,
    VOICE,
    VOLUME,
    CoverageFacts,
    EngagementFacts,
    HealthFacts,
    Thresholds,
)

__all__ = [
    "AccountState",
    "Batch",
    "account_states",
    "commercial_facts",
    "coverage_facts",
    "cutoff",
    "engagement_facts",
    "health_facts",
    "voice_facts",
    "volume_facts",
]


def engagement_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    states: Mapping[int, AccountState] | None = None,
    plans: Mapping[int, PlanAsOf] | None = None,
    detractors: Mapping[int, Collection[int]] | None = None,
    thresholds: Thresholds | None = None,
    classes: Callable[[], Mapping[int, str]] | None = None,
) -> dict[int, EngagementFacts | None]:
    """Contacts, people, relationship forms and the cadence as of the date; `classes`
    gives the ABC classes then when the caller has them on the way."""
    batch = as_batch(account_ids)
    return _engagement_facts(
        account_ids=batch,
        as_of=as_of,
        states=states if states is not None else account_states(account_ids=batch, as_of=as_of),
        classes=classes or (lambda: abc_classes(account_ids=batch, as_of=as_of)),
        plans=plans if plans is not None else active_plans(batch=batch, as_of=as_of),
        detractors=detractors,
        thresholds=thresholds,
    )


def coverage_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    states: Mapping[int, AccountState] | None = None,
    plans: Mapping[int, PlanAsOf] | None = None,
) -> dict[int, CoverageFacts | None]:
    """Deputy, team and plan of each key account as of the date; None for other accounts
    (only key accounts get a team)."""
    batch = as_batch(account_ids)
    states = states if states is not None else account_states(account_ids=batch, as_of=as_of)
    plans = plans if plans is not None else active_plans(batch=batch, as_of=as_of)
    members = team_sizes(batch=batch, as_of=as_of)
    facts: dict[int, CoverageFacts | None] = {}
    for pk in batch.ids:
        state = states.get(pk)
        if state is None or not state.is_key_account:
            facts[pk] = None
            continue
        plan = plans.get(pk)
        facts[pk] = CoverageFacts(
            kam_assigned=state.kam_assigned,
            deputy_assigned=state.deputy_assigned,
            team_members=members.get(pk, 0),
            plan_active=plan is not None,
            plan_review_on=plan.next_review_on if plan is not None else None,
        )
    return facts


def health_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    thresholds: Thresholds | None = None,
    states: Mapping[int, AccountState] | None = None,
) -> dict[int, HealthFacts]:
    """Every component's facts for each account that exists, in a fixed number of queries."""
    batch = as_batch(account_ids)
    thresholds = thresholds or Thresholds()
    states = states if states is not None else account_states(account_ids=batch, as_of=as_of)
    plans = active_plans(batch=batch, as_of=as_of)
    # The shipments are the biggest read; a whole portfolio reads them on the second core.
    # They also bring every account's 12-month revenue, for the ABC classes of the cadence.
    revenue: dict[int, Decimal] = {}
    volume_later = alongside(
        volume_facts, large=batch.is_large, account_ids=batch, as_of=as_of, revenue=revenue
    )

    def classes() -> Mapping[int, str]:
        volume_later()
        return abc_classes(account_ids=batch, as_of=as_of, revenue=revenue)

    voice, detractors = voice_facts(account_ids=batch, as_of=as_of)
    commercial = commercial_facts(account_ids=batch, as_of=as_of, thresholds=thresholds)
    coverage = coverage_facts(account_ids=batch, as_of=as_of, states=states, plans=plans)
    engagement = engagement_facts(
        account_ids=batch,
        as_of=as_of,
        states=states,
        plans=plans,
        detractors=detractors,
        thresholds=thresholds,
        classes=classes,
    )
    volume = volume_later()
    left_out = {
        VOLUME: "volume_no_shipments",
        ENGAGEMENT: "engagement_no_history",
        VOICE: "voice_no_answers" if voice_available() else "voice_no_surveys",
        COMMERCIAL: "commercial_no_data",
        COVERAGE: "coverage_not_key_account",
    }
    result = {}
    for pk in batch.ids:
        if pk not in states:
            continue
        parts = {
            VOLUME: volume.get(pk),
            ENGAGEMENT: engagement.get(pk),
            VOICE: voice.get(pk),
            COMMERCIAL: commercial.get(pk),
            COVERAGE: coverage.get(pk),
        }
        result[pk] = HealthFacts(
            account_id=pk,
            volume=volume.get(pk),
            engagement=engagement.get(pk),
            voice=voice.get(pk),
            commercial=commercial.get(pk),
            coverage=coverage.get(pk),
            left_out={key: left_out[key] for key, part in parts.items() if part is None},
        )
    return result
