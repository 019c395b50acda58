"""Kari records what her customer needs and how it decides; the newest version counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nokkel.competitors.models import Competitor
from nokkel.needs import selectors
from nokkel.needs.models import DecisionCriterion, NeedsAnalysis, WalletCarrier
from nokkel.needs.services import (
    CriterionInput,
    WalletShareInput,
    decision_criteria_replace,
    needs_analysis_record,
)
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def posten():
    return Competitor.objects.get_or_create(name="Posten/Bring")[0]


@pytest.fixture
def postnord():
    return Competitor.objects.get_or_create(name="PostNord")[0]


def record(account, actor, wallet=(), **data):
    return needs_analysis_record(
        account=account,
        actor=actor,
        recorded_on=TODAY,
        data=data,
        volumes={"overnight": 4000, "return": 600},
        wallet=list(wallet),
    )


def test_each_save_is_a_new_version_and_the_old_ones_stay(kari, karis_account, posten):
    first = record(
        karis_account,
        kari,
        [
            WalletShareInput("competitor", Decimal("70"), posten),
            WalletShareInput("us", Decimal("30")),
        ],
        peak_season="Black Week og jul",
        regions=["north", "east", "east"],
        returns_share=Decimal("15"),
        webshop_platform="Shopify",
        integration="API via fraktplattform",
        pain_points="  Sene leveranser i Nord-Norge  ",
    )
    second = record(karis_account, kari, pain_points="Returene er dyre")
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.pain_points == "Sene leveranser i Nord-Norge"
    assert first.regions == ["east", "north"]
    assert {v.service: v.parcels_per_month for v in first.volumes.all()} == {
        "overnight": 4000,
        "return": 600,
    }
    assert selectors.newest_needs_analysis(account=karis_account) == second
    event = TimelineEvent.objects.filter(kind=EventKind.NEEDS_ANALYSIS_RECORDED).latest("id")
    assert describe_event(event) == "Needs analysis version 2 recorded (4600 parcels a month)."


def test_shares_of_wallet_that_do_not_sum_to_100_are_refused(kari, karis_account, posten):
    with pytest.raises(ValidationError) as error:
        record(
            karis_account,
            kari,
            [
                WalletShareInput("competitor", Decimal("60"), posten),
                WalletShareInput("us", Decimal("30")),
            ],
        )
    assert error.value.message_dict == {
        "wallet_shares": ["The shares of wallet must sum to 100 %; these sum to 90 %."]
    }
    assert not NeedsAnalysis.objects.exists()


def test_a_carrier_appears_once_in_the_share_of_wallet(kari, karis_account):
    with pytest.raises(ValidationError, match="only once"):
        record(karis_account, kari, [WalletShareInput("us", Decimal(50))] * 2)


def test_the_share_of_wallet_comes_from_the_newest_analysis(kari, karis_account, posten, postnord):
    record(karis_account, kari, [WalletShareInput("us", Decimal(100))])
    record(
        karis_account,
        kari,
        [
            WalletShareInput(WalletCarrier.COMPETITOR, Decimal("55.5"), posten),
            WalletShareInput(WalletCarrier.COMPETITOR, Decimal("20"), postnord),
            WalletShareInput(WalletCarrier.US, Decimal("20")),
            WalletShareInput(WalletCarrier.OTHERS, Decimal("4.5")),
        ],
    )
    assert selectors.share_of_wallet(account=karis_account) == {
        "Posten/Bring": Decimal("55.50"),
        "PostNord": Decimal("20.00"),
        "us": Decimal("20.00"),
        "others": Decimal("4.50"),
    }
    assert selectors.share_of_wallet(account=AccountFactory()) == {}


def test_a_competitors_share_per_account_for_the_competitor_pages(
    kari, sara, ola, karis_account, segment, posten
):
    other = AccountFactory(kam=kari, segment=segment)
    record(
        karis_account,
        kari,
        [WalletShareInput("competitor", Decimal(80), posten), WalletShareInput("us", Decimal(20))],
    )
    record(
        karis_account,
        kari,
        [WalletShareInput("competitor", Decimal(60), posten), WalletShareInput("us", Decimal(40))],
    )
    record(other, kari, [WalletShareInput("us", Decimal(100))])
    assert selectors.competitor_wallet_shares(user=sara, competitor=posten) == {
        karis_account.pk: Decimal("0.6")
    }
    assert selectors.competitor_wallet_shares(user=ola, competitor=posten) == {}


def rows(*weights, criterion_codes=("price", "delivery_precision", "coverage", "sustainability")):
    return [
        CriterionInput(criterion=code, weight=weight, our_score=7, competitor_score=6)
        for code, weight in zip(criterion_codes, weights, strict=False)
    ]


def test_weights_that_do_not_sum_to_100_are_refused_with_a_clear_error(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        decision_criteria_replace(account=karis_account, actor=kari, rows=rows(40, 30, 20))
    assert error.value.message_dict == {
        "criteria": ["The customer's weights must sum to 100; these sum to 90."]
    }
    assert not DecisionCriterion.objects.exists()


def test_the_set_is_replaced_as_a_whole_and_can_be_cleared(kari, karis_account):
    decision_criteria_replace(account=karis_account, actor=kari, rows=rows(40, 30, 20, 10))
    replaced = decision_criteria_replace(
        account=karis_account,
        actor=kari,
        rows=[
            CriterionInput("price", 60, 5, 8),
            CriterionInput("other", 40, 9, 4, other_label="Lokal kundeservice"),
        ],
    )
    assert [c.label for c in replaced] == ["Price", "Lokal kundeservice"]
    assert DecisionCriterion.objects.count() == 2
    event = TimelineEvent.objects.filter(kind=EventKind.DECISION_CRITERIA_CHANGED).latest("id")
    assert describe_event(event) == "Decision criteria set: Price 60, Lokal kundeservice 40."
    assert decision_criteria_replace(account=karis_account, actor=kari, rows=[]) == []
    assert not DecisionCriterion.objects.exists()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (CriterionInput("other", 100, 5, 5), "Row 1: name the other criterion."),
        (CriterionInput("price", 100, 11, 5), "Row 1: scores run from 1 to 10; 11 is outside."),
        (CriterionInput("luck", 100, 5, 5), "Row 1: unknown criterion “luck”."),
    ],
)
def test_each_criterion_is_checked(kari, karis_account, bad, message):
    with pytest.raises(ValidationError) as error:
        decision_criteria_replace(account=karis_account, actor=kari, rows=[bad])
    assert error.value.message_dict["criteria"] == [message]


def test_the_assessment_gives_the_move_per_criterion_and_the_weighted_position(kari, karis_account):
    decision_criteria_replace(
        account=karis_account,
        actor=kari,
        rows=[
            CriterionInput("price", 50, 5, 8),
            CriterionInput("delivery_precision", 40, 9, 7),
            CriterionInput("sustainability", 10, 3, 9),
        ],
    )
    assessment = selectors.criteria_assessment(user=kari, account=karis_account)
    assert [row.move for row in assessment.rows] == ["redefine", "strengthen", "hold"]
    assert assessment.weight_total == 100
    assert assessment.position is not None
    assert (assessment.position.ours, assessment.position.theirs) == (
        Decimal("6.40"),
        Decimal("7.70"),
    )
