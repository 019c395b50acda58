"""Who gets a web lead, and which account it belongs to. Pure: no Django, no clock.

Rules are tried in order; the first whose parcel range and service fit the lead puts
it in the rule's segment and hands it to the rule's KAMs in turn. With no rule, or a
rule without people, every KAM takes a turn. "In turn" means the one whose last lead
is oldest (never first), so a KAM who joins starts at the front of the queue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

# Addresses at these domains say nothing about the company sending them.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.no",
        "outlook.com",
        "live.com",
        "live.no",
        "msn.com",
        "yahoo.com",
        "yahoo.no",
        "icloud.com",
        "me.com",
        "online.no",
        "frisurf.no",
        "broadpark.no",
        "altibox.no",
        "getmail.no",
        "proton.me",
        "protonmail.com",
    }
)


def email_domain(email: str) -> str | None:
    """The company domain of an address, or None for free-mail and malformed addresses."""
    _, at, domain = email.strip().lower().rpartition("@")
    if not at or "." not in domain:
        return None
    return None if domain in FREE_MAIL_DOMAINS else domain


def website_domain(url: str) -> str | None:
    """The host of a web address without "www.", lower-case; None when there is none."""
    text = url.strip().lower()
    if not text:
        return None
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.")
    return host or None


@dataclass(frozen=True)
class Rule:
    id: int
    segment_id: int
    min_parcels: int | None
    max_parcels: int | None
    service: str  # "" for any service
    kam_ids: tuple[int, ...]


def rule_matches(rule: Rule, parcels: int | None, services: Sequence[str]) -> bool:
    """A rule with a parcel range needs the lead to state its parcels; one naming a
    service needs the lead to ask for it."""
    if rule.min_parcels is not None and (parcels is None or parcels < rule.min_parcels):
        return False
    if rule.max_parcels is not None and (parcels is None or parcels > rule.max_parcels):
        return False
    return not rule.service or rule.service in services


def choose_rule(rules: Sequence[Rule], parcels: int | None, services: Sequence[str]) -> Rule | None:
    """The first rule, in the order given, that fits the lead."""
    return next((rule for rule in rules if rule_matches(rule, parcels, services)), None)


def next_in_turn(candidates: Sequence[int], last_assigned: Mapping[int, datetime]) -> int | None:
    """The candidate who waited longest for a lead; never-assigned first, then by id."""
    if not candidates:
        return None
    never = [c for c in candidates if c not in last_assigned]
    if never:
        return min(never)
    return min(candidates, key=lambda c: (last_assigned[c], c))
