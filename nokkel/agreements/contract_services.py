"""Contracts and their renewal alerts. Each change writes the timeline and the audit log."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account
from nokkel.accounts.services import StaleEditError
from nokkel.activities.services import follow_up_create
from nokkel.agreements import contract_dates
from nokkel.agreements.events import ContractChange, record_contract_event
from nokkel.agreements.models import MAX_NOTICE_MONTHS, Contract, Offer
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.timeline.models import EventKind
from nokkel.users.models import User

logger = logging.getLogger(__name__)

CONTRACT_FIELDS = (
    "title",
    "start_on",
    "end_on",
    "notice_months",
    "auto_renewal",
    "on_time_target",
    "service_levels",
    "price_adjustment_terms",
)
PDF_MAGIC = b"%PDF-"


def contract_max_bytes() -> int:
    return int(getattr(settings, "NOKKEL_CONTRACT_MAX_BYTES", 20 * 1024 * 1024))


def renewal_alert_days() -> int:
    return int(getattr(settings, "NOKKEL_RENEWAL_ALERT_DAYS", 60))


def check_contract_document(document: File) -> None:
    """A signed contract is a PDF (by its first bytes, not its name) within the size limit."""
    limit = contract_max_bytes()
    if document.size is not None and document.size > limit:
        raise ValidationError(
            {
                "document": _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(document.size), "limit": filesizeformat(limit)}
            }
        )
    document.seek(0)
    head = document.read(len(PDF_MAGIC))
    document.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"document": _("Only PDF files can be uploaded; this is not a PDF.")})


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"Not contract fields: {sorted(unknown)}")


def _validate(contract: Contract) -> None:
    if contract.start_on and contract.end_on and contract.end_on < contract.start_on:
        raise ValidationError({"end_on": _("A contract cannot end before it starts.")})
    contract.full_clean()


def _attach(contract: Contract, document: File | None) -> None:
    if document is None:
        return
    check_contract_document(document)
    contract.document = document
    contract.document_name = PurePath(document.name or "contract.pdf").name[:200]


@transaction.atomic
def contract_create(
    *,
    account: Account,
    actor: User,
    data: Mapping[str, Any],
    document: File | None = None,
    offer: Offer | None = None,
) -> Contract:
    """Register a contract; the end must not come before the start."""
    _check_fields(data)
    if offer is not None and offer.account_id != account.pk:
        raise ValidationError({"offer": _("That offer is another account's.")})
    contract = Contract(account=account, offer=offer, created_by=actor, **data)
    contract.title = contract.title.strip()
    _attach(contract, document)
    _validate(contract)
    contract.save()
    record_contract_event(contract=contract, actor=actor, change=ContractChange.CREATED)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=contract)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    actor: User,
    data: Mapping[str, Any],
    document: File | None = None,
    expected_version: int | None = None,
) -> Contract:
    """Change a contract's terms or replace its signed document (the old file is removed)."""
    _check_fields(data)
    locked = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=contract.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleEditError(
            _("Someone else changed this contract while you were editing it; reload and try again.")
        )
    changes = [(f, getattr(locked, f), v) for f, v in data.items() if getattr(locked, f) != v]
    for field, _old, new in changes:
        setattr(locked, field, new)
    old_file = locked.document.name if document is not None else ""
    _attach(locked, document)
    if not changes and document is None:
        return locked
    _validate(locked)
    locked.version += 1
    locked.save()
    if old_file:
        storage = locked.document.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    if changes:
        record_contract_event(contract=locked, actor=actor, change=ContractChange.UPDATED)
        audit_changes(actor=actor, obj=locked, changes=changes)
    if document is not None:
        record_contract_event(contract=locked, actor=actor, change=ContractChange.DOCUMENT)
        audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=locked,
            field="document",
            new=locked.document_name,
        )
    return locked


def _alert_mail(contract: Contract, deadline: date, link: str) -> tuple[str, str]:
    values = {
        "account": contract.account.name,
        "title": contract.title,
        "end": formats.date_format(contract.end_on, "SHORT_DATE_FORMAT"),
        "deadline": formats.date_format(deadline, "SHORT_DATE_FORMAT"),
    }
    subject = _("Renewal coming: %(account)s, notice by %(deadline)s") % values
    lines = [
        _("The contract “%(title)s” with %(account)s ends %(end)s.") % values,
        _("Notice must be given by %(deadline)s.") % values,
        _("It renews automatically unless notice is given.")
        if contract.auto_renewal
        else _("It does not renew by itself: agree on a renewal with the customer."),
        "",
        link,
    ]
    return subject, "\n".join(lines)


@transaction.atomic
def _alert_one(*, contract_id: int, today: date, alert_days: int, base_url: str) -> bool:
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("account", "account__kam", "account__deputy")
        .get(pk=contract_id)
    )
    deadline = contract.notice_deadline
    due = contract_dates.renewal_alert_due(
        today=today,
        end_on=contract.end_on,
        notice_months=contract.notice_months,
        alert_days=alert_days,
    )
    if not due or contract.renewal_alert_sent_for == deadline:
        return False
    account = contract.account
    owner = account.kam or account.deputy
    if owner is not None:
        follow_up_create(
            account=account,
            actor=owner,
            owner=owner,
            title=_("Renewal of “%(title)s”: notice by %(deadline)s")
            % {
                "title": contract.title,
                "deadline": formats.date_format(deadline, "SHORT_DATE_FORMAT"),
            },
            due_on=max(deadline, today),
        )
    record_contract_event(
        contract=contract,
        actor=None,
        change="renewal_alert",
        kind=EventKind.CONTRACT_RENEWAL_ALERT,
        deadline=deadline.isoformat(),
    )
    contract.renewal_alert_sent_for = deadline
    contract.save(update_fields=["renewal_alert_sent_for"])
    recipients = [p.email for p in (account.kam, account.deputy) if p is not None and p.email]
    if recipients:
        link = base_url.rstrip("/") + contract.get_absolute_url() if base_url else ""
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _alert_mail(contract, deadline, link)
        # Inside the transaction: if the mail cannot go, the alert is not marked as sent.
        send_mail(subject, body, None, recipients)
    return True


def contract_renewal_alerts_send(*, today: date, base_url: str = "") -> int:
    """Warn the KAM and deputy of every contract whose notice deadline is near: an e-mail
    and a follow-up, once per contract term (a later end date gets a new alert).

    The alert falls NOKKEL_RENEWAL_ALERT_DAYS (default 60) before the notice deadline and
    is still sent until the contract ends. Each contract is its own transaction, so one
    failing mail does not hold back the others; running it again sends nothing twice.
    Returns how many alerts were sent.
    """
    alert_days = renewal_alert_days()
    # Links start with the site's own address unless the caller names another.
    base_url = base_url or str(settings.NOKKEL_BASE_URL)
    horizon = today + timedelta(days=alert_days + 31 * (MAX_NOTICE_MONTHS + 1))
    candidates = list(
        Contract.objects.filter(end_on__gte=today, end_on__lte=horizon)
        .order_by("end_on", "id")
        .values_list("pk", flat=True)
    )
    sent = 0
    for contract_id in candidates:
        try:
            if _alert_one(
                contract_id=contract_id, today=today, alert_days=alert_days, base_url=base_url
            ):
                sent += 1
        except Exception:  # one contract's failure must not stop the others' alerts
            logger.exception("Renewal alert for contract %s failed", contract_id)
    return sent
