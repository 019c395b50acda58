from __future__ import annotations

from datetime import date

from django_tasks import task

from nokkel.portfolio.services import portfolio_classify


@task()
def classify_portfolio(as_of_iso: str) -> int:
    """Recompute the stored ABC/XYZ classes (nightly, and after imports)."""
    return portfolio_classify(as_of=date.fromisoformat(as_of_iso))
