"""The demo's health history: a monthly snapshot for each of the last twelve months.

The snapshots are stored by the health app's own service, each as of its month's first
day from the facts known then, exactly as the monthly job would have stored them.
"""

from __future__ import annotations

from datetime import date

from nokkel.health.services import health_snapshot_month
from nokkel.portfolio.windows import add_months

HISTORY_MONTHS = 12


def demo_health_history_load(*, today: date, months: int = HISTORY_MONTHS) -> int:
    """Snapshots for `months` months up to and including today's; returns how many stored."""
    first = add_months(today.replace(day=1), -(months - 1))
    return sum(health_snapshot_month(as_of=add_months(first, i)) for i in range(months))
