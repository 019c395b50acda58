"""Contact cadence: how often we talk to a customer, and whether we are behind.

Pure: plain data in, plain data out; no Django, no clock. The date is an argument.

The default cadence follows the account's ABC class (key accounts of class A closest);
a customer plan may set its own. As of a date the state is:

- "ok": the next contact is not yet due;
- "due": the next contact is due (the cadence has passed since the last contact);
- "amber": more than 1.5 × the cadence has passed;
- "red": 2 × the cadence or more has passed, or there has never been a logged contact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

OK: Final = "ok"
DUE: Final = "due"
AMBER: Final = "amber"
RED: Final = "red"
STATUSES: Final = (OK, DUE, AMBER, RED)

# Keys of the cadence table: the ABC classes, the A key accounts and the unclassified.
KEY_ACCOUNT: Final = "key_account"
UNCLASSIFIED: Final = "unclassified"
DEFAULT_CADENCE_DAYS: Final[Mapping[str, int]] = {
    KEY_ACCOUNT: 14,
    "A": 30,
    "B": 60,
    "C": 90,
    UNCLASSIFIED: 90,
}


@dataclass(frozen=True)
class CadenceState:
    """Where an account stands against its contact cadence as of `today`."""

    cadence_days: int
    from_plan: bool  # the active plan sets the cadence, not the account's class
    last_contact: date | None
    next_due: date  # today when never contacted: the contact is due now
    status: str
    days_since: int | None

    @property
    def is_late(self) -> bool:
        return self.status in (AMBER, RED)


def default_cadence_days(
    *, abc_class: str, is_key_account: bool, table: Mapping[str, int] | None = None
) -> int:
    """Days between contacts for an account's class; `table` overrides single entries."""
    days = {**DEFAULT_CADENCE_DAYS, **(table or {})}
    if abc_class == "A" and is_key_account:
        return days[KEY_ACCOUNT]
    return days.get(abc_class or UNCLASSIFIED, days[UNCLASSIFIED])


def cadence_state(
    *,
    today: date,
    cadence_days: int,
    last_contact: date | None,
    from_plan: bool = False,
) -> CadenceState:
    """The state as of `today` for a cadence and the date of the last logged contact."""
    if cadence_days < 1:
        raise ValueError("The cadence is at least one day.")
    if last_contact is None:
        return CadenceState(cadence_days, from_plan, None, today, RED, None)
    elapsed = max((today - last_contact).days, 0)
    # Compared in whole days times two, so 1.5 × an odd cadence needs no rounding.
    if elapsed >= 2 * cadence_days:
        status = RED
    elif 2 * elapsed > 3 * cadence_days:
        status = AMBER
    elif elapsed >= cadence_days:
        status = DUE
    else:
        status = OK
    next_due = last_contact + timedelta(days=cadence_days)
    return CadenceState(cadence_days, from_plan, last_contact, next_due, status, elapsed)
