"""Calendar windows over monthly figures. Pure: the date is an argument."""

from __future__ import annotations

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def trailing_months(as_of: date, count: int = 12) -> list[date]:
    """The `count` whole calendar months before the month of `as_of`, oldest first.

    as_of 2026-01-15 -> January to December 2025.
    """
    first = add_months(month_start(as_of), -count)
    return [add_months(first, i) for i in range(count)]
