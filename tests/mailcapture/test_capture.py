"""Mail from the drop mailbox: logged where its people are, else left to sort; once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from nokkel.activities.models import Interaction, InteractionKind, InteractionSource
from nokkel.mailcapture.models import TriageMessage, TriageStatus
from nokkel.mailcapture.selectors import drop_address_email
from nokkel.mailcapture.services import (
    Outcome,
    drop_address_get_or_create,
    drop_address_regenerate,
    mail_capture,
    triage_assign,
    triage_discard,
)
from nokkel.users.models import Role
from tests.factories import AccountFactory, ContactFactory, UserFactory
from tests.mailcapture.mails import build_mail

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def test_a_users_drop_address_is_a_plus_address_made_once(kari):
    drop = drop_address_get_or_create(user=kari)
    assert drop_address_get_or_create(user=kari) == drop
    address = drop_address_email(drop=drop)
    assert address == f"crm+{drop.token}@carrier.example"
    assert len(drop.token) >= 30
    assert drop.token == drop.token.lower()


def test_a_new_drop_address_replaces_the_old_one(kari, karis_drop_address, per):
    drop_address_regenerate(user=kari)
    raw = build_mail(
        sender="kari.privat@mail.example",
        to="per@fjellsport.example",
        bcc_delivered_to=karis_drop_address,
    )
    result = mail_capture(raw=raw, now=NOW)
    assert result.outcome == Outcome.UNKNOWN_SENDER


def test_a_bcc_to_a_contact_is_logged_on_the_contacts_account(
    kari, karis_account, karis_drop_address, per
):
    raw = build_mail(
        sender="Kari Nordmann <kari.privat@mail.example>",
        to="Per Bakken <per@fjellsport.example>",
        bcc_delivered_to=karis_drop_address,
        message_id="<bcc-1@carrier.example>",
    )
    result = mail_capture(raw=raw, now=NOW)

    assert result.outcome == Outcome.LOGGED
    [interaction] = result.interactions
    assert interaction.account == karis_account
    assert interaction.kind == InteractionKind.EMAIL
    assert interaction.source == InteractionSource.EMAIL
    assert interaction.author == kari
    assert interaction.email_message_id == "<bcc-1@carrier.example>"
    assert interaction.happened_at == datetime(2026, 3, 3, 8, 15, tzinfo=UTC)
    assert list(interaction.contacts.all()) == [per]
    assert interaction.summary.startswith("Ny fraktavtale\n\nHei Kari,")


def test_a_mail_forwarded_from_the_users_own_address_is_theirs(kari, karis_account, per):
    forwarded = (
        "Se under.\n\n---------- Forwarded message ---------\n"
        "From: Per Bakken <per@fjellsport.example>\nDate: mandag\n\nKan dere hente i morgen?"
    )
    raw = build_mail(
        sender="kari@carrier.example",
        to="crm@carrier.example",
        subject="Fwd: Henting",
        body=forwarded,
        date=None,
    )
    result = mail_capture(raw=raw, now=NOW)
    [interaction] = result.interactions
    assert interaction.account == karis_account
    assert list(interaction.contacts.all()) == [per]
    assert interaction.happened_at == NOW


def test_one_interaction_per_account_with_that_accounts_contacts(
    kari, karis_account, karis_drop_address, per, segment
):
    other = AccountFactory(name="Annen Butikk AS", kam=kari, segment=segment)
    lise = ContactFactory(account=other, email="lise@annen.example")
    ContactFactory(account=other, email="gone@annen.example", active=False)
    raw = build_mail(
        to="per@fjellsport.example",
        cc="LISE@annen.example, gone@annen.example",
        bcc_delivered_to=karis_drop_address,
    )
    result = mail_capture(raw=raw, now=NOW)
    by_account = {i.account: list(i.contacts.all()) for i in result.interactions}
    assert by_account == {other: [lise], karis_account: [per]}


def test_an_unknown_sender_lands_in_the_users_triage_list(kari, karis_drop_address, per):
    raw = build_mail(
        sender="Ukjent <ny@kunde.example>",
        to=karis_drop_address,
        subject="=?utf-8?q?Foresp=C3=B8rsel?=",
        message_id="<new-1@kunde.example>",
    )
    result = mail_capture(raw=raw, now=NOW)

    assert result.outcome == Outcome.TRIAGED
    triage = TriageMessage.objects.get()
    assert triage.user == kari
    assert triage.from_address == "ny@kunde.example"
    assert triage.to_addresses == [karis_drop_address]
    assert triage.subject == "Forespørsel"
    assert triage.status == TriageStatus.OPEN
    assert not Interaction.objects.exists()


def test_a_contact_on_an_account_the_user_cannot_see_is_not_logged_there(
    ola, karis_account, per, olas_account
):
    olas_drop = drop_address_email(drop=drop_address_get_or_create(user=ola))
    raw = build_mail(sender="per@fjellsport.example", to=olas_drop)
    result = mail_capture(raw=raw, now=NOW)

    assert result.outcome == Outcome.TRIAGED
    assert not Interaction.objects.filter(account=karis_account).exists()
    assert TriageMessage.objects.get().user == ola


def test_mail_nobody_forwarded_is_not_stored(per):
    raw = build_mail(to="crm+not-a-token@carrier.example")
    assert mail_capture(raw=raw, now=NOW).outcome == Outcome.UNKNOWN_SENDER
    assert not Interaction.objects.exists()
    assert not TriageMessage.objects.exists()


def test_a_read_only_user_cannot_capture_mail(per, segment):
    viewer = UserFactory(username="viewer", role=Role.READ_ONLY)
    raw = build_mail(to=drop_address_email(drop=drop_address_get_or_create(user=viewer)))
    assert mail_capture(raw=raw, now=NOW).outcome == Outcome.NOT_ALLOWED


def test_the_same_message_is_captured_once(kari, karis_drop_address, per):
    logged = build_mail(bcc_delivered_to=karis_drop_address, message_id="<same@shop.example>")
    triaged = build_mail(
        sender="ny@kunde.example", to=karis_drop_address, message_id="<other@kunde.example>"
    )
    assert mail_capture(raw=logged, now=NOW).outcome == Outcome.LOGGED
    assert mail_capture(raw=triaged, now=NOW).outcome == Outcome.TRIAGED

    assert mail_capture(raw=logged, now=NOW).outcome == Outcome.DUPLICATE
    assert mail_capture(raw=triaged, now=NOW).outcome == Outcome.DUPLICATE
    assert Interaction.objects.count() == 1
    assert TriageMessage.objects.count() == 1


def test_assigning_a_triaged_mail_logs_it_with_the_accounts_contacts(
    kari, karis_account, karis_drop_address
):
    raw = build_mail(sender="ny@kunde.example", to=karis_drop_address)
    triage = mail_capture(raw=raw, now=NOW).triage
    assert triage is not None
    newcomer = ContactFactory(account=karis_account, email="Ny@Kunde.example")

    interaction = triage_assign(triage=triage, account=karis_account, actor=kari, now=NOW)

    triage.refresh_from_db()
    assert triage.status == TriageStatus.ASSIGNED
    assert triage.interaction == interaction
    assert interaction.account == karis_account
    assert list(interaction.contacts.all()) == [newcomer]
    assert interaction.email_message_id == triage.message_id
    with pytest.raises(ValidationError):
        triage_discard(triage=triage, actor=kari)


def test_a_triaged_mail_cannot_be_assigned_to_an_account_the_user_cannot_see(
    kari, karis_drop_address, olas_account
):
    triage = mail_capture(
        raw=build_mail(sender="ny@kunde.example", to=karis_drop_address), now=NOW
    ).triage
    with pytest.raises(ValidationError):
        triage_assign(triage=triage, account=olas_account, actor=kari, now=NOW)
    assert not Interaction.objects.exists()


def test_a_discarded_mail_is_kept_so_it_is_not_captured_again(kari, karis_drop_address):
    raw = build_mail(sender="ny@kunde.example", to=karis_drop_address)
    triage = mail_capture(raw=raw, now=NOW).triage
    triage_discard(triage=triage, actor=kari)
    assert TriageMessage.objects.get().status == TriageStatus.DISCARDED
    assert mail_capture(raw=raw, now=NOW).outcome == Outcome.DUPLICATE


def test_attachments_are_not_stored(kari, karis_drop_address, per):
    raw = build_mail(bcc_delivered_to=karis_drop_address, attachment=b"%PDF-1.4 hemmelig")
    [interaction] = mail_capture(raw=raw, now=NOW).interactions
    assert "PDF" not in interaction.summary
    assert "tilbud.pdf" not in interaction.summary


def test_a_forwarded_mail_from_nobody_known_is_sorted_under_its_original_sender(kari):
    body = "FYI\n\n-----Original Message-----\nFrom: Ny Kunde <ny@kunde.example>\n\nHei"
    raw = build_mail(sender="kari@carrier.example", to="crm@carrier.example", body=body)
    assert mail_capture(raw=raw, now=NOW).outcome == Outcome.TRIAGED
    assert TriageMessage.objects.get().from_address == "ny@kunde.example"
