"""My mail, sorting mail and logging an .eml file on an account, through the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nokkel.activities.models import Interaction, InteractionSource
from nokkel.mailcapture.forms import EML_MAX_BYTES
from nokkel.mailcapture.models import DropAddress, TriageMessage, TriageStatus
from nokkel.mailcapture.services import mail_capture
from tests.mailcapture.mails import build_mail
from tests.mailcapture.test_capture import NOW

pytestmark = pytest.mark.django_db


def _eml(raw: bytes, name: str = "mail.eml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw, content_type="message/rfc822")


def _upload_url(account) -> str:
    return reverse("mailcapture:eml-upload", kwargs={"account_id": account.pk})


@pytest.fixture
def karis_triage(kari, karis_drop_address):
    raw = build_mail(sender="ny@kunde.example", to=karis_drop_address, subject="Hvem er dette?")
    return mail_capture(raw=raw, now=NOW).triage


def test_my_mail_shows_the_drop_address_and_the_mail_to_sort(client, kari, karis_triage):
    client.force_login(kari)
    response = client.get(reverse("mailcapture:my-mail"))
    assert response.status_code == 200
    token = DropAddress.objects.get(user=kari).token
    assert f"crm+{token}@carrier.example" in response.text
    assert "Hvem er dette?" in response.text


def test_my_mail_needs_a_login(client):
    response = client.get(reverse("mailcapture:my-mail"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_opening_my_mail_makes_no_address_until_the_user_asks_for_one(client, kari):
    client.force_login(kari)
    response = client.get(reverse("mailcapture:my-mail"))
    assert response.status_code == 200
    assert "Create my address" in response.text
    assert not DropAddress.objects.filter(user=kari).exists()

    response = client.post(reverse("mailcapture:my-mail"))
    assert response.status_code == 302
    token = DropAddress.objects.get(user=kari).token
    page = client.get(reverse("mailcapture:my-mail")).text
    assert f"crm+{token}@carrier.example" in page
    assert "Create my address" not in page


def test_a_new_address_can_be_made_from_my_mail(client, kari):
    client.force_login(kari)
    client.post(reverse("mailcapture:my-mail"))
    old = DropAddress.objects.get(user=kari).token
    response = client.post(reverse("mailcapture:drop-address-regenerate"))
    assert response.status_code == 302
    assert DropAddress.objects.get(user=kari).token != old


def test_a_kam_assigns_mail_to_one_of_their_accounts(client, kari, karis_account, karis_triage):
    client.force_login(kari)
    url = reverse("mailcapture:triage-assign", kwargs={"message_id": karis_triage.pk})
    response = client.post(url, {"account": karis_account.pk})
    assert response.status_code == 302
    karis_triage.refresh_from_db()
    assert karis_triage.status == TriageStatus.ASSIGNED
    assert karis_triage.interaction.account == karis_account


def test_mail_cannot_be_assigned_to_an_account_the_kam_cannot_see(
    client, kari, olas_account, karis_triage
):
    client.force_login(kari)
    url = reverse("mailcapture:triage-assign", kwargs={"message_id": karis_triage.pk})
    response = client.post(url, {"account": olas_account.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["account"]
    assert not Interaction.objects.exists()


def test_a_kam_discards_mail(client, kari, karis_triage):
    client.force_login(kari)
    url = reverse("mailcapture:triage-discard", kwargs={"message_id": karis_triage.pk})
    assert client.post(url).status_code == 302
    assert TriageMessage.objects.get().status == TriageStatus.DISCARDED


def test_ola_cannot_see_or_sort_karis_mail(client, ola, olas_account, karis_triage):
    client.force_login(ola)
    kwargs = {"message_id": karis_triage.pk}
    assert client.get(reverse("mailcapture:triage-detail", kwargs=kwargs)).status_code == 404
    assign = reverse("mailcapture:triage-assign", kwargs=kwargs)
    assert client.post(assign, {"account": olas_account.pk}).status_code == 404
    assert client.post(reverse("mailcapture:triage-discard", kwargs=kwargs)).status_code == 404
    assert "Hvem er dette?" not in client.get(reverse("mailcapture:my-mail")).text
    assert TriageMessage.objects.get().status == TriageStatus.OPEN


def test_an_eml_file_is_logged_on_the_account(client, kari, karis_account, per):
    client.force_login(kari)
    assert client.get(_upload_url(karis_account)).status_code == 200
    raw = build_mail(
        sender="kari@carrier.example",
        to="PER@fjellsport.example",
        subject="Referat",
        message_id="<eml-1@carrier.example>",
        html="<p>Hei <b>Per</b></p><script>alert(1)</script>",
    )
    response = client.post(_upload_url(karis_account), {"file": _eml(raw)})

    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == interaction.get_absolute_url()
    assert interaction.account == karis_account
    assert interaction.source == InteractionSource.EMAIL
    assert interaction.email_message_id == "<eml-1@carrier.example>"
    assert list(interaction.contacts.all()) == [per]
    assert "<" not in interaction.summary.replace("<eml", "")


def test_an_html_only_eml_is_stored_as_text(client, kari, karis_account):
    client.force_login(kari)
    raw = (
        b"From: per@fjellsport.example\r\nSubject: Tilbud\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=windows-1252\r\n\r\n"
        b"<p>Pris \x80 100</p><script>steal()</script>"
    )
    client.post(_upload_url(karis_account), {"file": _eml(raw)})
    assert Interaction.objects.get().summary == "Tilbud\n\nPris € 100"


def test_the_same_eml_is_logged_once_on_an_account(client, kari, karis_account):
    client.force_login(kari)
    raw = build_mail(message_id="<twice@shop.example>")
    client.post(_upload_url(karis_account), {"file": _eml(raw)})
    response = client.post(_upload_url(karis_account), {"file": _eml(raw)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Interaction.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tilbud.pdf", b"%PDF-1.4\n1 0 obj"),
        ("mail.eml", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("mail.eml", b""),
    ],
)
def test_a_file_that_is_not_an_email_is_refused(client, kari, karis_account, name, content):
    client.force_login(kari)
    response = client.post(_upload_url(karis_account), {"file": _eml(content, name)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Interaction.objects.exists()


def test_an_eml_over_ten_megabytes_is_refused(client, kari, karis_account):
    client.force_login(kari)
    raw = build_mail(body="x" * 100)
    raw += b"y" * (EML_MAX_BYTES + 1 - len(raw))
    response = client.post(_upload_url(karis_account), {"file": _eml(raw)})
    assert response.status_code == 200
    assert "limit" in str(response.context["form"].errors["file"])
    assert not Interaction.objects.exists()


def test_ola_cannot_upload_to_karis_account(client, ola, karis_account):
    client.force_login(ola)
    assert client.get(_upload_url(karis_account)).status_code == 404
    response = client.post(_upload_url(karis_account), {"file": _eml(build_mail())})
    assert response.status_code == 404
    assert not Interaction.objects.exists()


def test_sorted_mail_stops_naming_an_account_the_user_can_no_longer_see(
    client, kari, ola, karis_account, karis_triage
):
    client.force_login(kari)
    assign = reverse("mailcapture:triage-assign", kwargs={"message_id": karis_triage.pk})
    client.post(assign, {"account": karis_account.pk})
    detail = reverse("mailcapture:triage-detail", kwargs={"message_id": karis_triage.pk})
    assert karis_account.name in client.get(detail).text
    assert karis_account.name in client.get(reverse("mailcapture:my-mail")).text

    karis_account.kam = ola
    karis_account.save(update_fields=["kam"])

    assert karis_account.name not in client.get(detail).text
    assert karis_account.name not in client.get(reverse("mailcapture:my-mail")).text
