"""The competitor register is kept and read by sales managers and admins.

Competitors are not account data, so there is no visible_to: for everyone else the
register is not there (a 404 on a competitor, a 403 on the list). What a manager sees
of the accounts lost to a competitor still goes through the accounts' door.
"""

from __future__ import annotations

from typing import Any


def can_use_competitor_register(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_admin or user.is_sales_manager)
    )
