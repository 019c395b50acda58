"""The pure mail reader: headers, charsets, HTML, forwarded senders, told by tables."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nokkel.mailcapture.parsing import (
    decode_bytes,
    decode_header_value,
    forwarded_senders,
    html_to_text,
    looks_like_mail,
    parse_mail,
    plus_token,
    summary_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ny fraktavtale", "Ny fraktavtale"),
        ("=?iso-8859-1?q?M=F8te_om_fraktavtale?=", "Møte om fraktavtale"),
        ("=?ISO-8859-1?Q?Bl=E5b=E6r?=", "Blåbær"),
        ("=?utf-8?b?QmzDpWLDpnIgb2cgZnJha3Q=?=", "Blåbær og frakt"),
        ("=?utf-8?q?S=C3=B8knad?= om avtale", "Søknad om avtale"),
        ("Re: =?utf-8?q?S=C3=B8knad?= om avtale", "Re: Søknad om avtale"),
        ("=?windows-1252?q?Pris_=80_100?=", "Pris € 100"),
        # Latin-1 labelled mail with cp1252 bytes, as Outlook sends it.
        ("=?iso-8859-1?q?=93Tilbud=94?=", "“Tilbud”"),
        ("=?utf-8?q?line_one?=\r\n =?utf-8?q?_line_two?=", "line one line two"),
        ("=?x-no-such-charset?q?Hei?=", "Hei"),
        ("", ""),
    ],
)
def test_headers_are_decoded(raw, expected):
    assert decode_header_value(raw) == expected


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("Hei Pål".encode(), "utf-8", "Hei Pål"),
        ("Hei Pål".encode("latin-1"), "iso-8859-1", "Hei Pål"),
        (b"\x93sitat\x94 \x80", "windows-1252", "“sitat” €"),
        (b"\x80 50", "iso-8859-1", "€ 50"),
        # A wrong label: says UTF-8, is Latin-1.
        ("Tromsø".encode("latin-1"), "utf-8", "Tromsø"),
        ("Tromsø".encode(), None, "Tromsø"),
        ("Tromsø".encode(), "x-unknown", "Tromsø"),
        (b"\x81", "windows-1252", "\x81"),
    ],
)
def test_bodies_are_decoded_from_their_charset(data, charset, expected):
    assert decode_bytes(data, charset) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hei Kari</p><p>Takk for sist</p>", "Hei Kari\n\nTakk for sist"),
        ("Linje 1<br>Linje 2<br/>Linje 3", "Linje 1\nLinje 2\nLinje 3"),
        ("<div>Bl&aring;b&aelig;r &amp; fl&oslash;te &#8364;&nbsp;5</div>", "Blåbær & fløte € 5"),
        ("<script>alert('x')</script><style>p{color:red}</style>Trygg", "Trygg"),
        ("<html><head><title>Nyhetsbrev</title></head><body>Innhold</body></html>", "Innhold"),
        ("<ul><li>En</li><li>To</li></ul>", "En\nTo"),
        ("<table><tr><td>Pakker</td><td>120</td></tr></table>", "Pakker 120"),
        ("<p>&lt;b&gt;ikke fet&lt;/b&gt;</p>", "<b>ikke fet</b>"),
        ("<img src=x onerror=alert(1)>Bilde", "Bilde"),
        ("Ufullstendig &amp", "Ufullstendig &"),
        ("<p>Hei\n     Kari,\n</p>\n\n<p>Hilsen</p>", "Hei Kari,\n\nHilsen"),
        ("<pre>linje 1\nlinje 2</pre>", "linje 1\nlinje 2"),
    ],
)
def test_html_becomes_plain_text(html, expected):
    assert html_to_text(html) == expected


def _mime(parts: str, boundary: str = "XYZ") -> bytes:
    head = (
        "From: per@shop.example\r\nTo: kari@carrier.example\r\nSubject: Test\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
    )
    return (head + parts + f"--{boundary}--\r\n").encode("latin-1")


PLAIN_QP_LATIN1 = (
    "--XYZ\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\nHei P=E5l, pris =80 10\r\n"
)
HTML_CP1252 = (
    "--XYZ\r\nContent-Type: text/html; charset=windows-1252\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n<p>\x93Tilbud\x94</p><script>x()</script>\r\n"
)
ATTACHED_TEXT = (
    "--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n"
    'Content-Disposition: attachment; filename="notes.txt"\r\n\r\nHemmelig vedlegg\r\n'
)
ATTACHED_PDF = (
    "--XYZ\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
    'Content-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBERi0xLjQK\r\n'
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (_mime(PLAIN_QP_LATIN1), "Hei Pål, pris € 10"),
        (_mime(HTML_CP1252), "“Tilbud”"),
        (_mime(HTML_CP1252 + PLAIN_QP_LATIN1), "Hei Pål, pris € 10"),
        (_mime(ATTACHED_TEXT + HTML_CP1252 + ATTACHED_PDF), "“Tilbud”"),
        (_mime(ATTACHED_PDF), ""),
        (b"From: a@b.example\r\nSubject: x\r\n\r\nBare tekst\r\n", "Bare tekst"),
    ],
)
def test_the_body_prefers_plain_text_and_skips_attachments(raw, expected):
    assert parse_mail(raw).body_text == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "---------- Forwarded message ---------\nFrom: Per <Per@Shop.example>\n",
            ["per@shop.example"],
        ),
        (
            "-----Opprinnelig melding-----\nFra: Per Bakken [mailto:per@shop.example]\n",
            ["per@shop.example"],
        ),
        ("> **Fra:** ola@shop.example\n> Sendt: mandag\n", ["ola@shop.example"]),
        ("Ingen videresending her, fra oss alle.\n", []),
    ],
)
def test_the_original_sender_of_a_forwarded_mail_is_found(body, expected):
    assert forwarded_senders(body) == expected


def test_a_mail_is_read_into_plain_data():
    raw = (
        b"From: =?utf-8?q?P=C3=A5l_Bakken?= <PAL@Shop.example>\r\n"
        b"To: Kari <kari@carrier.example>, crm+Tok3n@carrier.example\r\n"
        b"Cc: ola@shop.example\r\n"
        b"Delivered-To: crm+tok3n@carrier.example\r\n"
        b"Subject: =?iso-8859-1?q?Pr=F8vesending?=\r\n"
        b"Date: Tue, 03 Mar 2026 09:15:00 +0100\r\n"
        b"Message-ID: <abc@shop.example>\r\n\r\n"
        b"Hei\r\n"
    )
    mail = parse_mail(raw)
    assert mail.message_id == "<abc@shop.example>"
    assert mail.subject == "Prøvesending"
    assert mail.from_address == "pal@shop.example"
    assert mail.to_addresses == ["kari@carrier.example", "crm+tok3n@carrier.example"]
    assert mail.cc_addresses == ["ola@shop.example"]
    assert mail.delivery_addresses == ["crm+tok3n@carrier.example"]
    assert mail.sent_at == datetime(2026, 3, 3, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("date_header", "expected"),
    [
        ("Tue, 03 Mar 2026 09:15:00 +0100", datetime(2026, 3, 3, 8, 15, tzinfo=UTC)),
        ("Tue, 03 Mar 2026 09:15:00 -0000", datetime(2026, 3, 3, 9, 15, tzinfo=UTC)),
        ("i går", None),
        (None, None),
    ],
)
def test_the_date_is_aware_or_absent(date_header, expected):
    raw = (
        b"From: a@b.example\r\n"
        + (f"Date: {date_header}\r\n".encode() if date_header else b"")
        + b"\r\nx\r\n"
    )
    assert parse_mail(raw).sent_at == expected


def test_a_mail_without_message_id_gets_a_stable_one_from_its_content():
    raw = b"From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n"
    first, again = parse_mail(raw).message_id, parse_mail(raw).message_id
    assert first == again
    assert first.endswith("@nokkel.invalid>")
    assert parse_mail(raw + b"more").message_id != first


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("crm+abc123@carrier.example", "abc123"),
        ("CRM+ABC123@Carrier.Example", "abc123"),
        ("<crm+a-b_c@carrier.example>", "a-b_c"),
        ("crm@carrier.example", None),
        ("crm+@carrier.example", None),
        ("sales+abc@carrier.example", None),
        ("crm+abc@other.example", None),
    ],
)
def test_the_token_is_the_plus_part_of_the_drop_mailbox(address, expected):
    assert plus_token(address, "crm@carrier.example") == expected


def test_the_summary_is_the_subject_and_the_start_of_the_body():
    assert summary_text("Emne", "Kort tekst") == "Emne\n\nKort tekst"
    assert summary_text("", "Bare tekst") == "Bare tekst"
    long_body = "ord " * 300
    summary = summary_text("Emne", long_body)
    assert summary.startswith("Emne\n\nord ord")
    assert summary.endswith(" …")
    assert len(summary) <= len("Emne\n\n") + 500 + 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"From: a@b.example\r\nSubject: x\r\n\r\nbody", True),
        (b"Message-ID: <x@y>\r\n\r\n", True),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", False),
        (b"just some text\nwithout headers", False),
        (b"", False),
        (b"\x00\x01\x02", False),
    ],
)
def test_only_an_email_looks_like_mail(raw, expected):
    assert looks_like_mail(raw) is expected
