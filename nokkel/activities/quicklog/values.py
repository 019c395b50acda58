"""What the quick-log parser takes and gives back: plain frozen values, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("meeting", "video", "phone", "email", "social", "site_visit", "business_review")
KEY_AREAS = ("accuracy", "availability", "adaptation", "advice")
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str
    customer_number: str | None = None


@dataclass(frozen=True)
class ContactRef:
    id: int
    account_id: int
    name: str


@dataclass(frozen=True)
class FollowUp:
    title: str
    due_on: date


@dataclass(frozen=True)
class Question:
    """Something the parser would not decide alone; the form asks the user.

    field: "account" | "contact" | "date" | "kind".
    text_key: a stable code: kind_guessed, invalid_date, future_date, follow_up_in_past,
    weekday_mismatch, ambiguous_account, unknown_account, no_account, ambiguous_contact.
    options: candidate ids, sorted. detail: the words in the text that caused it.
    """

    field: str
    text_key: str
    options: tuple[int, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class QuickLogParse:
    kind: str
    happened_on: date
    account_id: int | None
    contact_ids: tuple[int, ...]
    summary: str
    key_areas: tuple[str, ...]
    sentiment: str
    follow_up: FollowUp | None
    questions: tuple[Question, ...]
    language: str
