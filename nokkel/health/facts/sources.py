"""Facts the health score asks other apps for, through one selector each.

The surveys, the pipeline and the contracts are built in their own apps. Each provides a
dated, plain-data selector; while an app or its selector does not exist, its part of the
score is unknown (a component left out, or a part of one), never guessed. The contracts:

``nokkel.surveys.selectors.health_voice_facts(*, account_ids, as_of)``
    ``-> dict[int, dict]``: per account with survey answers submitted up to the end of
    ``as_of``: ``{"readings": [{"answered_on": date, "nps": float | None,
    "customer_gap": float | None, "worst_area": str | None,
    "worst_area_gap": float | None}, ...]`` (one per campaign, oldest first; gaps are
    perception − expectation, weighted by the customer's importance),
    ``"detractor_contact_ids": [int, ...]}`` (contacts whose latest NPS answer up to
    ``as_of`` was 0–6).

``nokkel.pipeline.selectors.health_deal_facts(*, account_ids, as_of)``
    ``-> dict[int, dict]``: ``{"lost": [{"closed_on": date, "reason": str}, ...]`` (lost
    opportunities closed on or before ``as_of``), ``"renewal_activity_on": date | None}``
    (the newest day on or before ``as_of`` a renewal opportunity was created, moved or won).

``nokkel.agreements.selectors.health_contract_facts(*, account_ids, as_of)``
    ``-> dict[int, dict]``: per account with a contract in force on ``as_of``:
    ``{"notice_deadline": date | None`` (the earliest notice deadline on or after
    ``as_of``), ``"renewal_activity_on": date | None}`` (the newest renewal offer sent or
    renewal signed on or before ``as_of``). Accounts without a contract are left out.

``account_ids`` is a list of ids the caller read through ``visible_to``, or None for every
account (a whole-portfolio run); each selector answers in a fixed number of queries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.apps import apps

VOICE_SELECTOR = ("nokkel.surveys", "nokkel.surveys.selectors", "health_voice_facts")
DEAL_SELECTOR = ("nokkel.pipeline", "nokkel.pipeline.selectors", "health_deal_facts")
CONTRACT_SELECTOR = ("nokkel.agreements", "nokkel.agreements.selectors", "health_contract_facts")

Selector = Callable[..., dict[int, dict[str, Any]]]


def selector(app: str, module: str, name: str) -> Selector | None:
    """The app's selector, or None while the app or the selector is missing."""
    if not apps.is_installed(app):
        return None
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    function = getattr(found, name, None)
    return function if callable(function) else None


def ask(
    source: tuple[str, str, str], *, account_ids: list[int] | None, as_of: date
) -> dict[int, dict[str, Any]] | None:
    """The selector's answer, or None when there is nobody to ask."""
    function = selector(*source)
    if function is None:
        return None
    return function(account_ids=account_ids, as_of=as_of)
