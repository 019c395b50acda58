"""Factories for the pipeline; opportunities are made through the service so their first
history entry exists, as it does for every real one."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from nokkel.accounts.models import Account
from nokkel.competitors.models import Competitor
from nokkel.pipeline.models import Opportunity
from nokkel.pipeline.services import opportunity_create
from nokkel.users.models import User

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_opportunity(
    *,
    account: Account,
    owner: User | None = None,
    phase: str = "identify",
    buying_phase: str = "",
    at: datetime = WHEN,
    **data: Any,
) -> Opportunity:
    values: dict[str, Any] = {
        "title": f"Pakker for {account.name}",
        "annual_revenue": Decimal("1200000.00"),
        "owner": owner or account.kam,
        **data,
    }
    return opportunity_create(
        account=account,
        actor=values["owner"],
        data=values,
        created_at=at,
        phase=phase,
        buying_phase=buying_phase,
    )


def competitor(name: str = "Posten/Bring") -> Competitor:
    """The seeded rivals (Posten/Bring, PostNord) or a new one."""
    return Competitor.objects.get_or_create(name=name)[0]
