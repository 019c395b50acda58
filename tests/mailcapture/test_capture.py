"""Mail from the drop mailbox: logged where its people are, else left to sort; once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from nokkel.activities.models import Interaction, InteractionKind, InteractionSource
from nokkel.activities.services import interaction_log
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


def test_a_mail_forwarded_to_the_users_drop_address_is_theirs(
    kari, karis_account, karis_drop_address, per
):
    forwarded = (
        "Se under.\n\n---------- Forwarded message ---------\n"
        "From: Per Bakken <per@fjellsport.example>\nDate: mandag\n\nKan dere hente i morgen?"
    )
    raw = build_mail(
        sender="kari@carrier.example",
        to=karis_drop_address,
        subject="Fwd: Henting",
        body=forwarded,
        date=None,
    )
    result = mail_capture(raw=raw, now=NOW)
    [interaction] = result.interactions
    assert interaction.account == karis_account
    assert interaction.author == kari
    assert list(interaction.contacts.all()) == [per]
    assert interaction.happened_at == NOW


def test_a_mail_that_only_claims_to_be_from_a_user_is_not_stored(kari, per, caplog):
    # Anyone can write Kari's address in From:; only her drop address says it is hers.
    raw = build_mail(
        sender="Kari Nordmann <kari@carrier.example>",
        to="crm@carrier.example",
        cc="per@fjellsport.example",
        message_id="<spoofed@evil.example>",
    )

    with caplog.at_level(logging.WARNING, logger="nokkel.mailcapture.services"):
        result = mail_capture(raw=raw, now=NOW)

    assert result.outcome == Outcome.UNKNOWN_SENDER
    assert not Interaction.objects.exists()
    assert not TriageMessage.objects.exists()
    assert "<spoofed@evil.example>" in caplog.text


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


def test_a_forwarded_mail_from_nobody_known_is_sorted_under_its_original_sender(
    kari, karis_drop_address
):
    body = "FYI\n\n-----Original Message-----\nFrom: Ny Kunde <ny@kunde.example>\n\nHei"
    raw = build_mail(sender="kari@carrier.example", to=karis_drop_address, body=body)
    assert mail_capture(raw=raw, now=NOW).outcome == Outcome.TRIAGED
    assert TriageMessage.objects.get().from_address == "ny@kunde.example"


def test_two_kams_forwarding_the_same_mail_each_get_it_on_their_own_account(
    kari, ola, karis_account, karis_drop_address, per, olas_account
):
    lise = ContactFactory(account=olas_account, email="lise@havbruk.example")
    olas_drop = drop_address_email(drop=drop_address_get_or_create(user=ola))
    for drop in (karis_drop_address, olas_drop):
        raw = build_mail(
            to="per@fjellsport.example",
            cc="lise@havbruk.example",
            bcc_delivered_to=drop,
            message_id="<shared@fjellsport.example>",
        )
        assert mail_capture(raw=raw, now=NOW).outcome == Outcome.LOGGED

    by_account = {i.account: i.author for i in Interaction.objects.all()}
    assert by_account == {karis_account: kari, olas_account: ola}
    # Kari now sees Ola's account too, where Ola logged the mail already: nothing twice.
    olas_account.deputy = kari
    olas_account.save(update_fields=["deputy"])
    again = build_mail(
        to="per@fjellsport.example",
        cc="lise@havbruk.example",
        bcc_delivered_to=karis_drop_address,
        message_id="<shared@fjellsport.example>",
    )
    assert mail_capture(raw=again, now=NOW).outcome == Outcome.DUPLICATE
    assert Interaction.objects.count() == 2
    assert [i.account for i in Interaction.objects.filter(author=kari)] == [karis_account]
    assert list(Interaction.objects.get(account=olas_account).contacts.all()) == [lise]


def test_two_users_each_get_the_same_unknown_mail_to_sort(kari, ola, karis_drop_address):
    olas_drop = drop_address_email(drop=drop_address_get_or_create(user=ola))
    for drop in (karis_drop_address, olas_drop):
        raw = build_mail(sender="ny@kunde.example", to=drop, message_id="<ny@kunde.example>")
        assert mail_capture(raw=raw, now=NOW).outcome == Outcome.TRIAGED
    assert sorted(TriageMessage.objects.values_list("user__username", flat=True)) == [
        "kari",
        "ola",
    ]


def test_a_triaged_mail_already_logged_on_the_account_is_not_logged_twice(
    kari, ola, karis_account, karis_drop_address, per
):
    raw = build_mail(sender="ny@kunde.example", to=karis_drop_address, message_id="<x@kunde>")
    triage = mail_capture(raw=raw, now=NOW).triage
    interaction_log(
        account=karis_account,
        author=kari,
        kind=InteractionKind.EMAIL,
        happened_at=NOW,
        summary="logged by hand",
        email_message_id="<x@kunde>",
    )
    with pytest.raises(ValidationError):
        triage_assign(triage=triage, account=karis_account, actor=kari, now=NOW)
    assert Interaction.objects.count() == 1
