"""`manage.py expire_offers`: sent offers past their validity date become expired. Daily."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nokkel.agreements.services import offers_expire


class Command(BaseCommand):
    help = "Mark sent offers whose validity has ended as expired."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Run as of this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = offers_expire(today=options["today"] or timezone.localdate())
        self.stdout.write(f"Offers expired: {expired}")
