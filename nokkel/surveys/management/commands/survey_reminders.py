"""Send the due survey reminders and close campaigns past their closing day.

Run daily from cron (or a systemd timer), or enqueue the send_survey_reminders task.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nokkel.surveys.services import survey_reminders_send


class Command(BaseCommand):
    help = "Send due survey reminders and close campaigns past their closing day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="Act as of this ISO date-time instead of now (for replays)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = datetime.fromisoformat(options["now"]) if options["now"] else timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        sent = survey_reminders_send(now=now)
        self.stdout.write(f"{sent} reminder(s) sent.")
