"""The personal calendar as RFC 5545 text: plain events in, iCalendar bytes out.

Pure: no ORM, no request, no clock. The caller turns the app's paths into absolute
addresses through `absolute_url` (in the view, under NOKKEL_BASE_URL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

PRODID = "-//Nøkkel//Nøkkel CRM//NB"
CALENDAR_TIMEZONE = "Europe/Oslo"
MEETING_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. An aware `datetime` start makes a one-hour event, sent in UTC; a `date`
    start makes an all-day event. `stamp` is when the source object was last revised,
    which is what RFC 5545 asks DTSTAMP to be in a calendar published without a METHOD."""

    uid: str
    summary: str
    start: datetime | date
    path: str
    stamp: datetime
    description: str = ""
    private: bool = False

    @property
    def end(self) -> datetime | date:
        if isinstance(self.start, datetime):
            return self.start + MEETING_LENGTH
        return self.start + timedelta(days=1)


def _utc(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("Calendar times must be aware datetimes.")
        return value.astimezone(UTC)
    return value


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    calendar_name: str,
    absolute_url: Callable[[str], str],
) -> bytes:
    """The whole feed as iCalendar bytes (UTF-8, CRLF line endings, folded lines)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", CALENDAR_TIMEZONE)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", _utc(item.stamp))
        event.add("dtstart", _utc(item.start))
        event.add("dtend", _utc(item.end))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.private:
            event.add("class", "PRIVATE")
        event.add("url", absolute_url(item.path))
        calendar.add_component(event)
    return calendar.to_ical()
