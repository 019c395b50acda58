"""Ten-second logging: one line of Norwegian or English into a structured interaction.

The follow-up clause starts at a label ("Neste:", "neste steg:", "oppfølging:", "next:",
"next step:", "todo:", "to do:", "follow-up:"), at "følg opp"/"follow up"/"husk"/
"remember to" where a clause begins (start of the line, after punctuation or after
og/and/så/then), or at an action verb right after ";" ("; send tilbud"). It runs to the
end of the sentence; what comes after goes back into the summary. Labels, "husk (å)" and
"remember to" are dropped from the title; "følg opp"/"follow up" are the action itself and
stay ("follow up 14.03" is titled "Follow up").

What happened (kind, date) is read outside that clause; the key areas and the sentiment
from the whole line. The first date outside the clause is the day it happened (the
reference date when there is none); the first date inside it is the due date (a week after
the reference date when there is none). Only those two date expressions and any times are
cut from the summary and the title; any other date stays, as it is part of the content
("avtalt levering 14.04").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from nokkel.activities.quicklog.dates import DateMention, Mentions, find_mentions, phrases
from nokkel.activities.quicklog.days import shift
from nokkel.activities.quicklog.matching import (
    account_search_terms,
    full_name_hits,
    match_accounts,
    match_contacts,
)
from nokkel.activities.quicklog.text import (
    Token,
    after_break,
    cut,
    fold,
    normalise,
    tidy,
    tokenise,
    word_set,
)
from nokkel.activities.quicklog.values import (
    AccountRef,
    ContactRef,
    FollowUp,
    Question,
    QuickLogParse,
)
from nokkel.activities.quicklog.vocabulary import (
    ACTION_VERBS,
    detect_key_areas,
    detect_kind,
    detect_language,
    detect_sentiment,
)

DEFAULT_KIND = "meeting"
DEFAULT_FOLLOW_UP_DAYS = 7
DEFAULT_FOLLOW_UP_TITLE = {"nb": "Følg opp", "en": "Follow up"}

_LABEL = re.compile(
    r"(?<!\w)(?:neste\s+steg|neste\s+gang|neste|next\s+steps?|next\s+time|next|oppfølging|"
    r"follow[-\s]?up|to[-\s]?do|todo|action\s+items?|actions?|tiltak)\s*:",
    re.IGNORECASE,
)
_KEPT_MARKER = re.compile(r"(?<!\w)(?:følg(?:e)?\s+opp|follow[-\s]?up)(?!\w)", re.IGNORECASE)
_DROPPED_MARKER = re.compile(
    r"(?<!\w)(?:husk(?:\s+å)?|remember\s+to|don[’']?t\s+forget\s+to|ikke\s+glem\s+å)(?!\w)",
    re.IGNORECASE,
)
_SEMICOLON_ACTION = re.compile(rf";\s*(?=(?:{phrases(*ACTION_VERBS)})(?!\w))", re.IGNORECASE)
_CLAUSE_OPENERS = word_set("og and så then deretter afterwards også also")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[^\W\d_])")


@dataclass(frozen=True)
class Clause:
    start: int  # where the follow-up clause begins in the text
    body_start: int  # where its title begins
    end: int


def _opens_clause(text: str, start: int) -> bool:
    if after_break(text, start, ",.;:!?—–-("):
        return True
    words = re.findall(r"\w+", text[max(0, start - 30) : start])
    return bool(words) and words[-1].lower() in _CLAUSE_OPENERS


def find_follow_up(text: str, mentions: Mentions) -> Clause | None:
    starts: list[tuple[int, int, int]] = []  # (start, rank, body start)
    starts.extend((m.start(), 0, m.end()) for m in _LABEL.finditer(text))
    starts.extend(
        (m.start(), 1, m.start())
        for m in _KEPT_MARKER.finditer(text)
        if _opens_clause(text, m.start())
    )
    starts.extend(
        (m.start(), 1, m.end())
        for m in _DROPPED_MARKER.finditer(text)
        if _opens_clause(text, m.start())
    )
    marked = {start for start, _, _ in starts}
    # "; follow-up: send..." is the label's clause; the semicolon only opens bare verbs.
    starts.extend(
        (m.start(), 2, m.end()) for m in _SEMICOLON_ACTION.finditer(text) if m.end() not in marked
    )
    if not starts:
        return None
    start, _, body_start = min(starts)
    end = len(text)
    for stop in _SENTENCE_END.finditer(text, body_start):
        inside_date = any(d.start <= stop.start() < d.end for d in mentions.dates)
        if not inside_date and text[stop.end() :].lstrip()[:1].isupper():
            end = stop.end()
            break
    return Clause(start, body_start, end)


def _resolve(
    mention: DateMention, reference: date, *, future: bool, questions: list[Question]
) -> date | None:
    found = mention.resolve(reference, future)
    if found is None:
        questions.append(Question("date", "invalid_date", detail=mention.text))
    elif mention.weekday_check is not None and found.weekday() != mention.weekday_check:
        questions.append(Question("date", "weekday_mismatch", detail=mention.text))
    return found


def parse_quick_log(
    text: str,
    *,
    reference_date: date,
    accounts: Sequence[AccountRef] = (),
    contacts: Sequence[ContactRef] = (),
    account_id: int | None = None,
) -> QuickLogParse:
    """Read one line about a customer contact. Pure and deterministic; never raises.

    Whatever the parser would have to guess (the kind, an ambiguous or unknown account, a
    first name two contacts share, an impossible date) comes back as a Question.
    """
    text = normalise(text)
    language = detect_language(text)
    mentions = find_mentions(text)
    clause = find_follow_up(text, mentions)
    split = clause.start if clause else len(text)
    rest = clause.end if clause else len(text)
    happened_text = f"{text[:split]} . {text[rest:]}"
    questions: list[Question] = []

    kind = detect_kind(happened_text)
    if kind is None:
        kind = DEFAULT_KIND
        questions.append(Question("kind", "kind_guessed"))

    happened_on = reference_date
    holes = list(mentions.times)
    outside = [d for d in mentions.dates if d.start < split or d.start >= rest]
    if outside:
        holes.append((outside[0].start, outside[0].end))
        found = _resolve(outside[0], reference_date, future=False, questions=questions)
        if found is not None:
            happened_on = found
            if found > reference_date:
                questions.append(Question("date", "future_date", detail=outside[0].text))

    follow_up = None
    if clause is not None:
        follow_up = _follow_up(text, clause, mentions, reference_date, language, questions)
        holes.append((clause.start, clause.end))

    tokens = tokenise(text)
    chosen, taken = _choose_account(text, tokens, accounts, contacts, account_id, questions)
    contact_ids: tuple[int, ...] = ()
    if chosen is not None:
        own = _unique([c for c in contacts if c.account_id == chosen])
        match = match_contacts(tokens, own, taken=taken)
        contact_ids = match.ids
        questions.extend(
            Question("contact", "ambiguous_contact", options=options, detail=written)
            for written, options in match.ambiguous
        )

    return QuickLogParse(
        kind=kind,
        happened_on=happened_on,
        account_id=chosen,
        contact_ids=contact_ids,
        summary=tidy(cut(text, 0, len(text), holes)),
        key_areas=detect_key_areas(text),
        sentiment=detect_sentiment(text),
        follow_up=follow_up,
        questions=tuple(questions),
        language=language,
    )


def _follow_up(
    text: str,
    clause: Clause,
    mentions: Mentions,
    reference: date,
    language: str,
    questions: list[Question],
) -> FollowUp:
    holes = list(mentions.times)
    due_on = shift(reference, DEFAULT_FOLLOW_UP_DAYS) or reference
    inside = [d for d in mentions.dates if clause.start <= d.start < clause.end]
    if inside:
        holes.append((inside[0].start, inside[0].end))
        found = _resolve(inside[0], reference, future=True, questions=questions)
        if found is not None:
            due_on = found
            if found < reference:
                questions.append(Question("date", "follow_up_in_past", detail=inside[0].text))
    title = tidy(cut(text, clause.body_start, clause.end, holes))
    return FollowUp(title or DEFAULT_FOLLOW_UP_TITLE[language], due_on)


def _choose_account(
    text: str,
    tokens: Sequence[Token],
    accounts: Sequence[AccountRef],
    contacts: Sequence[ContactRef],
    account_id: int | None,
    questions: list[Question],
) -> tuple[int | None, list[tuple[int, int]]]:
    """The account and the token ranges that name it (kept out of the contact search).

    A contact's full name is evidence too: it settles a choice between accounts with the
    same name, and names the account when no account name or number is in the text.
    """
    accounts = _unique(accounts)
    if account_id is not None:
        match = match_accounts(text, tokens, [a for a in accounts if a.id == account_id])
        return account_id, [(start, end) for _, start, end in match.ranges]
    match = match_accounts(text, tokens, accounts)
    candidates, detail = list(match.ids), match.detail
    people = full_name_hits(tokens, _unique(contacts))
    through_people = sorted({contact.account_id for contact, _, _ in people})
    if len(candidates) > 1:
        narrowed = [pk for pk in candidates if pk in through_people]
        if len(narrowed) == 1:
            candidates = narrowed
    elif not candidates and through_people:
        candidates = through_people
        _, start, end = people[0]
        detail = text[tokens[start].start : tokens[end - 1].end]
    if len(candidates) == 1:
        chosen = candidates[0]
        return chosen, [(start, end) for pk, start, end in match.ranges if pk == chosen]
    if candidates:
        questions.append(
            Question("account", "ambiguous_account", options=tuple(candidates), detail=detail)
        )
        return None, []
    known_people = {fold(c.name) for c in contacts} | {
        fold(c.name.split()[0]) for c in contacts if c.name.split()
    }
    terms = [term for term in account_search_terms(text) if fold(term) not in known_people]
    if terms:
        questions.append(Question("account", "unknown_account", detail=terms[0]))
    else:
        questions.append(Question("account", "no_account"))
    return None, []


_Ref = TypeVar("_Ref", AccountRef, ContactRef)


def _unique(items: Sequence[_Ref]) -> list[_Ref]:
    seen: set[int] = set()
    kept: list[_Ref] = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            kept.append(item)
    return kept
