"""`manage.py health_digest [--today YYYY-MM-DD] [--base-url URL]`: the weekly e-mail digest.

Each KAM and sales manager gets their open early warnings with the reasons and a next
step. Run weekly from cron (or enqueue nokkel.health.tasks.health_digest).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nokkel.health.services import health_digest_send


class Command(BaseCommand):
    help = "E-mail each KAM and sales manager their open early warnings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD; default today")
        parser.add_argument(
            "--base-url", default="", help="The site's address for links, e.g. https://crm.example"
        )

    def handle(self, *args: Any, today: str | None, base_url: str, **options: Any) -> None:
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today: “{today}” is not a date; use YYYY-MM-DD.") from error
        sent = health_digest_send(today=day, base_url=base_url.rstrip("/"))
        self.stdout.write(f"Sent {sent} digests for {day.isoformat()}.")
