"""The iCalendar builder on its own: plain events in, RFC 5545 bytes out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from nokkel.calendar_feed.ics import CalendarEvent, build_calendar

STAMP = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def build(*events: CalendarEvent) -> bytes:
    return build_calendar(
        events, calendar_name="Nøkkel – Kari", absolute_url=lambda path: f"https://n.example{path}"
    )


def test_a_meeting_in_oslo_time_is_sent_in_utc_and_lasts_an_hour():
    start = datetime(2025, 6, 2, 9, 30, tzinfo=ZoneInfo("Europe/Oslo"))
    body = build(
        CalendarEvent(
            uid="interaction-1@nokkel", summary="x", start=start, path="/i/1/", stamp=STAMP
        )
    )
    assert b"DTSTART:20250602T073000Z" in body
    assert b"DTEND:20250602T083000Z" in body
    assert b"URL:https://n.example/i/1/" in body
    assert b"\r\n" in body


def test_an_all_day_event_is_dated_and_ends_the_next_day():
    body = build(
        CalendarEvent(
            uid="follow-up-1@nokkel", summary="x", start=date(2025, 12, 31), path="/", stamp=STAMP
        )
    )
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert b"DTSTART;VALUE=DATE:20251231" in body
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)


def test_a_naive_time_is_refused_rather_than_guessed():
    naive = datetime(2025, 6, 2, 9, 30)
    with pytest.raises(ValueError, match="aware"):
        build(CalendarEvent(uid="u", summary="x", start=naive, path="/", stamp=STAMP))
