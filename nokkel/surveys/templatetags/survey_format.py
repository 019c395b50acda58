"""Template helpers for survey numbers: scores, signed gaps and heat-map shades."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()

WEAK_GAP = -0.5
BAD_GAP = -1.0


@register.filter
def score(value: Any, decimals: int = 1) -> str:
    """A mean score such as 5.3 in the reader's language; "–" when there is none."""
    if value is None or value == "":
        return "–"
    return number_format(float(value), decimal_pos=int(decimals), use_l10n=True)


@register.filter
def signed(value: Any, decimals: int = 1) -> str:
    """A gap as "+0.5" or "−2.5" (a true minus sign)."""
    if value is None or value == "":
        return "–"
    number = round(float(value), int(decimals))
    text = score(abs(number), decimals)
    if number == 0:
        return text
    return f"−{text}" if number < 0 else f"+{text}"


@register.filter
def gap_class(value: Any) -> str:
    if value is None or value == "":
        return ""
    return "gap-negative" if float(value) <= BAD_GAP else ("gap-positive" if value >= 0 else "")


@register.filter
def heat_class(value: Any) -> str:
    """A shade for the portfolio heat map of customer gaps."""
    if value is None or value == "":
        return ""
    gap = float(value)
    if gap <= BAD_GAP:
        return "h-bad"
    if gap <= WEAK_GAP:
        return "h-weak"
    return "h-good" if gap >= 0 else "h-even"
