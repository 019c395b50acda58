"""Calendar arithmetic for relative dates; never raises, returns None when out of range."""

from __future__ import annotations

from datetime import date, timedelta


def shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def on_or_before(reference: date, weekday: int) -> date | None:
    return shift(reference, -((reference.weekday() - weekday) % 7))


def strictly_before(reference: date, weekday: int) -> date | None:
    return shift(reference, -((reference.weekday() - weekday - 1) % 7 + 1))


def strictly_after(reference: date, weekday: int) -> date | None:
    return shift(reference, (weekday - reference.weekday() - 1) % 7 + 1)


def in_week(reference: date, weeks: int, weekday: int) -> date | None:
    """The given weekday of the ISO week `weeks` away from the reference date's week."""
    return shift(reference, 7 * weeks - reference.weekday() + weekday)


def add_months(reference: date, months: int, *, first_day: bool = False) -> date | None:
    """Same day `months` later (clamped to the month's end), or the 1st with `first_day`."""
    index = reference.year * 12 + reference.month - 1 + months
    year, month = divmod(index, 12)
    if first_day:
        return make_date(year, month + 1, 1)
    for day in range(reference.day, 27, -1):
        found = make_date(year, month + 1, day)
        if found is not None:
            return found
    return make_date(year, month + 1, min(reference.day, 28))


def day_month(reference: date, day: int, month: int, *, future: bool) -> date | None:
    """A day and month without a year, in the year that makes it the nearest one.

    Past: the latest such date on or before the reference; future: the first on or after.
    None when that year has no such day (29.02 in a year that is not a leap year).
    """
    year = reference.year
    if future and (month, day) < (reference.month, reference.day):
        year += 1
    elif not future and (month, day) > (reference.month, reference.day):
        year -= 1
    return make_date(year, month, day)
