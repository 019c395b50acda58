"""`manage.py health_snapshots [--from YYYY-MM --to YYYY-MM]`: store monthly health snapshots.

Each month's snapshot is the score as of the month's first day, from the facts known then,
so history can be filled in after the fact. Without options: the current month. Run on
the 1st of each month from cron (or enqueue nokkel.health.tasks.health_snapshots).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nokkel.health.backtest import replay_months
from nokkel.health.management.commands.health_backtest import parse_month
from nokkel.health.services import health_snapshot_month


class Command(BaseCommand):
    help = "Store each customer's health as of the first day of each month in a range."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", help="YYYY-MM; default this month")
        parser.add_argument("--to", dest="last", help="YYYY-MM; default the --from month")

    def handle(self, *args: Any, first: str | None, last: str | None, **options: Any) -> None:
        this_month = timezone.localdate().replace(day=1)
        start = parse_month(first, "--from") if first else this_month
        end = parse_month(last, "--to") if last else start
        if end < start:
            raise CommandError("--to comes before --from.")
        for month in replay_months(start, end):
            started = time.perf_counter()

            def progress(done: int, total: int) -> None:
                self.stderr.write(f"\r  {done}/{total}", ending="")

            stored = health_snapshot_month(as_of=month, progress=progress)
            self.stderr.write("")
            self.stdout.write(
                f"{month:%Y-%m}: {stored} snapshots in {time.perf_counter() - started:.1f} s."
            )
