"""`manage.py demo`: load the fictional demo portfolio and print the logins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from nokkel.accounts.models import Account
from nokkel.demo.load import DemoCounts, demo_clear, demo_load
from nokkel.demo.portfolio import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Load a fictional demo portfolio (about 300 web shops and marketplaces, their "
        "contacts and teams) with demo users whose password is "
        f"'{DEMO_PASSWORD}'. Loads only into a database without accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset",
            action="store_true",
            help="Delete all accounts, contacts, teams, timeline, audit log, segments and "
            "demo users first, then load the demo again.",
        )
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when there are no accounts; otherwise keep the data and succeed.",
        )

    def handle(self, *args: Any, reset: bool, if_empty: bool, **options: Any) -> None:
        # Known passwords and a reset that wipes the audit log belong on development and
        # test machines only: the development and test settings allow it, nothing else.
        if not getattr(settings, "NOKKEL_DEMO_ALLOWED", False):
            raise CommandError(
                "The demo portfolio loads only with the development or test settings "
                "(NOKKEL_DEMO_ALLOWED); it sets known passwords."
            )
        existing = Account.objects.count()
        if existing and not reset:
            if if_empty:
                self.stdout.write(f"Kept the existing data: there are {existing} accounts already.")
                return
            raise CommandError(
                f"There are {existing} accounts already; the demo loads only into an empty "
                "database. Run `manage.py demo --reset` to replace everything with the demo."
            )
        started = time.perf_counter()
        with transaction.atomic():
            if reset:
                demo_clear()
            counts = demo_load()
        self._report(counts, time.perf_counter() - started)

    def _report(self, counts: DemoCounts, seconds: float) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(f"Loaded the demo portfolio in {seconds:.1f} s."))
        out(
            f"  {counts.accounts} accounts ({counts.customers} customers, "
            f"{counts.prospects} prospects, {counts.former_customers} former customers), "
            f"{counts.key_accounts} key accounts"
        )
        per_kam = ", ".join(f"{name} {count}" for name, count in sorted(counts.per_kam.items()))
        out(f"  portfolios: {per_kam}")
        out(
            f"  {counts.contacts} contacts, {counts.memberships} team memberships, "
            f"{counts.segments} segments, {counts.users} users"
        )
        out(f"  {counts.timeline_events} timeline events, {counts.audit_entries} audit entries")
        out("Demo logins (password for all: " + DEMO_PASSWORD + "):")
        for spec in DEMO_USERS:
            if spec.can_log_in:
                out(f"  {spec.username:<6} {spec.first_name} {spec.last_name} ({spec.role})")
