"""Template helpers for money, dates and building query strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def nok(value: Any) -> str:
    """An amount in NOK: "1 234,50 kr" in Norwegian, "NOK 1,234.50" in English."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    if (get_language() or "en").startswith("nb"):
        return f"{text}\xa0kr"
    return f"NOK\xa0{text}"


@register.filter
def percent(value: Any, decimals: int = 1) -> str:
    """A share (0.1234) as a percentage in the reader's language: "12.3 %" / "12,3 %"."""
    if value is None or value == "":
        return "–"
    # number_format cuts decimals off; round first so 9.09 % reads 9.1 %.
    shown = round(float(value) * 100, int(decimals))
    return f"{number_format(shown, decimal_pos=int(decimals), use_l10n=True)}\xa0%"


@register.filter
def signed_percent(value: Any) -> str:
    """A change as "+12,3 %" or "−4,0 %"."""
    if value is None or value == "":
        return "–"
    text = percent(abs(float(value)))
    return f"+{text}" if float(value) >= 0 else f"−{text}"


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
