"""`manage.py classify_portfolio [--as-of YYYY-MM-DD]`: recompute ABC/XYZ classes.

Run nightly from cron (or a systemd timer); imports recompute on their own.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nokkel.portfolio.services import portfolio_classify


class Command(BaseCommand):
    help = "Recompute every account's ABC and XYZ class as of a date (default today)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="YYYY-MM-DD; default today")

    def handle(self, *args: Any, as_of: str | None, **options: Any) -> None:
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of: “{as_of}” is not a date; use YYYY-MM-DD.") from error
        started = time.perf_counter()
        count = portfolio_classify(as_of=day)
        self.stdout.write(
            f"Classified {count} accounts as of {day.isoformat()} "
            f"in {time.perf_counter() - started:.2f} s."
        )
