"""Capturing e-mail as interactions: from the drop mailbox, from triage and from .eml files.

A captured mail is logged once per account whose contacts it involves, only on
accounts the forwarding user may see; mail that involves nobody known waits in the
user's triage list. The forwarding user is known only by the token of their drop
address. A Message-ID is logged once per account and put up for triage once per user,
so two KAMs forwarding the same mail each get it on their own accounts.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, Contact
from nokkel.activities.models import Interaction, InteractionKind, InteractionSource
from nokkel.activities.services import interaction_log
from nokkel.mailcapture import imap
from nokkel.mailcapture.conf import drop_mailbox, imap_config
from nokkel.mailcapture.models import DropAddress, TriageMessage, TriageStatus
from nokkel.mailcapture.parsing import ParsedMail, forwarded_senders, parse_mail, summary_text
from nokkel.mailcapture.selectors import (
    accounts_with_message,
    contacts_matching,
    forwarding_user,
    triage_already_has,
)
from nokkel.users.models import User

logger = logging.getLogger(__name__)

# 24 random bytes: 32 characters, lower-cased because some mail servers lower-case the
# local part of an address on the way (still about 160 bits of guessing).
TOKEN_BYTES = 24
SUBJECT_MAX = 998


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES).lower()


@transaction.atomic
def drop_address_get_or_create(*, user: User) -> DropAddress:
    """The user's drop address, made when they first ask for one (a POST, never a GET)."""
    drop, _created = DropAddress.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return drop


@transaction.atomic
def drop_address_regenerate(*, user: User) -> DropAddress:
    """A new token; mail to the old address is no longer recognised as the user's."""
    drop = drop_address_get_or_create(user=user)
    drop.token = _new_token()
    drop.full_clean()
    drop.save(update_fields=["token"])
    return drop


def _log_on_account(
    *, account: Account, author: User, mail: ParsedMail, contacts: Sequence[Contact], now: datetime
) -> Interaction:
    return interaction_log(
        account=account,
        author=author,
        kind=InteractionKind.EMAIL,
        happened_at=mail.sent_at or now,
        summary=summary_text(mail.subject, mail.body_text) or _("(e-mail without text)"),
        contacts=contacts,
        source=InteractionSource.EMAIL,
        email_message_id=mail.message_id,
    )


class Outcome(StrEnum):
    LOGGED = "logged"
    TRIAGED = "triaged"
    DUPLICATE = "duplicate"
    UNKNOWN_SENDER = "unknown_sender"
    NOT_ALLOWED = "not_allowed"


@dataclass
class CaptureResult:
    outcome: Outcome
    interactions: list[Interaction] = field(default_factory=list)
    triage: TriageMessage | None = None


@transaction.atomic
def mail_capture(*, raw: bytes, now: datetime) -> CaptureResult:
    """Store one mail from the drop mailbox: interactions on matched accounts, else triage.

    `now` dates a mail without a readable Date header. A mail not sent to a known drop
    address of an active user, or whose forwarder may not log interactions (read-only),
    is not stored: it is logged as a warning and stays in the mailbox, marked seen.
    A mail already logged on every matched account, or already in the user's triage
    list (open, sorted or discarded), is a duplicate.
    """
    mail = parse_mail(raw)
    user = forwarding_user(mail=mail)
    if user is None:
        logger.warning("mail capture: %s has no known drop address; not stored", mail.message_id)
        return CaptureResult(Outcome.UNKNOWN_SENDER)
    if user.is_read_only:
        logger.warning("mail capture: %s is read-only; %s not stored", user, mail.message_id)
        return CaptureResult(Outcome.NOT_ALLOWED)
    # One capture per user at a time, so two fetches of the same mail cannot both log it.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    if triage_already_has(message_id=mail.message_id, user=user):
        return CaptureResult(Outcome.DUPLICATE)
    own = user.email.lower()
    mailbox = drop_mailbox().lower()
    addresses = [a for a in mail.people_addresses if a not in (own, mailbox)]
    matched = contacts_matching(addresses=addresses, accounts=Account.objects.visible_to(user))
    if matched:
        # Locked, so two people forwarding the same mail at once cannot both log it here.
        pks = [account.pk for account in matched]
        list(Account.objects.select_for_update().filter(pk__in=pks).values_list("pk", flat=True))
        logged = accounts_with_message(message_id=mail.message_id, accounts=matched)
        if len(logged) == len(matched):
            return CaptureResult(Outcome.DUPLICATE)
        return CaptureResult(
            Outcome.LOGGED,
            interactions=[
                _log_on_account(account=account, author=user, mail=mail, contacts=contacts, now=now)
                for account, contacts in matched.items()
                if account.pk not in logged
            ],
        )
    # A mail the user forwarded is shown as from its original sender.
    forwarded = mail.from_address == own and mail.forwarded_from
    triage = TriageMessage(
        user=user,
        message_id=mail.message_id,
        from_address=(mail.forwarded_from[0] if forwarded else mail.from_address)[:254],
        to_addresses=mail.recipient_addresses,
        subject=mail.subject[:SUBJECT_MAX],
        body_text=mail.body_text,
        received_at=mail.sent_at or now,
    )
    triage.full_clean()
    try:
        with transaction.atomic():
            triage.save()
    except IntegrityError:
        # The same mail stored a moment ago by a concurrent fetch.
        return CaptureResult(Outcome.DUPLICATE)
    return CaptureResult(Outcome.TRIAGED, triage=triage)


def mail_fetch(*, now: datetime) -> dict[str, int]:
    """Fetch the unseen mail of the drop mailbox and capture each; counts per outcome.

    Raises imap.ImapError when no mailbox is configured or it cannot be read.
    """
    config = imap_config()
    if not config.is_configured:
        raise imap.ImapError("NOKKEL_IMAP_HOST and NOKKEL_IMAP_USER are not set")
    counts = {outcome.value: 0 for outcome in Outcome}

    def handle(raw: bytes) -> None:
        counts[mail_capture(raw=raw, now=now).outcome.value] += 1

    report = imap.fetch_unseen(config=config, handle=handle)
    counts["failed"] = report.failed
    return counts


def _refuse_if_logged(*, account: Account, message_id: str) -> None:
    if accounts_with_message(message_id=message_id, accounts=[account]):
        raise ValidationError(
            {"account": _("This e-mail is already logged on %(account)s.") % {"account": account}}
        )


def _triage_open_for(*, triage: TriageMessage, actor: User) -> TriageMessage:
    locked = TriageMessage.objects.select_for_update().get(pk=triage.pk)
    if locked.user_id != actor.pk:
        raise ValidationError(_("This mail was forwarded by someone else."))
    if locked.status != TriageStatus.OPEN:
        raise ValidationError(_("This mail has already been sorted."))
    return locked


@transaction.atomic
def triage_assign(
    *, triage: TriageMessage, account: Account, actor: User, now: datetime
) -> Interaction:
    """Log a mail from the triage list on an account the user may see."""
    locked = _triage_open_for(triage=triage, actor=actor)
    if not Account.objects.visible_to(actor).filter(pk=account.pk).exists():
        raise ValidationError({"account": _("You cannot log mail on this account.")})
    _refuse_if_logged(account=account, message_id=locked.message_id)
    mail = ParsedMail(
        message_id=locked.message_id,
        subject=locked.subject,
        from_address=locked.from_address,
        to_addresses=list(locked.to_addresses),
        forwarded_from=forwarded_senders(locked.body_text),
        sent_at=locked.received_at,
        body_text=locked.body_text,
    )
    matched = contacts_matching(
        addresses=mail.people_addresses, accounts=Account.objects.filter(pk=account.pk)
    )
    interaction = _log_on_account(
        account=account,
        author=actor,
        mail=mail,
        contacts=matched.get(account, []),
        now=now,
    )
    locked.status = TriageStatus.ASSIGNED
    locked.interaction = interaction
    locked.save(update_fields=["status", "interaction", "updated_at"])
    return interaction


@transaction.atomic
def triage_discard(*, triage: TriageMessage, actor: User) -> TriageMessage:
    """Drop a mail from the triage list; it is kept, so fetching it again logs nothing."""
    locked = _triage_open_for(triage=triage, actor=actor)
    locked.status = TriageStatus.DISCARDED
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def eml_upload_log(*, account: Account, actor: User, raw: bytes, now: datetime) -> Interaction:
    """Log an uploaded .eml file on this account, with the account's contacts it involves.

    The caller has checked the account is visible to the actor (a 404 otherwise).
    """
    mail = parse_mail(raw)
    _refuse_if_logged(account=account, message_id=mail.message_id)
    matched = contacts_matching(
        addresses=mail.people_addresses, accounts=Account.objects.filter(pk=account.pk)
    )
    return _log_on_account(
        account=account, author=actor, mail=mail, contacts=matched.get(account, []), now=now
    )
