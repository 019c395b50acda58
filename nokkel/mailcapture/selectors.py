"""Reads for mail capture: whose mail it is, whom it is about, and the mail left to sort."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.functions import Lower

from nokkel.accounts.models import Account, Contact
from nokkel.activities.models import Interaction
from nokkel.mailcapture.conf import drop_mailbox
from nokkel.mailcapture.models import DropAddress, TriageMessage, TriageStatus
from nokkel.mailcapture.parsing import ParsedMail, normalize_address, plus_token
from nokkel.users.models import User


def drop_address_email(*, drop: DropAddress) -> str:
    """The personal address: the mailbox with the user's token as its plus part."""
    local, _, domain = drop_mailbox().partition("@")
    return f"{local}+{drop.token}@{domain}"


def forwarding_user(*, mail: ParsedMail) -> User | None:
    """Who sent the mail to the drop box: the token of a drop address it was delivered to,
    else an active user whose own e-mail address is the sender."""
    mailbox = drop_mailbox()
    candidates = [*mail.delivery_addresses, *mail.recipient_addresses]
    tokens = [t for t in (plus_token(a, mailbox) for a in candidates) if t]
    if tokens:
        drop = (
            DropAddress.objects.filter(token__in=tokens, user__is_active=True)
            .select_related("user")
            .first()
        )
        if drop is not None:
            return drop.user
    if not mail.from_address:
        return None
    matches = list(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower=normalize_address(mail.from_address), is_active=True)
        .order_by("id")[:2]
    )
    # Two people sharing an address cannot be told apart: better to capture nothing.
    return matches[0] if len(matches) == 1 else None


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


def message_already_captured(*, message_id: str, user: User | None = None) -> bool:
    """Whether a mail with this Message-ID was logged on an account or put up for triage."""
    if Interaction.objects.filter(email_message_id=message_id).exists():
        return True
    triage = TriageMessage.objects.filter(message_id=message_id)
    if user is not None:
        triage = triage.filter(user=user)
    return triage.exists()


def triage_list(*, user: User, status: str | None = TriageStatus.OPEN) -> QuerySet[TriageMessage]:
    qs = TriageMessage.objects.visible_to(user).select_related("interaction__account")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-id")


def triage_get(*, user: User, message_id: int) -> TriageMessage:
    return (
        TriageMessage.objects.visible_to(user)
        .select_related("interaction__account")
        .get(pk=message_id)
    )


def triage_account_choices(*, user: User) -> QuerySet[Account]:
    """Accounts mail may be assigned to: those the user may see."""
    return Account.objects.visible_to(user).order_by("name", "id")
