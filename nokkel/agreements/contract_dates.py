"""Contract dates: terms, notice deadlines and when to warn about renewal. Pure; no Django."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def term_end(*, start_on: date, months: int) -> date:
    """The last day of a term of `months` starting on `start_on` (1 Jan + 12 → 31 Dec)."""
    return add_months(start_on, months) - timedelta(days=1)


def notice_deadline(*, end_on: date, notice_months: int) -> date:
    """The last day notice can be given: the end date less the notice period."""
    return add_months(end_on, -notice_months)


def renewal_alert_on(*, end_on: date, notice_months: int, alert_days: int) -> date:
    """The day the KAM is warned: `alert_days` before the notice deadline."""
    return notice_deadline(end_on=end_on, notice_months=notice_months) - timedelta(days=alert_days)


def renewal_alert_due(*, today: date, end_on: date, notice_months: int, alert_days: int) -> bool:
    """From the alert day until the contract ends: a late warning still beats none."""
    alert_on = renewal_alert_on(end_on=end_on, notice_months=notice_months, alert_days=alert_days)
    return alert_on <= today <= end_on
