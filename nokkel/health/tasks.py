"""Background work for the health score: thin wrappers over the services."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from nokkel.health.services import health_digest_send, health_snapshot_month
from nokkel.portfolio.windows import add_months


@task()
def health_snapshots(first_iso: str, last_iso: str | None = None) -> int:
    """Store the monthly snapshots from one month to another (monthly, on the 1st)."""
    month = date.fromisoformat(first_iso).replace(day=1)
    last = date.fromisoformat(last_iso or first_iso).replace(day=1)
    stored = 0
    while month <= last:
        stored += health_snapshot_month(as_of=month)
        month = add_months(month, 1)
    return stored


@task()
def health_digest(today_iso: str, base_url: str = "") -> int:
    """E-mail the weekly early-warning digest (weekly, on Monday morning)."""
    return health_digest_send(today=date.fromisoformat(today_iso), base_url=base_url)
