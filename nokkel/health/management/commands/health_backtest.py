"""`manage.py health_backtest --from YYYY-MM --to YYYY-MM [--json]`."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nokkel.health.backtest import health_backtest, report_text


def parse_month(value: str, option: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise CommandError(f"{option}: “{value}” is not a month; use YYYY-MM.") from error


class Command(BaseCommand):
    help = (
        "Replay the monthly health scores (as of each month's first day, from the facts known "
        "then) and report, for every account that left or lost half its parcels, how many "
        "months before the loss it turned yellow and red; and the false alarms among the "
        "accounts that stayed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="YYYY-MM")
        parser.add_argument("--to", dest="last", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, first: str, last: str, json: bool, **options: Any) -> None:
        start, end = parse_month(first, "--from"), parse_month(last, "--to")
        if end < start:
            raise CommandError("--to comes before --from.")
        started = time.perf_counter()

        def progress(month: date) -> None:
            if not json:
                self.stderr.write(f"  scoring as of {month.isoformat()}")

        report = health_backtest(first=start, last=end, progress=progress)
        if json:
            self.stdout.write(_dumps(report.as_data()))
            return
        self.stdout.write(report_text(report))
        self.stderr.write(f"Done in {time.perf_counter() - started:.1f} s.")


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
