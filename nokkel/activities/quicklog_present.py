"""How a quick-log parse is put to people: question sentences and the logged moment.

Shared by the pages and the API.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy

from nokkel.activities.quicklog import QuickLogParse

QUESTION_TEXT = {
    "ambiguous_account": gettext_lazy("Which account? Several match “%(detail)s”."),
    "unknown_account": gettext_lazy("No account you can see matches “%(detail)s”."),
    "no_account": gettext_lazy("Which account? Name it in the text or choose one."),
    "ambiguous_contact": gettext_lazy("Which contact? Several are called “%(detail)s”."),
    "kind_guessed": gettext_lazy("No kind of contact was named, so “meeting” was assumed."),
    "invalid_date": gettext_lazy("“%(detail)s” is not a date."),
    "future_date": gettext_lazy("“%(detail)s” is in the future. Is that when it happened?"),
    "follow_up_in_past": gettext_lazy("The follow-up date “%(detail)s” has already passed."),
    "weekday_mismatch": gettext_lazy("“%(detail)s”: the weekday and the date do not agree."),
}


def question_texts(parse: QuickLogParse) -> list[str]:
    texts = []
    for question in parse.questions:
        template = QUESTION_TEXT.get(question.text_key, question.text_key)
        texts.append(str(template) % {"detail": question.detail})
    return texts


def happened_at_for(day: date, today: date) -> datetime:
    """A logged day as a moment: now when it is today, otherwise midday that day."""
    if day == today:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12, 0)))
