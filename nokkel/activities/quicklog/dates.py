"""Date and time words in Norwegian (bokmål) and English, found with their positions.

Every date is resolved against a reference date and a direction: `future` is True inside a
follow-up clause (a due date) and False for what happened. The rules:

- i dag/today 0, i går/yesterday -1, i forgårs -2, i morgen/tomorrow +1, i overmorgen +2.
- A bare weekday ("mandag", "på fredag", "this friday"): in the past, the latest such day on
  or before the reference date; in the future, the first such day strictly after it.
- "neste fredag"/"next friday"/"fredag neste uke": the Friday of the week after the
  reference date's week. Said on a Wednesday, "fredag" is in two days and "neste fredag"
  in nine; said on a Sunday both are in five. (It is the first Friday strictly after the
  reference date, plus 7 days when that one falls in the reference date's own week.)
- "forrige fredag"/"last friday"/"sist fredag": the latest Friday strictly before the
  reference date; "fredag forrige uke"/"friday last week": the Friday of the week before.
- neste uke/next week: Monday of next week; forrige uke/last week: Monday of last week;
  denne uken/this week: in the future the Friday of this week (the reference date once that
  Friday has passed), in the past the reference date itself.
- om 3 dager/in 3 days, om 2 uker/in 2 weeks, om en uke/in a week, om en måned/in a month;
  3 dager siden/3 days ago. neste måned/next month: the 1st of next month.
- Numbers without a year (20.03, 14. mars, march 14): the nearest such day, on or after
  the reference date in the future, on or before it in the past. 20.03 is a date, not a
  time. Without a year the month needs two digits (5.03, not 5.3, which reads as a
  decimal); with a year both may be short (5.3.26). 14.30 is no date (no month 30).
- With a year (14.03.2026, 5.3.26, 2026-03-14, 14. mars 2026): that day, if it exists.
- A weekday right before an explicit date ("fredag 13.03") is a check on it, not a date.

Times (kl 14, kl. 14.30, 14:00, at 2pm, 14-tiden) are found only so they can be removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nokkel.activities.quicklog.days import (
    add_months,
    day_month,
    in_week,
    make_date,
    on_or_before,
    shift,
    strictly_after,
    strictly_before,
)

Resolver = Callable[[date, bool], date | None]


@dataclass(frozen=True)
class DateMention:
    start: int  # the span to cut out, leading "på"/"on"/"innen"... included
    end: int
    text: str  # the date words themselves, for a question's detail
    resolve: Resolver  # (reference, future) -> the date, or None when there is no such day
    bare_weekday: int | None = None  # "fredag" alone: may merge into a following date
    explicit: bool = False  # day and month written out
    weekday_check: int | None = None  # "fredag 13.03": the weekday 13.03 ought to be


@dataclass(frozen=True)
class Mentions:
    dates: tuple[DateMention, ...]
    times: tuple[tuple[int, int], ...]


def phrases(*words: str) -> str:
    """A regex alternation of phrases, longest first, any run of spaces matching a space."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


WEEKDAYS: dict[str, int] = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5,
    "lordag": 5, "søndag": 6, "sondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2,
    "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}  # fmt: skip
RELATIVE_DAYS: dict[str, int] = {
    "i dag": 0, "idag": 0, "today": 0, "i kveld": 0, "ikveld": 0, "tonight": 0,
    "i morges": 0, "i formiddag": 0, "i ettermiddag": 0, "this morning": 0,
    "this afternoon": 0, "this evening": 0,
    "i går": -1, "igår": -1, "i gar": -1, "igar": -1, "i går kveld": -1,
    "i går ettermiddag": -1, "yesterday": -1, "yesterday morning": -1,
    "yesterday afternoon": -1, "yesterday evening": -1, "last night": -1,
    "i forgårs": -2, "forgårs": -2, "i forgars": -2, "the day before yesterday": -2,
    "day before yesterday": -2,
    "i morgen": 1, "imorgen": 1, "i morgen tidlig": 1, "tomorrow": 1,
    "i overmorgen": 2, "overmorgen": 2, "the day after tomorrow": 2,
    "day after tomorrow": 2,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "en": 1, "ett": 1, "én": 1, "ei": 1, "one": 1, "a": 1, "an": 1, "to": 2, "two": 2,
    "et par": 2, "a couple of": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5,
    "five": 5, "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7, "åtte": 8, "eight": 8,
    "ni": 9, "nine": 9, "ti": 10, "ten": 10, "fjorten": 14, "fourteen": 14,
}  # fmt: skip
UNITS: dict[str, str] = {
    "dag": "day", "dager": "day", "døgn": "day", "day": "day", "days": "day",
    "uke": "week", "uka": "week", "uker": "week", "week": "week", "weeks": "week",
    "måned": "month", "måneder": "month", "mnd": "month", "month": "month", "months": "month",
}  # fmt: skip
# (kind, amount): kind "week" -> Monday of that week, "month" -> the 1st, "this_week".
PERIODS: dict[str, tuple[str, int]] = {
    "neste uke": ("week", 1), "next week": ("week", 1), "forrige uke": ("week", -1),
    "last week": ("week", -1), "neste måned": ("month", 1), "next month": ("month", 1),
    "forrige måned": ("month", -1), "last month": ("month", -1),
    "denne uken": ("this_week", 0), "denne uka": ("this_week", 0),
    "this week": ("this_week", 0), "later this week": ("this_week", 0),
    "senere denne uken": ("this_week", 0), "senere i uken": ("this_week", 0),
    "i løpet av uken": ("this_week", 0), "i løpet av uka": ("this_week", 0),
    "slutten av uken": ("this_week", 0), "slutten av uka": ("this_week", 0),
    "end of the week": ("this_week", 0), "end of week": ("this_week", 0),
}  # fmt: skip
NEXT_WORDS = ("neste", "next")
LAST_WORDS = ("forrige", "last", "sist")
THIS_WORDS = ("this", "denne", "kommende", "førstkommende", "coming")

_PREFIX = r"(?:(?:på|pa|on|by|innen|før|before|until|til|due|frist|i|the|den)\s+)?"
_NUMBER = r"\d{1,3}|" + phrases(*NUMBER_WORDS)
_UNIT = phrases(*UNITS)
_MONTH = phrases(*MONTHS, *MONTH_ABBREVIATIONS)
_WEEKDAY = phrases(*WEEKDAYS)
_NOT_A_QUANTITY = r"(?!\s*(?:%|prosent|percent|kr\b|nok\b|mill|mrd|kg|tonn))"


def _pattern(core: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_PREFIX}(?P<core>{core})(?!\w)", re.IGNORECASE)


_RELATIVE_DAY = _pattern(phrases(*RELATIVE_DAYS))
_PERIOD = _pattern(phrases(*PERIODS))
_IN = _pattern(rf"(?:om|in)\s+(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})")
_AGO = _pattern(rf"(?:for\s+)?(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})\s+(?:siden|ago)")
_WEEKDAY_WORDS = _pattern(
    rf"(?:(?P<mod>{phrases(*NEXT_WORDS, *LAST_WORDS, *THIS_WORDS)})\s+)?(?P<wd>{_WEEKDAY})"
    r"(?:\s+(?:i\s+)?(?P<week>neste\s+uke|next\s+week|forrige\s+uke|last\s+week))?"
)
_ISO = _pattern(r"(?<![\d.,/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_DAY_MONTH_YEAR = _pattern(
    r"(?<![\d.,/-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?!\d|[./-]\d)"
)
_DAY_MONTH = _pattern(
    rf"(?<![\d.,/-])(?P<d>\d{{1,2}})[./](?P<m>\d{{2}})(?!\d|[.,/]\d){_NOT_A_QUANTITY}"
)
_DAY_MONTH_NAME = _pattern(
    rf"(?<![\d.,/])(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH})(?!\w)"
    r"(?:,?\s+(?P<y>\d{4})(?!\d))?"
)
_MONTH_NAME_DAY = _pattern(
    rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\w)"
    r"(?:,?\s+(?P<y>\d{4})(?!\d))?"
)
_TIMES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?<!\w)(?:(?:ca\.?|fra|from)\s+)?(?:kl\.?|klokka|klokken)\s*\d{1,2}(?:[.:]\d{2})?"
        r"(?:\s*(?:-|–|til|to)\s*\d{1,2}(?:[.:]\d{2})?)?(?!\d)",
        r"(?<!\w)(?:(?:at|around|about|ca\.?)\s+)?\d{1,2}(?:[.:]\d{2})?\s*"
        r"(?:am|pm|a\.m\.|p\.m\.)(?!\w)",
        r"(?<![\w:.])(?:(?:at|around|about|from|fra|ca\.?)\s+)?\d{1,2}:\d{2}"
        r"(?:\s*(?:-|–|til|to)\s*\d{1,2}:\d{2})?(?![\w:])",
        r"(?<!\w)(?:(?:rundt|ved|ca\.?)\s+)?\d{1,2}-tiden(?!\w)",
    )
)


def _offset_days(days: int) -> Resolver:
    return lambda reference, future: shift(reference, days)


def _key(value: str | None) -> str:
    """The table key for words as written. Odd letters that regex case-folding lets match
    (the Turkish dotted İ, the long ſ) give keys no table holds, and the words are skipped."""
    return " ".join((value or "").lower().split())


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else NUMBER_WORDS.get(_key(value))


def _amount(n: int, unit: str, sign: int) -> Resolver:
    if unit == "month":
        return lambda reference, future: add_months(reference, sign * n)
    return _offset_days(sign * n * (7 if unit == "week" else 1))


def _period(kind: str, amount: int) -> Resolver:
    if kind == "week":
        return lambda reference, future: in_week(reference, amount, 0)
    if kind == "month":
        return lambda reference, future: add_months(reference, amount, first_day=True)

    def this_week(reference: date, future: bool) -> date | None:
        if future and reference.weekday() < 4:
            return in_week(reference, 0, 4)
        return reference

    return this_week


def _weekday(weekday: int, modifier: str, week: str) -> Resolver:
    if week:
        weeks = 1 if week.split()[0] in NEXT_WORDS else -1
        return lambda reference, future: in_week(reference, weeks, weekday)
    if modifier in NEXT_WORDS:
        return lambda reference, future: in_week(reference, 1, weekday)
    if modifier in LAST_WORDS:
        return lambda reference, future: strictly_before(reference, weekday)
    return lambda reference, future: (
        strictly_after(reference, weekday) if future else on_or_before(reference, weekday)
    )


def _with_year(year: int, month: int, day: int) -> Resolver:
    return lambda reference, future: make_date(year, month, day)


def _without_year(month: int, day: int) -> Resolver:
    return lambda reference, future: day_month(reference, day, month, future=future)


def _year(value: str) -> int:
    return int(value) + 2000 if len(value) == 2 else int(value)


def _numeric(match: re.Match[str]) -> DateMention | None:
    day, month = int(match["d"]), int(match["m"])
    year = match.groupdict().get("y")
    if year is not None:
        return _mention(match, _with_year(_year(year), month, day), explicit=True)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None  # 14.30 or 12.50: a time or an amount, not a date
    return _mention(match, _without_year(month, day), explicit=True)


def _named_month(match: re.Match[str]) -> DateMention | None:
    day = int(match["d"])
    name = _key(match["mon"])
    month = MONTHS.get(name) or MONTH_ABBREVIATIONS.get(name, 0)
    if not (1 <= day <= 31 and month):
        return None
    year = match["y"]
    resolve = _with_year(int(year), month, day) if year else _without_year(month, day)
    return _mention(match, resolve, explicit=True)


def _mention(
    match: re.Match[str],
    resolve: Resolver,
    *,
    explicit: bool = False,
    bare_weekday: int | None = None,
) -> DateMention:
    return DateMention(
        match.start(),
        match.end(),
        match["core"],
        resolve,
        bare_weekday=bare_weekday,
        explicit=explicit,
    )


def _relative_day(match: re.Match[str]) -> DateMention | None:
    days = RELATIVE_DAYS.get(_key(match["core"]))
    return None if days is None else _mention(match, _offset_days(days))


def _period_match(match: re.Match[str]) -> DateMention | None:
    period = PERIODS.get(_key(match["core"]))
    return None if period is None else _mention(match, _period(*period))


def _in_match(match: re.Match[str]) -> DateMention | None:
    return _amount_match(match, 1)


def _ago_match(match: re.Match[str]) -> DateMention | None:
    return _amount_match(match, -1)


def _amount_match(match: re.Match[str], sign: int) -> DateMention | None:
    unit, n = UNITS.get(_key(match["unit"])), _number(match["n"])
    if unit is None or n is None:
        return None
    return _mention(match, _amount(n, unit, sign))


def _weekday_match(match: re.Match[str]) -> DateMention | None:
    weekday = WEEKDAYS.get(_key(match["wd"]))
    modifier, week = _key(match["mod"]), _key(match["week"])
    if weekday is None:
        return None
    bare = weekday if not modifier and not week else None
    return _mention(match, _weekday(weekday, modifier, week), bare_weekday=bare)


_DATE_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DateMention | None]], ...] = (
    (_RELATIVE_DAY, _relative_day),
    (_PERIOD, _period_match),
    (_IN, _in_match),
    (_AGO, _ago_match),
    (_WEEKDAY_WORDS, _weekday_match),
    (_ISO, _numeric),
    (_DAY_MONTH_YEAR, _numeric),
    (_DAY_MONTH, _numeric),
    (_DAY_MONTH_NAME, _named_month),
    (_MONTH_NAME_DAY, _named_month),
)
_GAP_BEFORE_EXPLICIT = re.compile(r"[\s,]*")


def find_mentions(text: str) -> Mentions:
    """Every date and time expression, left to right; where two overlap the longer wins."""
    found: list[tuple[int, int, int, DateMention | None]] = []
    for order, (pattern, build) in enumerate(_DATE_RULES):
        for match in pattern.finditer(text):
            mention = build(match)
            if mention is not None:
                found.append((mention.start, mention.end, order, mention))
    for pattern in _TIMES:
        found.extend((m.start(), m.end(), -1, None) for m in pattern.finditer(text))
    found.sort(key=lambda item: (item[0], item[0] - item[1], item[2]))
    dates: list[DateMention] = []
    times: list[tuple[int, int]] = []
    reached = 0
    for start, end, _order, mention in found:
        if start < reached:
            continue
        reached = end
        if mention is None:
            times.append((start, end))
        elif dates and _merges(text, dates[-1], mention):
            dates[-1] = _merged(text, dates[-1], mention)
        else:
            dates.append(mention)
    return Mentions(tuple(dates), tuple(times))


def _merges(text: str, weekday: DateMention, explicit: DateMention) -> bool:
    gap = text[weekday.end : explicit.start]
    return (
        weekday.bare_weekday is not None
        and explicit.explicit
        and _GAP_BEFORE_EXPLICIT.fullmatch(gap) is not None
    )


def _merged(text: str, weekday: DateMention, explicit: DateMention) -> DateMention:
    words_start = text.index(weekday.text, weekday.start)
    return DateMention(
        weekday.start,
        explicit.end,
        text[words_start : explicit.end],
        explicit.resolve,
        explicit=True,
        weekday_check=weekday.bare_weekday,
    )
