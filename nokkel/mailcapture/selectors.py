"""Reads for mail capture: whose mail it is, whom it is about, and the mail left to sort."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower

from nokkel.accounts.models import Account, Contact
from nokkel.activities.models import Interaction
from nokkel.mailcapture.conf import drop_mailbox
from nokkel.mailcapture.models import DropAddress, TriageMessage, TriageStatus
from nokkel.mailcapture.parsing import ParsedMail, normalize_address, plus_token
from nokkel.users.models import User


def drop_address_of(*, user: User) -> DropAddress | None:
    """The user's drop address; None until they have asked for one."""
    return DropAddress.objects.filter(user=user).first()


def drop_address_email(*, drop: DropAddress) -> str:
    """The personal address: the mailbox with the user's token as its plus part."""
    local, _, domain = drop_mailbox().partition("@")
    return f"{local}+{drop.token}@{domain}"


def forwarding_user(*, mail: ParsedMail) -> User | None:
    """Who sent the mail to the drop box: the active owner of a drop address it was
    delivered to. Delivered-To and X-Original-To name the copy at hand, so they count
    before To and Cc; within each, the first address wins. The From: header is never
    trusted for this: anyone can write any address there."""
    mailbox = drop_mailbox()
    for addresses in (mail.delivery_addresses, mail.recipient_addresses):
        tokens = [t for t in (plus_token(a, mailbox) for a in addresses) if t]
        if not tokens:
            continue
        owners = {
            drop.token: drop.user
            for drop in DropAddress.objects.filter(
                token__in=tokens, user__is_active=True
            ).select_related("user")
        }
        for token in tokens:
            if token in owners:
                return owners[token]
    return None


def contacts_matching(
    *, addresses: Iterable[str], accounts: QuerySet[Account]
) -> dict[Account, list[Contact]]:
    """Active contacts on the given accounts whose e-mail is one of the addresses
    (case-insensitively), grouped by account in name order."""
    wanted = sorted({normalize_address(a) for a in addresses if a})
    if not wanted:
        return {}
    contacts = (
        Contact.objects.filter(account__in=accounts.values("pk"), active=True)
        .exclude(email="")
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted)
        .select_related("account")
        .order_by("account__name", "account_id", "name", "id")
    )
    grouped: dict[Account, list[Contact]] = {}
    for contact in contacts:
        grouped.setdefault(contact.account, []).append(contact)
    return grouped


def accounts_with_message(*, message_id: str, accounts: Iterable[Account]) -> set[int]:
    """Ids of those accounts on which a mail with this Message-ID is already logged."""
    return set(
        Interaction.objects.filter(
            email_message_id=message_id, account__in=[a.pk for a in accounts]
        ).values_list("account_id", flat=True)
    )


def triage_already_has(*, message_id: str, user: User) -> bool:
    """Whether this user's triage list ever held a mail with this Message-ID."""
    return TriageMessage.objects.filter(message_id=message_id, user=user).exists()


def _with_visible_interaction(qs: QuerySet[TriageMessage], user: User) -> QuerySet[TriageMessage]:
    # A sorted mail names the account it went to only while the user may still see that
    # interaction: access to an account can end after the mail was sorted.
    visible = Interaction.objects.visible_to(user).filter(pk=OuterRef("interaction_id"))
    return qs.select_related("interaction__account").annotate(interaction_visible=Exists(visible))


def triage_list(*, user: User, status: str | None = TriageStatus.OPEN) -> QuerySet[TriageMessage]:
    """The user's own captured mail; `interaction_visible` on each says whether the
    account it was logged on may be named."""
    qs = _with_visible_interaction(TriageMessage.objects.visible_to(user), user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-id")


def triage_get(*, user: User, message_id: int) -> TriageMessage:
    """One of the user's captured mails, annotated as triage_list's are."""
    return _with_visible_interaction(TriageMessage.objects.visible_to(user), user).get(
        pk=message_id
    )


def triage_account_choices(*, user: User) -> QuerySet[Account]:
    """Accounts mail may be assigned to: those the user may see."""
    return Account.objects.visible_to(user).order_by("name", "id")
