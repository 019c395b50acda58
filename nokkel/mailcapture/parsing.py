"""Reading an e-mail into plain, safe data: no Django, no ORM, no clock.

Headers are decoded (RFC 2047), bodies decoded from their declared charset with
forgiving fallbacks, HTML reduced to text. Attachments are skipped, never kept.
"""

from __future__ import annotations

import email
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser

SUMMARY_BODY_CHARS = 500

# Labels that in practice mean Windows-1252: mail clients (and the WHATWG encoding
# standard browsers follow) treat Latin-1 as cp1252, whose € and curly quotes live
# in the bytes Latin-1 leaves to control characters.
_CP1252_ALIASES = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1"}

_EMAIL_IN_TEXT = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# "From: Per <per@shop.no>" and "Fra: Per [mailto:per@shop.no]" lines of a forwarded
# message's quoted header, possibly quoted with "> ".
_FORWARDED_FROM = re.compile(r"^[>\s]*\**(?:from|fra)\**\s*:\s*(?P<value>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    subject: str
    from_address: str
    to_addresses: list[str] = field(default_factory=list)
    cc_addresses: list[str] = field(default_factory=list)
    # Delivered-To and X-Original-To: where the mail server put it (the drop address
    # when the user sent a BCC).
    delivery_addresses: list[str] = field(default_factory=list)
    # Senders named in a forwarded message (its quoted header or an attached message).
    forwarded_from: list[str] = field(default_factory=list)
    sent_at: datetime | None = None
    body_text: str = ""

    @property
    def recipient_addresses(self) -> list[str]:
        return _unique(self.to_addresses + self.cc_addresses)

    @property
    def people_addresses(self) -> list[str]:
        """Everyone the mail is from or to, including a forwarded mail's original sender."""
        return _unique([self.from_address, *self.recipient_addresses, *self.forwarded_from])


def _unique(addresses: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for address in addresses:
        if address:
            seen.setdefault(address, None)
    return list(seen)


def _codecs(charset: str | None) -> tuple[str, ...]:
    label = (charset or "").strip().strip('"').lower()
    if not label or label in ("us-ascii", "ascii"):
        # No label, or plain ASCII claimed by a mailer that wrote UTF-8 anyway.
        return ("utf-8", "cp1252")
    if label in _CP1252_ALIASES:
        return ("cp1252",)
    return (label, "utf-8", "cp1252")


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text from bytes in a declared charset; a wrong or unknown label never loses the mail."""
    for codec in _codecs(charset):
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
    return data.decode("latin-1")


def decode_header_value(value: object) -> str:
    """An RFC 2047 header ("=?utf-8?q?...?=") as one line of text."""
    if value is None:
        return ""
    parts = []
    for chunk, charset in decode_header(str(value)):
        if isinstance(chunk, bytes):
            parts.append(decode_bytes(chunk, charset))
        else:
            parts.append(chunk)
    return " ".join(" ".join(parts).split())


def normalize_address(address: str) -> str:
    return address.strip().strip("<>").lower()


def addresses_in(values: Sequence[object]) -> list[str]:
    """Lower-cased e-mail addresses from address headers ("Name <a@b>, c@d")."""
    decoded = [decode_header_value(v) for v in values if v is not None]
    found = [normalize_address(addr) for _, addr in getaddresses(decoded)]
    return _unique([a for a in found if "@" in a])


class _TextExtractor(HTMLParser):
    # Paragraph-like blocks stand apart with an empty line; the others start a new line.
    PARAGRAPHS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "pre"}
    )
    LINES = frozenset(
        {"address", "article", "aside", "div", "dt", "dd", "footer", "form", "header", "hr"}
        | {"li", "section", "tbody", "thead", "tfoot", "tr"}
    )
    SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def _break(self, lines: int) -> None:
        """End the current line, leaving at least `lines` line breaks before what follows."""
        tail = "".join(self.out[-8:]).rstrip(" ")
        have = len(tail) - len(tail.rstrip("\n"))
        self.out.append("\n" * max(0, lines - have))

    def _block(self, tag: str) -> None:
        if tag in self.PARAGRAPHS:
            self._break(2)
        elif tag in self.LINES:
            self._break(1)
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skip_depth += 1
        elif tag == "br":
            self.out.append("\n")
        else:
            self.pre_depth += tag == "pre"
            self._block(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        else:
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        else:
            self.pre_depth = max(0, self.pre_depth - (tag == "pre"))
            self._block(tag)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        # Outside <pre>, line breaks in HTML source are spaces like any other.
        self.out.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def tidy_text(text: str) -> str:
    """Spaces collapsed within lines, at most one empty line in a row, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    """Readable text from HTML: scripts and styles dropped, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    # convert_charrefs leaves a trailing unterminated reference; unescape catches it.
    return tidy_text(unescape("".join(parser.out)))


def _is_attachment(part: Message) -> bool:
    return (part.get_content_disposition() or "") == "attachment" or bool(
        part.get_filename() and part.get_content_maintype() != "text"
    )


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload, part.get_content_charset())


def body_text(message: Message) -> str:
    """The text/plain body if there is one, else the text/html body reduced to text."""
    plain: str | None = None
    html: str | None = None
    for part in message.walk():
        if part.is_multipart() or _is_attachment(part):
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and plain is None:
            plain = _part_text(part)
        elif content_type == "text/html" and html is None:
            html = _part_text(part)
    if plain is not None and plain.strip():
        return tidy_text(plain)
    if html is not None:
        return html_to_text(html)
    return ""


def forwarded_senders(body: str) -> list[str]:
    """Addresses on "From:"/"Fra:" lines of a forwarded message quoted in the body."""
    found: list[str] = []
    for line in body.splitlines():
        match = _FORWARDED_FROM.match(line)
        if match:
            found.extend(normalize_address(a) for a in _EMAIL_IN_TEXT.findall(match["value"]))
    return _unique(found)


def _attached_senders(message: Message) -> list[str]:
    found: list[str] = []
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.get_payload() or []:
                if isinstance(inner, Message):
                    found.extend(addresses_in(inner.get_all("From", [])))
    return found


def sent_at(value: object) -> datetime | None:
    """The Date header as an aware datetime; None when missing or unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(decode_header_value(value))
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" means the time is UTC but the sender's zone unknown (RFC 5322 3.3).
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def message_id(raw_id: object, raw: bytes) -> str:
    """The Message-ID; a mail without one gets an id from its content, so it is logged once."""
    value = decode_header_value(raw_id).strip()
    if value:
        return value[:255]
    return f"<{hashlib.sha256(raw).hexdigest()}@nokkel.invalid>"


def parse_mail(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw)
    text = body_text(message)
    from_addresses = addresses_in(message.get_all("From", []))
    return ParsedMail(
        message_id=message_id(message.get("Message-ID"), raw),
        subject=decode_header_value(message.get("Subject")),
        from_address=from_addresses[0] if from_addresses else "",
        to_addresses=addresses_in(message.get_all("To", [])),
        cc_addresses=addresses_in(message.get_all("Cc", [])),
        delivery_addresses=addresses_in(
            [*message.get_all("Delivered-To", []), *message.get_all("X-Original-To", [])]
        ),
        forwarded_from=_unique(forwarded_senders(text) + _attached_senders(message)),
        sent_at=sent_at(message.get("Date")),
        body_text=text,
    )


def looks_like_mail(raw: bytes) -> bool:
    """Whether bytes are an e-mail at all: at least a From, Subject, Date or Message-ID header."""
    if not raw.strip() or b"\x00" in raw[:4096]:
        return False
    message = email.message_from_bytes(raw)
    return any(message.get(name) for name in ("From", "Subject", "Date", "Message-ID"))


def plus_token(address: str, mailbox: str) -> str | None:
    """The token in a plus address of the mailbox: crm+TOKEN@x for mailbox crm@x."""
    local, _, domain = normalize_address(address).partition("@")
    box_local, _, box_domain = normalize_address(mailbox).partition("@")
    base, plus, token = local.partition("+")
    if not plus or not token or base != box_local or domain != box_domain:
        return None
    return token


def summary_text(subject: str, body: str, limit: int = SUMMARY_BODY_CHARS) -> str:
    """The subject, then the start of the body, cut at a word where possible."""
    if len(body) > limit:
        cut = body[:limit]
        space = cut.rfind(" ")
        body = (cut[:space] if space > limit * 0.8 else cut).rstrip() + " …"
    return "\n\n".join(part for part in (subject.strip(), body.strip()) if part)
