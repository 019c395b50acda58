"""Opportunities move through our sales phases beside the customer's buying phases,
with a dated history; lost needs a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nokkel.accounts.models import AccountStatus
from nokkel.audit.models import AuditEntry
from nokkel.pipeline.models import PhaseChange
from nokkel.pipeline.services import opportunity_move, opportunity_update
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory
from tests.pipeline.factories import competitor, make_opportunity

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)


def test_each_move_is_dated_in_the_history_and_on_the_timeline(karis_opportunity, kari):
    opportunity_move(opportunity=karis_opportunity, actor=kari, phase="contact", moved_at=MONDAY)
    opportunity_move(
        opportunity=karis_opportunity,
        actor=kari,
        phase="needs_analysis",
        buying_phase="information_search",
        moved_at=TUESDAY,
    )
    opportunity_move(
        opportunity=karis_opportunity,
        actor=kari,
        phase="offer",
        buying_phase="evaluation",
        moved_at=FRIDAY,
    )

    karis_opportunity.refresh_from_db()
    assert karis_opportunity.phase == "offer"
    assert karis_opportunity.buying_phase == "evaluation"
    assert karis_opportunity.phase_changed_at == FRIDAY
    assert karis_opportunity.probability == 50  # the default followed the phase
    history = list(
        PhaseChange.objects.filter(opportunity=karis_opportunity).values_list(
            "from_phase", "to_phase", "to_buying_phase", "changed_at"
        )
    )
    assert history[1:] == [
        ("identify", "contact", "", MONDAY),
        ("contact", "needs_analysis", "information_search", TUESDAY),
        ("needs_analysis", "offer", "evaluation", FRIDAY),
    ]
    moves = TimelineEvent.objects.filter(
        account=karis_opportunity.account, kind=EventKind.OPPORTUNITY_MOVED
    ).order_by("happened_at")
    assert [e.happened_at for e in moves] == [MONDAY, TUESDAY, FRIDAY]
    assert describe_event(moves.last()) == (
        "Opportunity “Netthandel 2027” moved from Needs analysis to Offer. "
        "The customer moved to Evaluation of alternatives (“Netthandel 2027”)."
    )


def test_moving_to_where_it_is_changes_nothing(karis_opportunity, kari):
    before = PhaseChange.objects.count()
    opportunity_move(opportunity=karis_opportunity, actor=kari, phase="identify", moved_at=MONDAY)
    assert PhaseChange.objects.count() == before


def test_a_customer_moving_on_alone_is_a_move_too(karis_opportunity, kari):
    opportunity_move(
        opportunity=karis_opportunity,
        actor=kari,
        phase="identify",
        buying_phase="evaluation",
        moved_at=MONDAY,
    )
    change = PhaseChange.objects.filter(opportunity=karis_opportunity).last()
    assert (change.from_phase, change.to_phase) == ("identify", "identify")
    assert (change.from_buying_phase, change.to_buying_phase) == ("", "evaluation")


def test_lost_requires_a_reason(karis_opportunity, kari):
    with pytest.raises(ValidationError) as error:
        opportunity_move(opportunity=karis_opportunity, actor=kari, phase="lost", moved_at=MONDAY)
    assert error.value.message_dict == {"lost_reason": ["Say why the opportunity was lost."]}
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.phase == "identify"


def test_a_loss_records_why_and_to_whom(karis_opportunity, kari):
    posten = competitor("Posten/Bring")
    opportunity_move(
        opportunity=karis_opportunity,
        actor=kari,
        phase="lost",
        lost_reason="price",
        lost_to=posten,
        lost_note="They matched our price and added weekend delivery.",
        moved_at=FRIDAY,
    )
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.lost_reason == "price"
    assert karis_opportunity.lost_to == posten
    assert karis_opportunity.closed_on == date(2026, 3, 6)
    assert karis_opportunity.probability == 0
    event = TimelineEvent.objects.get(kind=EventKind.OPPORTUNITY_LOST)
    assert describe_event(event) == (
        "Opportunity “Netthandel 2027” lost: Price. It went to Posten/Bring. "
        "They matched our price and added weekend delivery."
    )


def test_a_reason_belongs_to_lost_only(karis_opportunity, kari):
    with pytest.raises(ValidationError) as error:
        opportunity_move(
            opportunity=karis_opportunity,
            actor=kari,
            phase="offer",
            lost_reason="price",
            moved_at=MONDAY,
        )
    assert "lost_reason" in error.value.message_dict


def test_reopening_a_lost_opportunity_clears_the_loss(karis_opportunity, kari):
    opportunity_move(
        opportunity=karis_opportunity,
        actor=kari,
        phase="lost",
        lost_reason="coverage",
        lost_to=competitor("PostNord"),
        moved_at=MONDAY,
    )
    opportunity_move(
        opportunity=karis_opportunity, actor=kari, phase="negotiation", moved_at=TUESDAY
    )
    karis_opportunity.refresh_from_db()
    assert (karis_opportunity.lost_reason, karis_opportunity.lost_to) == ("", None)
    assert karis_opportunity.closed_on is None
    assert karis_opportunity.probability == 70


def test_winning_makes_a_prospect_a_customer(kari, segment):
    prospect = AccountFactory(kam=kari, segment=segment, status=AccountStatus.PROSPECT)
    opportunity = make_opportunity(account=prospect)

    opportunity_move(opportunity=opportunity, actor=kari, phase="won", moved_at=FRIDAY)

    prospect.refresh_from_db()
    assert prospect.status == AccountStatus.CUSTOMER
    assert TimelineEvent.objects.filter(
        account=prospect, kind=EventKind.STATUS_CHANGED, happened_at=FRIDAY
    ).exists()


def test_details_change_through_the_service_with_an_audit_trail(karis_opportunity, kari):
    opportunity_update(
        opportunity=karis_opportunity,
        actor=kari,
        data={"annual_revenue": Decimal("2400000.00"), "probability": 35},
    )
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.weighted_value == Decimal("840000.00")
    assert karis_opportunity.version == 2
    fields = set(
        AuditEntry.objects.filter(object_type="pipeline.opportunity").values_list(
            "field", flat=True
        )
    )
    assert {"annual_revenue", "probability"} <= fields
    with pytest.raises(ValidationError) as error:
        opportunity_update(opportunity=karis_opportunity, actor=kari, data={"probability": 140})
    assert "probability" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        opportunity_update(
            opportunity=karis_opportunity, actor=kari, data={"services": ["teleport"]}
        )
    assert "services" in error.value.message_dict


def test_the_health_score_reads_losses_and_renewal_work_as_of_a_date(kari, karis_account):
    from nokkel.pipeline.selectors import health_deal_facts

    renewal = make_opportunity(account=karis_account, kind="renewal", at=MONDAY)
    lost_then_reopened = make_opportunity(account=karis_account, at=MONDAY)
    opportunity_move(
        opportunity=lost_then_reopened,
        actor=kari,
        phase="lost",
        lost_reason="price",
        moved_at=TUESDAY,
    )
    opportunity_move(opportunity=renewal, actor=kari, phase="offer", moved_at=TUESDAY)
    opportunity_move(opportunity=lost_then_reopened, actor=kari, phase="contact", moved_at=FRIDAY)

    on_monday = health_deal_facts(account_ids=[karis_account.pk], as_of=date(2026, 3, 2))
    on_wednesday = health_deal_facts(account_ids=None, as_of=date(2026, 3, 4))
    on_friday = health_deal_facts(account_ids=[karis_account.pk], as_of=date(2026, 3, 6))

    assert on_monday[karis_account.pk] == {"lost": [], "renewal_activity_on": date(2026, 3, 2)}
    assert on_wednesday[karis_account.pk] == {
        "lost": [{"closed_on": date(2026, 3, 3), "reason": "price"}],
        "renewal_activity_on": date(2026, 3, 3),
    }
    assert on_friday[karis_account.pk]["lost"] == []  # reopened since
    assert health_deal_facts(account_ids=[karis_account.pk], as_of=date(2026, 3, 1)) == {}


def test_the_owner_must_be_able_to_see_the_account(kari, ola, karis_account, karis_opportunity):
    with pytest.raises(ValidationError) as created:
        make_opportunity(account=karis_account, owner=ola, title="Olas sak")
    assert "owner" in created.value.message_dict
    assert not karis_account.opportunities.filter(title="Olas sak").exists()

    with pytest.raises(ValidationError) as updated:
        opportunity_update(opportunity=karis_opportunity, actor=kari, data={"owner": ola})
    assert "owner" in updated.value.message_dict
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.owner == kari
