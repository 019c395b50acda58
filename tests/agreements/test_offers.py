"""Offers as Kari and Sara live them: margins, approval, sending, the customer's answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nokkel.accounts.models import AccountStatus
from nokkel.agreements import services
from nokkel.agreements.models import CostRate, Offer, OfferStatus
from nokkel.audit.models import AuditEntry
from nokkel.needs.services import needs_analysis_record
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.agreements.conftest import TODAY, line, make_offer
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_line_is_costed_from_the_cost_model_when_it_is_saved(kari, karis_account, cost_model):
    offer = make_offer(
        karis_account,
        kari,
        line(price="25.00", parcels=1000),
        line(price="38.00", parcels=100, zone="nord-norge"),
        line(service="weekend", price="30.00", parcels=10),
    )
    costs = [row.cost_per_parcel for row in offer.lines.all()]
    assert costs == [Decimal("20.00"), Decimal("30.00"), None]
    # The cost model changes later; the offer keeps the cost it was priced at.
    CostRate.objects.filter(zone="").update(cost_per_parcel=Decimal("24.00"))
    assert offer.lines.first().cost_per_parcel == Decimal("20.00")
    assert offer.margin().margin is None  # weekend has no cost: the margin is unknown


def test_a_healthy_margin_needs_no_approval_and_a_thin_one_does(healthy_offer, thin_offer):
    assert not services.offer_needs_approval(healthy_offer)
    assert services.offer_needs_approval(thin_offer)
    assert thin_offer.margin().margin_share == Decimal("0.0909")


def test_the_minimum_margin_is_a_setting(settings, healthy_offer):
    settings.NOKKEL_OFFER_MIN_MARGIN = "0.25"
    assert services.offer_needs_approval(healthy_offer)
    del settings.NOKKEL_OFFER_MIN_MARGIN
    assert services.minimum_margin() == Decimal("0.15")


def test_a_line_priced_below_zero_is_refused_with_a_clear_error(kari, karis_account, cost_model):
    with pytest.raises(ValidationError) as error:
        make_offer(karis_account, kari, line(price="25.00"), line(price="-1.00"))
    assert error.value.message_dict["lines"] == [
        "Line 2: the price per parcel cannot be below zero."
    ]
    assert not Offer.objects.exists()


def test_a_new_offer_is_built_on_the_newest_needs_analysis(kari, karis_account, cost_model):
    for count in (1000, 1500):
        needs_analysis_record(
            account=karis_account,
            actor=kari,
            recorded_on=TODAY,
            data={},
            volumes={"overnight": count},
        )
    offer = make_offer(karis_account, kari)
    assert offer.needs_analysis.version == 2


def test_kari_submits_a_thin_offer_and_cannot_send_it_while_approval_is_pending(kari, thin_offer):
    services.offer_submit(offer=thin_offer, actor=kari, today=TODAY)
    thin_offer.refresh_from_db()
    assert thin_offer.status == OfferStatus.PENDING_APPROVAL
    with pytest.raises(ValidationError) as error:
        services.offer_send(offer=thin_offer, actor=kari, today=TODAY)
    assert "waiting for a sales manager's approval" in error.value.messages[0]
    thin_offer.refresh_from_db()
    assert thin_offer.status == OfferStatus.PENDING_APPROVAL
    assert thin_offer.sent_on is None


def test_a_thin_draft_cannot_be_sent_without_submitting_it(kari, thin_offer):
    with pytest.raises(ValidationError, match="submit the offer"):
        services.offer_send(offer=thin_offer, actor=kari, today=TODAY)


def test_sara_approves_and_kari_sends(kari, sara, thin_offer):
    services.offer_submit(offer=thin_offer, actor=kari, today=TODAY)
    services.offer_approve(offer=thin_offer, actor=sara, today=TODAY)
    thin_offer.refresh_from_db()
    assert thin_offer.status == OfferStatus.APPROVED
    assert (thin_offer.approved_by, thin_offer.approved_on) == (sara, TODAY)
    services.offer_send(offer=thin_offer, actor=kari, today=TODAY)
    thin_offer.refresh_from_db()
    assert thin_offer.status == OfferStatus.SENT
    assert thin_offer.sent_on == TODAY
    changes = [
        e.data["change"]
        for e in TimelineEvent.objects.filter(kind=EventKind.OFFER_CHANGED).order_by("id")
    ]
    assert changes == ["created", "submitted", "approved", "sent"]
    statuses = AuditEntry.objects.filter(field="status").values_list("new_value", flat=True)
    assert list(statuses.order_by("id")) == ["pending_approval", "approved", "sent"]


def test_only_a_sales_manager_of_the_segment_or_an_admin_approves(
    kari, ola, admin_user, thin_offer
):
    services.offer_submit(offer=thin_offer, actor=kari, today=TODAY)
    other_manager = UserFactory(role="sales_manager")
    for person in (kari, ola, other_manager):
        with pytest.raises(PermissionDenied):
            services.offer_approve(offer=thin_offer, actor=person, today=TODAY)
    services.offer_approve(offer=thin_offer, actor=admin_user, today=TODAY)


def test_a_healthy_offer_goes_straight_to_approved_when_submitted(kari, healthy_offer):
    services.offer_submit(offer=healthy_offer, actor=kari, today=TODAY)
    healthy_offer.refresh_from_db()
    assert healthy_offer.status == OfferStatus.APPROVED
    assert healthy_offer.approved_by is None


def test_a_healthy_draft_can_be_sent_at_once_but_not_after_its_validity(kari, healthy_offer):
    with pytest.raises(ValidationError) as error:
        services.offer_send(offer=healthy_offer, actor=kari, today=date(2026, 4, 2))
    assert "valid_until" in error.value.message_dict
    services.offer_send(offer=healthy_offer, actor=kari, today=TODAY)
    healthy_offer.refresh_from_db()
    assert healthy_offer.status == OfferStatus.SENT
    assert healthy_offer.approved_on == TODAY


def test_only_a_draft_is_changed(kari, healthy_offer):
    services.offer_update(
        offer=healthy_offer, actor=kari, data={"title": "Ny tittel"}, lines=[line(price="26")]
    )
    assert healthy_offer.lines.get().price_per_parcel == Decimal("26.00")
    services.offer_send(offer=healthy_offer, actor=kari, today=TODAY)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.offer_update(offer=healthy_offer, actor=kari, data={"title": "Etterpå"})


def test_accepting_an_offer_registers_the_contract_and_makes_a_customer(kari, segment, cost_model):
    prospect = AccountFactory(kam=kari, segment=segment, status=AccountStatus.PROSPECT)
    offer = make_offer(prospect, kari, terms="Prisjustering etter KPI hvert år.")
    services.offer_send(offer=offer, actor=kari, today=TODAY)
    accepted, contract = services.offer_accept(
        offer=offer,
        actor=kari,
        today=TODAY,
        contract=services.ContractTerms(
            start_on=date(2026, 4, 1), end_on=date(2027, 3, 31), notice_months=3
        ),
    )
    assert accepted.status == OfferStatus.ACCEPTED
    assert accepted.decided_on == TODAY
    assert contract is not None
    assert (contract.account, contract.offer, contract.title) == (prospect, offer, offer.title)
    assert contract.price_adjustment_terms == "Prisjustering etter KPI hvert år."
    assert contract.notice_deadline == date(2026, 12, 31)
    prospect.refresh_from_db()
    assert prospect.status == AccountStatus.CUSTOMER


def test_an_offer_is_answered_only_once_it_is_sent(kari, healthy_offer):
    with pytest.raises(ValidationError, match="Only a sent offer"):
        services.offer_accept(offer=healthy_offer, actor=kari, today=TODAY)
    services.offer_send(offer=healthy_offer, actor=kari, today=TODAY)
    services.offer_reject(
        offer=healthy_offer, actor=kari, today=TODAY, reason="Posten var billigere"
    )
    healthy_offer.refresh_from_db()
    assert healthy_offer.status == OfferStatus.REJECTED
    assert healthy_offer.decision_note == "Posten var billigere"


def test_sent_offers_past_their_validity_expire_once(kari, healthy_offer, thin_offer):
    services.offer_send(offer=healthy_offer, actor=kari, today=TODAY)
    assert services.offers_expire(today=date(2026, 4, 1)) == 0  # valid through the day
    assert services.offers_expire(today=date(2026, 4, 2)) == 1
    assert services.offers_expire(today=date(2026, 4, 3)) == 0
    healthy_offer.refresh_from_db()
    thin_offer.refresh_from_db()
    assert healthy_offer.status == OfferStatus.EXPIRED
    assert thin_offer.status == OfferStatus.DRAFT  # a draft was never sent, so never expires


def test_a_new_version_supersedes_the_open_one_and_keeps_the_series(kari, thin_offer):
    services.offer_submit(offer=thin_offer, actor=kari, today=TODAY)
    second = services.offer_revise(offer=thin_offer, actor=kari)
    third = services.offer_revise(offer=second, actor=kari)
    thin_offer.refresh_from_db()
    second.refresh_from_db()
    assert (thin_offer.status, second.status, third.status) == (
        OfferStatus.SUPERSEDED,
        OfferStatus.SUPERSEDED,
        OfferStatus.DRAFT,
    )
    assert [second.version, third.version] == [2, 3]
    assert third.number == thin_offer.number
    assert third.lines.get().price_per_parcel == Decimal("22.00")


def test_the_timeline_tells_the_offer_story_in_the_readers_language(kari, thin_offer):
    services.offer_submit(offer=thin_offer, actor=kari, today=TODAY)
    event = TimelineEvent.objects.filter(kind=EventKind.OFFER_CHANGED).latest("id")
    assert describe_event(event) == (
        f"Offer {thin_offer.number} v1 “Nattlevering 2026” submitted: "
        "its margin needs a sales manager's approval."
    )
