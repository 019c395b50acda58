"""Contracts and renewals: terms, the signed PDF, the renewal alert and the renewal list."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from nokkel.activities.models import FollowUp
from nokkel.agreements import selectors
from nokkel.agreements.contract_services import (
    contract_create,
    contract_renewal_alerts_send,
    contract_update,
)
from nokkel.agreements.models import Contract
from nokkel.agreements.tasks import send_renewal_alerts_task
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%signed\n"


def pdf_file(content: bytes = PDF, name: str = "avtale.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_contract(account, actor, start=date(2026, 1, 1), end=date(2026, 12, 31), **data):
    return contract_create(
        account=account,
        actor=actor,
        data={"title": "Rammeavtale", "start_on": start, "end_on": end, **data},
    )


def test_a_contract_that_ends_before_it_starts_is_refused(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        make_contract(karis_account, kari, start=date(2026, 6, 1), end=date(2026, 5, 31))
    assert error.value.message_dict == {"end_on": ["A contract cannot end before it starts."]}
    assert not Contract.objects.exists()


def test_the_signed_document_is_kept_when_it_is_a_pdf(kari, karis_account):
    contract = contract_create(
        account=karis_account,
        actor=kari,
        data={"title": "Avtale", "start_on": date(2026, 1, 1), "end_on": date(2026, 12, 31)},
        document=pdf_file(),
    )
    assert contract.document_name == "avtale.pdf"
    assert contract.document.name.startswith("contracts/")
    assert "avtale" not in contract.document.name  # stored under an unguessable name
    with contract.document.open("rb") as stored:
        assert stored.read() == PDF


def test_a_document_that_only_claims_to_be_a_pdf_is_refused(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        contract_create(
            account=karis_account,
            actor=kari,
            data={"title": "Avtale", "start_on": date(2026, 1, 1), "end_on": date(2026, 12, 31)},
            document=pdf_file(b"MZ\x90\x00 not a pdf", "avtale.pdf"),
        )
    assert error.value.message_dict["document"] == [
        "Only PDF files can be uploaded; this is not a PDF."
    ]


def test_a_document_over_the_size_limit_is_refused(settings, kari, karis_account):
    settings.NOKKEL_CONTRACT_MAX_BYTES = 10
    contract = make_contract(karis_account, kari)
    with pytest.raises(ValidationError) as error:
        contract_update(contract=contract, actor=kari, data={}, document=pdf_file())
    assert error.value.message_dict["document"] == [
        "The file is 17\xa0bytes; the limit is 10\xa0bytes."
    ]


def test_the_notice_deadline_is_the_end_less_the_notice_period(kari, karis_account):
    contract = make_contract(karis_account, kari, notice_months=3)
    assert contract.notice_deadline == date(2026, 9, 30)


@pytest.fixture
def deputy(karis_account):
    person = UserFactory(username="deputy", email="deputy@carrier.example")
    karis_account.deputy = person
    karis_account.save(update_fields=["deputy"])
    return person


def test_the_kam_and_deputy_are_alerted_once_before_the_notice_deadline(
    kari, deputy, karis_account, settings
):
    settings.NOKKEL_BASE_URL = "https://crm.example"  # the link starts with the site's address
    contract = make_contract(karis_account, kari, notice_months=3, auto_renewal=True)
    # Notice by 30 September; the alert falls 60 days before, on 1 August.
    assert contract_renewal_alerts_send(today=date(2026, 7, 31)) == 0
    assert contract_renewal_alerts_send(today=date(2026, 8, 1)) == 1
    assert contract_renewal_alerts_send(today=date(2026, 8, 2)) == 0
    assert contract_renewal_alerts_send(today=date(2026, 8, 1)) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["deputy@carrier.example", "kari@carrier.example"]
    assert message.subject == "Renewal coming: Fjellsport Nettbutikk AS, notice by 30.09.2026"
    assert "It renews automatically unless notice is given." in message.body
    assert f"https://crm.example/agreements/contracts/{contract.pk}/" in message.body

    follow_up = FollowUp.objects.get(account=karis_account)
    assert (follow_up.owner, follow_up.due_on) == (kari, date(2026, 9, 30))
    assert follow_up.title == "Renewal of “Rammeavtale”: notice by 30.09.2026"
    event = TimelineEvent.objects.get(kind=EventKind.CONTRACT_RENEWAL_ALERT)
    assert describe_event(event) == (
        "Renewal coming: contract “Rammeavtale” ends 31.12.2026; "
        "notice must be given by 30.09.2026."
    )


def test_a_longer_term_brings_a_new_alert(kari, karis_account):
    contract = make_contract(karis_account, kari)
    contract_renewal_alerts_send(today=date(2026, 8, 1))
    contract_update(contract=contract, actor=kari, data={"end_on": date(2027, 12, 31)})
    assert contract_renewal_alerts_send(today=date(2026, 8, 2)) == 0
    assert contract_renewal_alerts_send(today=date(2027, 8, 1)) == 1
    assert FollowUp.objects.filter(account=karis_account).count() == 2


def test_the_alert_days_are_a_setting(settings, kari, karis_account):
    settings.NOKKEL_RENEWAL_ALERT_DAYS = 10
    make_contract(karis_account, kari)
    assert contract_renewal_alerts_send(today=date(2026, 9, 19)) == 0
    assert contract_renewal_alerts_send(today=date(2026, 9, 20)) == 1


def test_the_command_and_the_task_send_the_same_alerts(kari, karis_account):
    make_contract(karis_account, kari)
    out = StringIO()
    call_command("send_renewal_alerts", "--today", "2026-08-01", stdout=out)
    assert out.getvalue().strip() == "Renewal alerts sent: 1"
    other = AccountFactory(kam=kari)
    make_contract(other, kari, end=date.today() + timedelta(days=30), start=date.today())
    assert send_renewal_alerts_task.enqueue().return_value == 1
    assert len(mail.outbox) == 2


def test_managers_see_contracts_ending_in_the_next_90_or_180_days(kari, sara, ola, segment):
    today = date(2026, 1, 1)
    accounts = [AccountFactory(kam=kari, segment=segment) for _ in range(4)]
    soon, later, far, past = (
        make_contract(accounts[0], kari, start=date(2025, 1, 1), end=today + timedelta(days=90)),
        make_contract(accounts[1], kari, start=date(2025, 1, 1), end=today + timedelta(days=91)),
        make_contract(accounts[2], kari, start=date(2025, 1, 1), end=today + timedelta(days=200)),
        make_contract(accounts[3], kari, start=date(2025, 1, 1), end=today - timedelta(days=1)),
    )

    def ending(user, days):
        return list(selectors.contract_list(user=user, today=today, ending_within=days))

    assert ending(sara, 90) == [soon]
    assert ending(sara, 180) == [soon, later]
    assert ending(ola, 180) == []
    assert far not in ending(sara, 180)
    assert past not in ending(sara, 180)
