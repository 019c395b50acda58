"""Background work for offers and contracts: thin wrappers over services, run daily."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from nokkel.agreements.contract_services import contract_renewal_alerts_send
from nokkel.agreements.services import offers_expire


@task()
def send_renewal_alerts_task(base_url: str = "") -> int:
    """Warn KAMs and deputies of contracts nearing their notice deadline (like the command)."""
    return contract_renewal_alerts_send(today=timezone.localdate(), base_url=base_url)


@task()
def expire_offers_task() -> int:
    """Sent offers past their validity become expired (like `manage.py expire_offers`)."""
    return offers_expire(today=timezone.localdate())
