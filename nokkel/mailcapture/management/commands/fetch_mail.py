"""`manage.py fetch_mail`: capture the unseen mail of the drop mailbox over IMAP.

Run every few minutes from cron (or a systemd timer), or enqueue
`nokkel.mailcapture.tasks.fetch_mail_task` for the task worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nokkel.mailcapture.imap import ImapError
from nokkel.mailcapture.services import mail_fetch


class Command(BaseCommand):
    help = "Fetch unseen mail from the drop mailbox and log it as interactions or for triage."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = mail_fetch(now=timezone.now())
        except ImapError as error:
            raise CommandError(f"Mailbox: {error}") from error
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in counts.items()))
