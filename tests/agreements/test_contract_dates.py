"""Contract dates: notice deadlines and the day of the renewal alert."""

from __future__ import annotations

from datetime import date

import pytest

from nokkel.agreements import contract_dates


@pytest.mark.parametrize(
    ("end_on", "notice_months", "deadline"),
    [
        (date(2026, 12, 31), 3, date(2026, 9, 30)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 5, 31), 3, date(2028, 2, 29)),
        (date(2027, 3, 15), 6, date(2026, 9, 15)),  # across a new year
        (date(2026, 6, 30), 0, date(2026, 6, 30)),
    ],
)
def test_the_notice_deadline_is_the_end_less_the_notice_period(end_on, notice_months, deadline):
    assert contract_dates.notice_deadline(end_on=end_on, notice_months=notice_months) == deadline


def test_a_term_of_twelve_months_ends_the_day_before_the_anniversary():
    assert contract_dates.term_end(start_on=date(2026, 1, 1), months=12) == date(2026, 12, 31)
    assert contract_dates.term_end(start_on=date(2026, 3, 15), months=6) == date(2026, 9, 14)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 8, 1), True),  # the alert day: 60 days before the 30 September deadline
        (date(2026, 7, 31), False),
        (date(2026, 9, 30), True),
        (date(2026, 12, 31), True),  # the deadline passed, the contract still runs
        (date(2027, 1, 1), False),
    ],
)
def test_the_renewal_alert_falls_due_days_before_the_notice_deadline(today, due):
    assert (
        contract_dates.renewal_alert_due(
            today=today, end_on=date(2026, 12, 31), notice_months=3, alert_days=60
        )
        is due
    )
