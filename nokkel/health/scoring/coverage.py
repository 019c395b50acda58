"""Team coverage of a key account: can someone else take over, and is there a plan?

A deputy KAM is worth 35 points, at least one other team member 25, an active customer
plan 40 (20 when its review is overdue). Without plans to ask, the deputy and the team
make up the whole score. An account without a KAM scores 0. Only key accounts get a team,
so the facts layer leaves this component out for the others.
"""

from __future__ import annotations

from datetime import date

from nokkel.health.scoring.facts import COVERAGE, CoverageFacts
from nokkel.health.scoring.results import ComponentScore, Reason, Thresholds

DEPUTY_POINTS, TEAM_POINTS, PLAN_POINTS, OVERDUE_PLAN_POINTS = 35, 25, 40, 20


def score_coverage(facts: CoverageFacts, as_of: date, thresholds: Thresholds) -> ComponentScore:
    if not facts.kam_assigned:
        reason = Reason("coverage_no_kam", {}, COVERAGE, step="assign_kam")
        return ComponentScore(COVERAGE, 0, reason)
    # (points earned, points possible, reason when short)
    parts: list[tuple[int, int, Reason]] = [
        (
            DEPUTY_POINTS if facts.deputy_assigned else 0,
            DEPUTY_POINTS,
            Reason("coverage_no_deputy", {}, COVERAGE, step="assign_deputy"),
        ),
        (
            TEAM_POINTS if facts.team_members else 0,
            TEAM_POINTS,
            Reason("coverage_no_team", {}, COVERAGE, step="build_team"),
        ),
    ]
    if facts.plan_active is not None:
        review = facts.plan_review_on
        if not facts.plan_active:
            plan = (0, Reason("coverage_no_plan", {}, COVERAGE, step="write_plan"))
        elif review is not None and review < as_of:
            plan = (
                OVERDUE_PLAN_POINTS,
                Reason(
                    "coverage_plan_overdue",
                    {"review_on": review, "days": (as_of - review).days},
                    COVERAGE,
                    step="review_plan",
                ),
            )
        else:
            plan = (PLAN_POINTS, Reason("coverage_ok", {}, COVERAGE))
        parts.append((plan[0], PLAN_POINTS, plan[1]))
    earned = sum(points for points, _, _ in parts)
    possible = sum(most for _, most, _ in parts)
    short = [(most - points, reason) for points, most, reason in parts if points < most]
    if short:
        reason = max(short, key=lambda item: item[0])[1]
    else:
        reason = Reason("coverage_ok", {"members": facts.team_members}, COVERAGE)
    return ComponentScore(COVERAGE, round(100 * earned / possible), reason)
