"""Dated facts in the database for the health tests: shipments, contacts, changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from nokkel.accounts.models import Account, Contact
from nokkel.activities.models import Interaction
from nokkel.portfolio.windows import add_months
from nokkel.shipments.models import ShipmentMonth
from nokkel.shipments.services import account_months_refresh
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory

SEASON = {1: 0.85, 2: 0.85, 3: 0.95, 4: 0.95, 5: 1.0, 6: 0.95,
          7: 0.8, 8: 0.9, 9: 1.0, 10: 1.05, 11: 1.55, 12: 1.7}  # fmt: skip


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def registered(account: Account, on: date) -> Account:
    """Date the account's arrival in Nøkkel (created_at is set on save)."""
    Account.objects.filter(pk=account.pk).update(created_at=at(on, 8))
    account.refresh_from_db()
    return account


def customer(*, on: date = date(2023, 1, 1), **fields: Any) -> Account:
    return registered(AccountFactory(**fields), on)


def ship(account: Account, first: date, parcels: Sequence[int]) -> None:
    """Monthly parcels from `first` on, split over two services as an import would."""
    rows = []
    for index, count in enumerate(parcels):
        month = add_months(first, index)
        for service, share in (("overnight", 0.7), ("pickup_point", 0.3)):
            part = round(count * share)
            rows.append(
                ShipmentMonth(
                    account=account,
                    month=month,
                    service=service,
                    zone="Oslo",
                    parcels=part,
                    revenue=Decimal(part * 70),
                    cost=Decimal(part * 50),
                    weight_kg=Decimal(part * 2),
                )
            )
    ShipmentMonth.objects.bulk_create(rows)
    # As an import does beside its figures.
    account_months_refresh(
        account_ids=[account.pk], first_month=first, last_month=add_months(first, len(parcels) - 1)
    )


def seasonal(first: date, months: int, level: float = 200, growth: float = 0.0) -> list[int]:
    return [
        round(level * SEASON[add_months(first, i).month] * (1 + growth) ** i) for i in range(months)
    ]


def interact(
    account: Account,
    day: date,
    *,
    contacts: Sequence[Contact] = (),
    summary: str = "Kvartalsmøte",
    key_areas: dict[str, str] | None = None,
    forms: Sequence[str] = (),
) -> Interaction:
    interaction = Interaction.objects.create(
        account=account,
        kind="meeting",
        happened_at=at(day),
        summary=summary,
        key_areas=key_areas or {},
        relationship_forms=list(forms),
    )
    interaction.contacts.set(contacts)
    return interaction


def changed(account: Account, kind: str, day: date, old: Any, new: Any) -> TimelineEvent:
    """A dated change on the timeline, as the account services record one."""
    event = TimelineEvent(
        account=account, kind=kind, happened_at=at(day, 9), data={"old": old, "new": new}
    )
    event.save()
    return event


def left(account: Account, day: date) -> None:
    """The account became a former customer on `day`."""
    Account.objects.filter(pk=account.pk).update(status="former")
    changed(account, EventKind.STATUS_CHANGED, day, "customer", "former")


def months_before(as_of: date, count: int) -> date:
    return add_months(as_of.replace(day=1), -count)


def days_before(as_of: date, days: int) -> date:
    return as_of - timedelta(days=days)


def losing_key_account(*, kam: Any, today: date, **fields: Any) -> Account:
    """A key account with the demo's lost-account pattern as of `today`: its volume moving
    to a rival over the last two months (as in nokkel.demo.shipments), its champion gone
    three weeks ago, contact thinning out, and a complaint about a rival's price."""
    from nokkel.demo.shipments import ShipperPlan, demo_months, monthly_parcels

    account = customer(kam=kam, is_key_account=True, **fields)
    months = demo_months(today)
    plan = ShipperPlan("", base_parcels=400, monthly_growth=0.004, lost_from=len(months) - 2)
    ship(account, months[0], [monthly_parcels(plan, i, m) for i, m in enumerate(months)])
    boss = Contact.objects.create(account=account, name="Anna Dahl", buying_role="decision_maker")
    champion = Contact.objects.create(account=account, name="Siri Lund", buying_role="champion")
    interact(account, today - timedelta(days=70), contacts=[boss, champion], forms=["social"])
    Contact.objects.filter(pk=champion.pk).update(active=False, left_on=today - timedelta(days=20))
    interact(
        account,
        today - timedelta(days=35),
        contacts=[boss],
        summary="Innkjøpssjefen sier Posten/Bring har gitt et bedre pristilbud",
        key_areas={"advice": "negative"},
    )
    return account
