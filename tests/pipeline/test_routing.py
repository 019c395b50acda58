"""Who gets a lead: the pure routing rules, and matching by e-mail domain."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nokkel.pipeline.routing import (
    Rule,
    choose_rule,
    email_domain,
    next_in_turn,
    website_domain,
)


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("per@fjellsport.no", "fjellsport.no"),
        ("  Per@FjellSport.NO ", "fjellsport.no"),
        ("per@gmail.com", None),  # free mail says nothing about the company
        ("per@online.no", None),
        ("not-an-address", None),
        ("per@localhost", None),
    ],
)
def test_the_company_domain_of_an_address(email, domain):
    assert email_domain(email) == domain


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.fjellsport.no/butikk", "fjellsport.no"),
        ("fjellsport.no", "fjellsport.no"),
        ("", None),
    ],
)
def test_the_domain_of_a_web_site(url, domain):
    assert website_domain(url) == domain


BIG = Rule(id=1, segment_id=10, min_parcels=5000, max_parcels=None, service="", kam_ids=(1, 2))
RETURNS = Rule(
    id=2, segment_id=20, min_parcels=None, max_parcels=None, service="return", kam_ids=()
)
SMALL = Rule(id=3, segment_id=30, min_parcels=0, max_parcels=4999, service="", kam_ids=(3,))


def test_the_first_rule_that_fits_wins():
    rules = [BIG, RETURNS, SMALL]
    assert choose_rule(rules, 8000, ["return"]) is BIG
    assert choose_rule(rules, 100, ["return"]) is RETURNS
    assert choose_rule(rules, 100, ["overnight"]) is SMALL
    # A rule with a parcel range needs the lead to say how many parcels.
    assert choose_rule(rules, None, ["overnight"]) is None


def test_in_turn_means_the_one_who_waited_longest_and_newcomers_first():
    monday = datetime(2026, 3, 2, tzinfo=UTC)
    tuesday = datetime(2026, 3, 3, tzinfo=UTC)
    assert next_in_turn([1, 2, 3], {1: tuesday, 2: monday}) == 3
    assert next_in_turn([1, 2], {1: tuesday, 2: monday}) == 2
    assert next_in_turn([2, 1], {1: monday, 2: monday}) == 1  # a tie goes by id
    assert next_in_turn([], {}) is None
