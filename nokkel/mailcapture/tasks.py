from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from nokkel.mailcapture.services import mail_fetch


@task()
def fetch_mail_task() -> dict[str, int]:
    """Capture the drop mailbox's unseen mail (every few minutes, like `manage.py fetch_mail`)."""
    return mail_fetch(now=timezone.now())
