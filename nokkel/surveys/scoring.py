"""Survey scores: the customer gap, the knowledge gap, NPS and CSAT.

Pure: plain data in, plain data out; nothing of Django. Arithmetic is exact (fractions of
the whole-number answers) and turned into floats only in the result, so a score is the
float nearest the true value and tests can compare with hand-computed numbers.

- statement gap = perception − expectation;
- an area's expectation, perception and gap = the mean over its statements for each
  respondent, then the mean over the respondents;
- importance of an area = the mean of the points respondents gave it (each splits 100);
- weighted service quality = Σ (importance / 100) × area gap;
- NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100;
- CSAT = the share (0–1) answering 4 or 5 on the 1–5 question;
- team estimate of an area = the same mean over the team's expectation answers;
  knowledge gap = customer expectation − team estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

PROMOTER_MIN = 9
DETRACTOR_MAX = 6
SATISFIED_MIN = 4
IMPORTANCE_TOTAL = 100


@dataclass(frozen=True)
class ItemAnswer:
    """One statement answered: its area, the expectation and (from customers) the perception."""

    area: str
    expectation: int
    perception: int | None = None


@dataclass(frozen=True)
class Respondent:
    """One customer response or one team member's estimate (no perception, NPS or CSAT)."""

    answers: Sequence[ItemAnswer]
    importance: Mapping[str, int]
    nps: int | None = None
    csat: int | None = None


@dataclass(frozen=True)
class AreaScore:
    key: str
    importance: float | None
    expectation: float | None
    perception: float | None
    team_estimate: float | None
    team_importance: float | None
    customer_gap: float | None
    knowledge_gap: float | None


@dataclass(frozen=True)
class SurveyScore:
    areas: tuple[AreaScore, ...]
    nps: float | None
    csat: float | None
    responses: int
    estimates: int
    weighted_gap: float | None
    # The area(s) ranked most important by the customer and by the team (ties kept).
    customer_top: tuple[str, ...]
    team_top: tuple[str, ...]

    @property
    def importance_mismatch(self) -> bool:
        """The team believes another area matters most to the customer than it does."""
        return bool(self.customer_top and self.team_top) and not (
            set(self.customer_top) & set(self.team_top)
        )

    def area(self, key: str) -> AreaScore | None:
        return next((area for area in self.areas if area.key == key), None)


def statement_gap(expectation: int, perception: int) -> int:
    return perception - expectation


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def respondent_area_means(answers: Iterable[ItemAnswer], what: str) -> dict[str, Fraction]:
    """One respondent's mean per area of "expectation", "perception" or "gap"."""
    by_area: dict[str, list[Fraction]] = {}
    for answer in answers:
        if what == "expectation":
            value: int | None = answer.expectation
        elif answer.perception is None:
            value = None
        elif what == "perception":
            value = answer.perception
        else:
            value = statement_gap(answer.expectation, answer.perception)
        if value is not None:
            by_area.setdefault(answer.area, []).append(Fraction(value))
    return {area: sum(values, Fraction(0)) / len(values) for area, values in by_area.items()}


def area_averages(respondents: Sequence[Respondent], what: str) -> dict[str, Fraction]:
    """Per area, the mean over respondents of each respondent's own area mean."""
    per_area: dict[str, list[Fraction]] = {}
    for respondent in respondents:
        for area, value in respondent_area_means(respondent.answers, what).items():
            per_area.setdefault(area, []).append(value)
    return {area: sum(values, Fraction(0)) / len(values) for area, values in per_area.items()}


def mean_importance(respondents: Sequence[Respondent], areas: Sequence[str]) -> dict[str, Fraction]:
    """Mean points per area; an area a respondent gave nothing counts as 0 for them."""
    if not respondents:
        return {}
    return {
        area: _mean([Fraction(r.importance.get(area, 0)) for r in respondents]) or Fraction(0)
        for area in areas
    }


def net_promoter_score(scores: Sequence[int]) -> float | None:
    if not scores:
        return None
    promoters = sum(1 for score in scores if score >= PROMOTER_MIN)
    detractors = sum(1 for score in scores if score <= DETRACTOR_MAX)
    return float(Fraction(100 * (promoters - detractors), len(scores)))


def csat_share(scores: Sequence[int]) -> float | None:
    if not scores:
        return None
    return float(Fraction(sum(1 for score in scores if score >= SATISFIED_MIN), len(scores)))


def weighted_service_quality(
    importance: Mapping[str, Fraction], gaps: Mapping[str, Fraction]
) -> Fraction | None:
    """Σ (importance / 100) × gap over the areas that have both."""
    areas = [area for area in gaps if area in importance]
    if not areas:
        return None
    return sum((importance[area] / IMPORTANCE_TOTAL * gaps[area] for area in areas), Fraction(0))


def top_areas(importance: Mapping[str, Fraction]) -> tuple[str, ...]:
    if not importance:
        return ()
    highest = max(importance.values())
    if highest <= 0:
        return ()
    return tuple(area for area, points in importance.items() if points == highest)


def _difference(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None else a - b


def score_survey(
    *,
    areas: Sequence[str],
    responses: Sequence[Respondent],
    estimates: Sequence[Respondent] = (),
) -> SurveyScore:
    """Every score of one set of responses (and the team's estimates), area by area."""
    expectation = area_averages(responses, "expectation")
    perception = area_averages(responses, "perception")
    gap = area_averages(responses, "gap")
    importance = mean_importance(responses, areas)
    team = area_averages(estimates, "expectation")
    team_importance = mean_importance(estimates, areas)
    scores = tuple(
        AreaScore(
            key=area,
            importance=_float(importance.get(area)),
            expectation=_float(expectation.get(area)),
            perception=_float(perception.get(area)),
            team_estimate=_float(team.get(area)),
            team_importance=_float(team_importance.get(area)),
            customer_gap=_float(gap.get(area)),
            knowledge_gap=_float(_difference(expectation.get(area), team.get(area))),
        )
        for area in areas
    )
    return SurveyScore(
        areas=scores,
        nps=net_promoter_score([r.nps for r in responses if r.nps is not None]),
        csat=csat_share([r.csat for r in responses if r.csat is not None]),
        responses=len(responses),
        estimates=len(estimates),
        weighted_gap=_float(weighted_service_quality(importance, gap)),
        customer_top=top_areas(importance),
        team_top=top_areas(team_importance),
    )


def areas_below(score: SurveyScore, threshold: float) -> list[AreaScore]:
    """Areas whose customer gap is below the threshold, the worst first."""
    low = [a for a in score.areas if a.customer_gap is not None and a.customer_gap < threshold]
    return sorted(low, key=lambda a: (a.customer_gap, a.key))
