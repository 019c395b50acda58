"""Offers through their life, and the cost model. Each change writes the timeline and audit.

An offer moves draft → pending approval (a margin below NOKKEL_OFFER_MIN_MARGIN, or an
unknown one) → approved → sent → accepted / rejected / expired. Only a draft is edited;
any later change is a new version, which supersedes the open one before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, AccountStatus
from nokkel.accounts.services import account_update
from nokkel.agreements import margins
from nokkel.agreements.access import can_approve_offers
from nokkel.agreements.contract_services import contract_create
from nokkel.agreements.events import OfferChange, record_offer_event
from nokkel.agreements.models import Contract, CostRate, Offer, OfferLine, OfferStatus, WeightBand
from nokkel.agreements.selectors import cost_table
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.needs.models import NeedsAnalysis
from nokkel.shipments.models import Service
from nokkel.users.models import User

OFFER_FIELDS = ("title", "language", "valid_until", "contract_months", "terms")
# Superseded by a new version: the offers still open for change or answer.
_SUPERSEDABLE = (
    OfferStatus.DRAFT,
    OfferStatus.PENDING_APPROVAL,
    OfferStatus.APPROVED,
    OfferStatus.SENT,
)


@dataclass(frozen=True)
class OfferLineInput:
    service: str
    price_per_parcel: Decimal
    expected_parcels_per_month: int
    zone: str = ""
    weight_band: str = ""


def minimum_margin() -> Decimal:
    """The margin share below which a sales manager must approve (setting, default 0.15)."""
    return Decimal(str(getattr(settings, "NOKKEL_OFFER_MIN_MARGIN", "0.15")))


def offer_needs_approval(offer: Offer) -> bool:
    return margins.needs_approval(offer.margin(), minimum_share=minimum_margin())


def _line_problems(lines: Sequence[OfferLineInput]) -> list[str]:
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        values = {"row": number}
        if line.service not in Service.values:
            problems.append(_("Line %(row)s: choose a service.") % values)
        if line.weight_band and line.weight_band not in WeightBand.values:
            problems.append(_("Line %(row)s: unknown weight band.") % values)
        if line.price_per_parcel < 0:
            problems.append(_("Line %(row)s: the price per parcel cannot be below zero.") % values)
        if line.expected_parcels_per_month < 0:
            problems.append(_("Line %(row)s: parcels per month cannot be below zero.") % values)
    return problems


def _replace_lines(offer: Offer, lines: Sequence[OfferLineInput]) -> None:
    """Save the lines, each priced at what the cost model says it costs us today."""
    if problems := _line_problems(lines):
        raise ValidationError({"lines": problems})
    table = cost_table()
    rows = [
        OfferLine(
            offer=offer,
            position=position,
            service=line.service,
            zone=line.zone.strip(),
            weight_band=line.weight_band,
            price_per_parcel=line.price_per_parcel,
            expected_parcels_per_month=line.expected_parcels_per_month,
            cost_per_parcel=margins.cost_lookup(
                table, service=line.service, zone=line.zone, weight_band=line.weight_band
            ),
        )
        for position, line in enumerate(lines)
    ]
    for row in rows:
        row.full_clean(exclude=["offer"])
    offer.lines.all().delete()
    OfferLine.objects.bulk_create(rows)


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Not offer fields: {sorted(unknown)}")


@transaction.atomic
def offer_create(
    *,
    account: Account,
    actor: User,
    data: Mapping[str, Any],
    lines: Sequence[OfferLineInput],
    needs_analysis: NeedsAnalysis | None = None,
) -> Offer:
    """Draft an offer; it is built on the account's newest needs analysis unless one is named."""
    _check_fields(data)
    if needs_analysis is None:
        needs_analysis = NeedsAnalysis.objects.filter(account=account).order_by("-version").first()
    elif needs_analysis.account_id != account.pk:
        raise ValidationError({"needs_analysis": _("That needs analysis is another account's.")})
    offer = Offer(account=account, created_by=actor, needs_analysis=needs_analysis, **data)
    offer.title = offer.title.strip()
    offer.full_clean()
    offer.save()
    _replace_lines(offer, lines)
    record_offer_event(offer=offer, actor=actor, change=OfferChange.CREATED)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=offer)
    return offer


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update(of=("self",)).select_related("account").get(pk=offer.pk)


def _refuse(message: str, field: str | None = None) -> ValidationError:
    return ValidationError({field: [message]} if field else message, code="offer_state")


@transaction.atomic
def offer_update(
    *,
    offer: Offer,
    actor: User,
    data: Mapping[str, Any],
    lines: Sequence[OfferLineInput] | None = None,
) -> Offer:
    """Change a draft; the lines, when given, replace the old ones (and are costed anew)."""
    _check_fields(data)
    locked = _locked(offer)
    if not locked.is_editable:
        raise _refuse(_("Only a draft can be changed. Make a new version of this offer instead."))
    changes = [(f, getattr(locked, f), v) for f, v in data.items() if getattr(locked, f) != v]
    for field, _old, new in changes:
        setattr(locked, field, new)
    locked.full_clean()
    locked.save(update_fields=[*(field for field, _o, _n in changes), "updated_at"])
    if lines is not None:
        _replace_lines(locked, lines)
    if changes or lines is not None:
        record_offer_event(offer=locked, actor=actor, change=OfferChange.UPDATED)
        audit_changes(actor=actor, obj=locked, changes=changes)
    return locked


@transaction.atomic
def offer_revise(*, offer: Offer, actor: User) -> Offer:
    """A new draft version with the same terms and lines; the open version it replaces is
    marked superseded. An accepted offer is final: the next deal is a new offer."""
    locked = _locked(offer)
    if locked.status == OfferStatus.ACCEPTED:
        raise _refuse(_("An accepted offer is final. Make a new offer for new terms."))
    series = locked.series_id
    latest = Offer.objects.filter(Q(pk=series) | Q(root_id=series)).aggregate(v=Max("version"))
    revision = Offer(
        account=locked.account,
        root_id=series,
        version=(latest["v"] or locked.version) + 1,
        created_by=actor,
        needs_analysis=locked.needs_analysis,
        **{field: getattr(locked, field) for field in OFFER_FIELDS},
    )
    revision.full_clean()
    revision.save()
    _replace_lines(
        revision,
        [
            OfferLineInput(
                line.service,
                line.price_per_parcel,
                line.expected_parcels_per_month,
                line.zone,
                line.weight_band,
            )
            for line in locked.lines.all()
        ],
    )
    older = Offer.objects.filter(Q(pk=series) | Q(root_id=series), status__in=_SUPERSEDABLE)
    older.exclude(pk=revision.pk).update(status=OfferStatus.SUPERSEDED)
    record_offer_event(offer=revision, actor=actor, change=OfferChange.REVISED)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=revision)
    return revision


def _set_status(offer: Offer, actor: User | None, status: str, **fields: Any) -> None:
    old = offer.status
    offer.status = status
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save(update_fields=["status", *fields, "updated_at"])
    audit_changes(actor=actor, obj=offer, changes=[("status", old, status)])


def _check_sendable_lines(offer: Offer) -> None:
    if not offer.lines.exists():
        raise _refuse(_("Add at least one line before the offer goes further."), "lines")


@transaction.atomic
def offer_submit(*, offer: Offer, actor: User, today: date) -> Offer:
    """Submit a draft: a low or unknown margin waits for a sales manager, any other is ready."""
    locked = _locked(offer)
    if locked.status != OfferStatus.DRAFT:
        raise _refuse(_("Only a draft can be submitted."))
    _check_sendable_lines(locked)
    if offer_needs_approval(locked):
        _set_status(locked, actor, OfferStatus.PENDING_APPROVAL, submitted_on=today)
        record_offer_event(offer=locked, actor=actor, change=OfferChange.SUBMITTED)
    else:
        _set_status(locked, actor, OfferStatus.APPROVED, submitted_on=today, approved_on=today)
        record_offer_event(offer=locked, actor=actor, change=OfferChange.AUTO_APPROVED)
    return locked


@transaction.atomic
def offer_approve(*, offer: Offer, actor: User, today: date) -> Offer:
    """A sales manager of the account's segment (or an admin) approves a low margin."""
    locked = _locked(offer)
    if not can_approve_offers(actor, locked.account):
        raise PermissionDenied(_("Only a sales manager of the account's segment may approve."))
    if locked.status != OfferStatus.PENDING_APPROVAL:
        raise _refuse(_("Only an offer waiting for approval can be approved."))
    _set_status(locked, actor, OfferStatus.APPROVED, approved_by=actor, approved_on=today)
    record_offer_event(offer=locked, actor=actor, change=OfferChange.APPROVED)
    return locked


def _check_valid(offer: Offer, today: date) -> None:
    if offer.valid_until < today:
        raise _refuse(
            _("The offer was valid until %(date)s. Make a new version with a later date.")
            % {"date": formats.date_format(offer.valid_until, "SHORT_DATE_FORMAT")},
            "valid_until",
        )


@transaction.atomic
def offer_send(*, offer: Offer, actor: User, today: date) -> Offer:
    """Mark the offer sent to the customer. A draft whose margin needs no approval is
    approved on the way; one that needs approval must be submitted and approved first."""
    locked = _locked(offer)
    if locked.status == OfferStatus.PENDING_APPROVAL:
        raise _refuse(
            _("This offer is waiting for a sales manager's approval and cannot be sent yet.")
        )
    approval: dict[str, date] = {}
    if locked.status == OfferStatus.DRAFT:
        _check_sendable_lines(locked)
        if offer_needs_approval(locked):
            raise _refuse(
                _(
                    "The margin is below the minimum: "
                    "submit the offer for a sales manager's approval."
                )
            )
        approval = {"submitted_on": today, "approved_on": today}
    elif locked.status != OfferStatus.APPROVED:
        raise _refuse(_("Only an approved offer can be sent."))
    _check_valid(locked, today)
    _set_status(locked, actor, OfferStatus.SENT, sent_on=today, **approval)
    record_offer_event(offer=locked, actor=actor, change=OfferChange.SENT)
    return locked


@dataclass(frozen=True)
class ContractTerms:
    """What accepting an offer needs to register the contract; the rest comes from the offer."""

    start_on: date
    end_on: date
    notice_months: int = 3
    auto_renewal: bool = False


@transaction.atomic
def offer_accept(
    *, offer: Offer, actor: User, today: date, contract: ContractTerms | None = None
) -> tuple[Offer, Contract | None]:
    """The customer said yes: the offer is accepted, the account becomes a customer, and with
    `contract` the contract is registered from the offer."""
    locked = _locked(offer)
    if locked.status != OfferStatus.SENT:
        raise _refuse(_("Only a sent offer can be accepted."))
    _check_valid(locked, today)
    _set_status(locked, actor, OfferStatus.ACCEPTED, decided_on=today)
    record_offer_event(offer=locked, actor=actor, change=OfferChange.ACCEPTED)
    account = locked.account
    if account.status != AccountStatus.CUSTOMER:
        account_update(account=account, actor=actor, data={"status": AccountStatus.CUSTOMER})
    created = None
    if contract is not None:
        created = contract_create(
            account=account,
            actor=actor,
            offer=locked,
            data={
                "title": locked.title,
                "start_on": contract.start_on,
                "end_on": contract.end_on,
                "notice_months": contract.notice_months,
                "auto_renewal": contract.auto_renewal,
                "price_adjustment_terms": locked.terms,
            },
        )
    return locked, created


@transaction.atomic
def offer_reject(*, offer: Offer, actor: User, today: date, reason: str = "") -> Offer:
    locked = _locked(offer)
    if locked.status != OfferStatus.SENT:
        raise _refuse(_("Only a sent offer can be rejected."))
    _set_status(locked, actor, OfferStatus.REJECTED, decided_on=today, decision_note=reason.strip())
    record_offer_event(offer=locked, actor=actor, change=OfferChange.REJECTED, note=reason.strip())
    return locked


@transaction.atomic
def offers_expire(*, today: date) -> int:
    """Sent offers whose validity ended before `today` expire. Running it twice changes nothing."""
    expired = 0
    for offer in (
        Offer.objects.select_for_update(of=("self",))
        .select_related("account")
        .filter(status=OfferStatus.SENT, valid_until__lt=today)
    ):
        _set_status(offer, None, OfferStatus.EXPIRED, decided_on=today)
        record_offer_event(offer=offer, actor=None, change=OfferChange.EXPIRED)
        expired += 1
    return expired


@transaction.atomic
def cost_rate_save(*, rate: CostRate, actor: User) -> CostRate:
    """Add or change one row of the cost model; new offer lines are costed from it."""
    old = CostRate.objects.filter(pk=rate.pk).first() if rate.pk else None
    rate.zone = rate.zone.strip()
    rate.updated_by = actor
    rate.full_clean()
    rate.save()
    if old is None:
        audit_record(action=AuditAction.CREATE, actor=actor, obj=rate)
    else:
        fields = ("service", "zone", "weight_band", "cost_per_parcel")
        audit_changes(
            actor=actor,
            obj=rate,
            changes=[
                (f, getattr(old, f), getattr(rate, f))
                for f in fields
                if getattr(old, f) != getattr(rate, f)
            ],
        )
    return rate


@transaction.atomic
def cost_rate_delete(*, rate: CostRate, actor: User) -> None:
    audit_record(action=AuditAction.DELETE, actor=actor, obj=rate)
    rate.delete()
