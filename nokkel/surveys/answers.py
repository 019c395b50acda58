"""One set of answers to a questionnaire, and the checks every way in shares.

The public form, the API and the team's estimate all arrive here as an AnswerSet; a
set that is incomplete or out of range is refused whole, so a half-filled form never
counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nokkel.surveys.models import IMPORTANCE_TOTAL, SCALE_MAX, SCALE_MIN, Statement, SurveyArea

COMMENT_MAX = 4000


@dataclass
class AnswerSet:
    """Statement id → 1–7 answers, area → importance points, and the closing questions."""

    expectation: dict[int, Any] = field(default_factory=dict)
    perception: dict[int, Any] = field(default_factory=dict)
    importance: dict[str, Any] = field(default_factory=dict)
    nps: Any = None
    csat: Any = None
    comment: str = ""

    def importance_for(self, statements: Iterable[Statement]) -> dict[str, int]:
        return {area: int(self.importance.get(area) or 0) for area in areas_of(statements)}


def areas_of(statements: Iterable[Statement]) -> list[str]:
    """The areas that have statements, in the fixed order of the areas."""
    present = {s.area for s in statements}
    return [area for area in SurveyArea.values if area in present]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _in_range(value: Any, low: int, high: int) -> bool:
    return _is_int(value) and low <= value <= high


def _check_scale(given: dict[int, Any], ids: set[int]) -> tuple[set[int], int, bool]:
    """(unknown ids, how many are missing, whether any value is off the scale)."""
    off_scale = any(not _in_range(v, SCALE_MIN, SCALE_MAX) for v in given.values())
    return set(given) - ids, len(ids - set(given)), off_scale


def _scale_errors(scales: list[dict[int, Any]], ids: set[int]) -> list[str]:
    unknown: set[int] = set()
    missing, off_scale = 0, False
    for given in scales:
        scale_unknown, scale_missing, scale_off = _check_scale(given, ids)
        unknown |= scale_unknown
        missing += scale_missing
        off_scale = off_scale or scale_off
    messages = []
    if unknown:
        messages.append(
            _("These statements are not in the survey: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(unknown))}
        )
    if missing:
        messages.append(
            ngettext(
                "Answer every statement: %(count)d answer is missing.",
                "Answer every statement: %(count)d answers are missing.",
                missing,
            )
            % {"count": missing}
        )
    if off_scale:
        messages.append(
            _("Answers are whole numbers from %(low)d to %(high)d.")
            % {"low": SCALE_MIN, "high": SCALE_MAX}
        )
    return messages


def importance_error(importance: dict[str, Any], areas: Sequence[str]) -> str | None:
    unknown = set(importance) - set(areas)
    if unknown:
        return _("Unknown areas: %(areas)s.") % {"areas": ", ".join(sorted(unknown))}
    values = [importance.get(area) or 0 for area in areas]
    if any(not _in_range(v, 0, IMPORTANCE_TOTAL) for v in values):
        return _("Give each area whole points from 0 to 100.")
    total = sum(values)
    if total != IMPORTANCE_TOTAL:
        return _("The points must add up to 100; now they add up to %(total)d.") % {"total": total}
    return None


def check_answers(answers: AnswerSet, statements: Sequence[Statement], *, customer: bool) -> None:
    """Raise one ValidationError naming every field that is missing or out of range."""
    errors: dict[str, list[str]] = {}
    ids = {s.pk for s in statements}
    scales = [answers.expectation, answers.perception] if customer else [answers.expectation]
    scale_errors = _scale_errors(scales, ids)
    if scale_errors:
        errors["answers"] = scale_errors
    message = importance_error(answers.importance, areas_of(statements))
    if message:
        errors["importance"] = [message]
    if customer:
        if not _in_range(answers.nps, 0, 10):
            errors["nps"] = [_("Choose a number from 0 to 10.")]
        if not _in_range(answers.csat, 1, 5):
            errors["csat"] = [_("Choose a number from 1 to 5.")]
        if len(answers.comment or "") > COMMENT_MAX:
            errors["comment"] = [
                _("Keep the comment under %(count)d characters.") % {"count": COMMENT_MAX}
            ]
    if errors:
        raise ValidationError(errors)
