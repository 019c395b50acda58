"""Load the demo's shipment history through the real import path.

Former customers stop shipping in a month of their own, and their status change is
dated then; one of Kari's key accounts moves its volume to a competitor and leaves.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus
from nokkel.accounts.services import account_update
from nokkel.demo.shipments import (
    DemoAccount,
    ShipperPlan,
    demo_months,
    plan_shippers,
    shipment_rows,
    write_shipment_file,
)
from nokkel.portfolio.windows import add_months
from nokkel.shipments.models import ImportStatus, ShipmentImport
from nokkel.shipments.services import shipment_import_create, shipment_import_run
from nokkel.users.models import User

LOST_ACCOUNT_KAM = "kari"


def lost_key_account(accounts: list[Account]) -> Account:
    """The key account that leaves: Kari's first key customer in the demo."""
    for account in accounts:
        if (
            account.is_key_account
            and account.kam is not None
            and account.kam.username == LOST_ACCOUNT_KAM
            and account.status == AccountStatus.CUSTOMER
            and account.customer_number
        ):
            return account
    raise ImproperlyConfigured("The demo has no key customer for Kari to lose.")


def _left_on(plan: ShipperPlan, months: list[date]) -> datetime:
    """Former customers leave at the start of the month after their last shipments."""
    assert plan.last_month is not None
    left = add_months(months[plan.last_month], 1)
    return timezone.make_aware(datetime.combine(left, time(9, 0)))


@dataclass(frozen=True)
class DemoShipments:
    shipment_import: ShipmentImport
    lost: Account  # the key account that moved to a competitor and left
    left_on: dict[int, date]  # former customers: the day each left
    first_month: date


def demo_shipments_load(
    *, actor: User, accounts: list[Account], former: set[int], today: date
) -> DemoShipments:
    """Generate 24 months of shipments, import them, then date the leavers' departures.

    `former` holds the ids of the accounts that are former customers in the demo; they
    are still customers when this runs, as they were while they shipped.
    """
    lost = lost_key_account(accounts)
    demo_accounts = [
        DemoAccount(
            customer_number=account.customer_number or "",
            is_key_account=account.is_key_account,
            status="former" if account.pk in former else account.status,
        )
        for account in accounts
    ]
    plans = plan_shippers(demo_accounts, lost_customer_number=lost.customer_number or "")
    months = demo_months(today)
    with tempfile.TemporaryDirectory(prefix="nokkel-demo-") as folder:
        path = Path(folder) / "sendinger-demo.csv"
        write_shipment_file(path, shipment_rows(plans, months))
        shipment_import = shipment_import_create(
            uploaded_file_path=path, file_name=path.name, actor=actor, options={}
        )
        shipment_import = shipment_import_run(shipment_import=shipment_import, today=today)
    if shipment_import.status != ImportStatus.SUCCEEDED:
        raise ImproperlyConfigured(
            f"The demo shipments did not import: {shipment_import.status} "
            f"{shipment_import.error} {shipment_import.report.get('messages')}"
        )
    by_number = {account.customer_number: account for account in accounts}
    left_on: dict[int, date] = {}
    for plan in plans:
        if plan.last_month is None:
            continue
        account = by_number[plan.customer_number]
        when = _left_on(plan, months)
        account_update(
            account=account,
            actor=actor,
            data={"status": AccountStatus.FORMER},
            happened_at=when,
        )
        left_on[account.pk] = when.date()
    return DemoShipments(shipment_import, lost, left_on, months[0])
