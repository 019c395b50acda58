"""`manage.py send_renewal_alerts`: warn KAMs and deputies of contracts to renew.

Run daily from cron (or enqueue `nokkel.agreements.tasks.send_renewal_alerts_task`).
Each contract is alerted once per term, so running it more often sends nothing twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nokkel.agreements.contract_services import contract_renewal_alerts_send


class Command(BaseCommand):
    help = "E-mail the KAM and deputy, and add a follow-up, for contracts nearing notice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Run as of this date (YYYY-MM-DD); today by default.",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "NOKKEL_BASE_URL", ""),
            help="The site's address, for the link in the e-mail.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = contract_renewal_alerts_send(today=today, base_url=options["base_url"])
        self.stdout.write(f"Renewal alerts sent: {sent}")
