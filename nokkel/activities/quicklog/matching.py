"""Which account and which contacts a line names, and what to look accounts up by.

Accounts match by customer number first (an identifier beats a name), then by name:
case, diacritics, spacing and company suffixes (AS, ASA, AB, Ltd...) do not matter. Generic
words ("nettbutikk", "norge", "group") are dropped from a name only when it is not found
whole, and the shortened name counts only where no whole name was found: with both
"Bokhuset AS" and "Bokhuset Nettbutikk AS" as candidates, "Bokhuset" is the first. A name
found inside a longer matched name gives way to the longer one.

Contacts match by full name ("Kari Hansen", also first and last of "Kari Anne Hansen") or
by a capitalised first name ("Kari"). A first name shared by two contacts is a question,
unless one of them is also named in full in the same line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nokkel.activities.quicklog.dates import find_mentions
from nokkel.activities.quicklog.text import (
    Token,
    after_break,
    find_words,
    fold,
    folded_words,
    normalise,
    word_set,
)
from nokkel.activities.quicklog.values import AccountRef, ContactRef
from nokkel.activities.quicklog.vocabulary import NOT_ACCOUNT_WORDS

COMPANY_SUFFIXES = word_set("as asa ab ltd limited aps oy oyj gmbh inc ans da nuf sa llc plc ag bv")
GENERIC_NAME_WORDS = word_set(
    "nettbutikk nettbutikken nettbutikker butikk butikken netthandel nettbutik norge norway "
    "norden nordic scandinavia skandinavia group gruppen gruppe konsern konsernet holding "
    "shop online store no com"
)
_PREFIXED_NUMBER = re.compile(r"(?<![\w-])([A-Za-z]{1,3})[ -]?(\d{4,})(?![\w-])")
_LONG_NUMBER = re.compile(r"(?<![\w.,-])\d{6,}(?![\w-]|[.,]\d)")
_ORG_NUMBER = re.compile(r"(?<![\w.,-])\d{3}[ .]\d{3}[ .]\d{3}(?![\w-]|[.,]\d)")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"[^\W_](?:[\w&'’]|[.-](?=[^\W_]))*")
_RUN_GAP = re.compile(r"\s+(?:&\s+)?")


@dataclass(frozen=True)
class AccountMatch:
    ids: tuple[int, ...]  # sorted; empty when nothing matched
    detail: str  # the words that matched, for a question
    ranges: tuple[tuple[int, int, int], ...] = ()  # (account id, first token, end token)


def normalise_number(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def number_like(text: str) -> list[str]:
    """Customer and organisation numbers as typed: K123456, K-123456, 923 456 789, 1234567."""
    found: list[tuple[int, str]] = []
    for pattern in (_PREFIXED_NUMBER, _ORG_NUMBER, _LONG_NUMBER):
        found.extend((m.start(), normalise_number(m.group())) for m in pattern.finditer(text))
    return [number for _, number in sorted(found)]


def _name_core(name: str) -> tuple[str, ...]:
    words = list(folded_words(name))
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    if len(words) > 2 and words[-2:] == ["a", "s"]:  # "A/S", "A.S."
        words = words[:-2]
    return tuple(words)


def match_accounts(
    text: str, tokens: Sequence[Token], accounts: Sequence[AccountRef]
) -> AccountMatch:
    numbers = {*number_like(text), *(normalise_number(token.text) for token in tokens)}
    by_number = sorted(
        {
            account.id
            for account in accounts
            if account.customer_number
            and len(normalise_number(account.customer_number)) >= 4
            and normalise_number(account.customer_number) in numbers
        }
    )
    if by_number:
        detail = next((a.customer_number or "" for a in accounts if a.id == by_number[0]), "")
        return AccountMatch(tuple(by_number), detail)
    cores = [(account.id, _name_core(account.name)) for account in accounts]
    hits = _name_hits(tokens, cores)
    named = {account_id for account_id, _, _ in hits}
    shortened = [
        (account_id, tuple(word for word in core if word not in GENERIC_NAME_WORDS))
        for account_id, core in cores
        if account_id not in named
    ]
    hits += [
        hit
        for hit in _name_hits(tokens, [(pk, w) for pk, w in shortened if len("".join(w)) >= 3])
        if not any(hit[1] < end and start < hit[2] for _, start, end in hits)
    ]
    if not hits:
        # The first distinctive word of a name ("Bokhuset" for "Bokhuset Oslo AS"):
        # one such account is a match, several are a question, never a guess.
        hits = [
            (account_id, start, end)
            for account_id, core in cores
            for first in [next((w for w in core if w not in GENERIC_NAME_WORDS), "")]
            if len(first) >= 4
            for start, end in find_words(tokens, (first,), genitive=True)
        ]
    return _without_shorter(text, tokens, hits)


def _name_hits(
    tokens: Sequence[Token], cores: Sequence[tuple[int, tuple[str, ...]]]
) -> list[tuple[int, int, int]]:
    return [
        (account_id, start, end)
        for account_id, core in cores
        for start, end in find_words(tokens, core, genitive=True)
    ]


def _without_shorter(
    text: str, tokens: Sequence[Token], hits: list[tuple[int, int, int]]
) -> AccountMatch:
    def inside(hit: tuple[int, int, int], other: tuple[int, int, int]) -> bool:
        return (
            other[1] <= hit[1] and hit[2] <= other[2] and (other[2] - other[1]) > (hit[2] - hit[1])
        )

    kept = [hit for hit in hits if not any(inside(hit, other) for other in hits)]
    if not kept:
        return AccountMatch((), "")
    ids = tuple(sorted({account_id for account_id, _, _ in kept}))
    _, start, end = min(kept, key=lambda hit: (hit[1], hit[0]))
    return AccountMatch(ids, text[tokens[start].start : tokens[end - 1].end], tuple(kept))


@dataclass(frozen=True)
class ContactMatch:
    ids: tuple[int, ...]
    ambiguous: tuple[tuple[str, tuple[int, ...]], ...]  # (first name as written, candidates)


def _full_names(name: str) -> list[tuple[str, ...]]:
    words = name.split()
    variants = [folded_words(name)]
    if len(words) > 2:
        variants.append(folded_words(f"{words[0]} {words[-1]}"))
    return [variant for variant in variants if len(variant) >= 2]


def full_name_hits(
    tokens: Sequence[Token], contacts: Sequence[ContactRef]
) -> list[tuple[ContactRef, int, int]]:
    return [
        (contact, start, end)
        for contact in contacts
        for variant in _full_names(contact.name)
        for start, end in find_words(tokens, variant, genitive=True)
    ]


def match_contacts(
    tokens: Sequence[Token],
    contacts: Sequence[ContactRef],
    *,
    taken: Sequence[tuple[int, int]] = (),
) -> ContactMatch:
    """Contacts named in the tokens; `taken` are token ranges already read as the account."""
    full = full_name_hits(tokens, contacts)
    ids = {contact.id for contact, _, _ in full}
    covered = [(start, end) for _, start, end in full] + list(taken)
    named_first = {"".join(folded_words(c.name.split()[0])) for c, _, _ in full}
    ambiguous: dict[str, tuple[str, tuple[int, ...]]] = {}
    by_first: dict[tuple[str, ...], list[ContactRef]] = {}
    for contact in contacts:
        words = contact.name.split()
        if words:
            by_first.setdefault(folded_words(words[0]), []).append(contact)
    for first, candidates in sorted(by_first.items()):
        if not first:
            continue
        for start, end in find_words(tokens, first):
            if not tokens[start].capitalised or any(s <= start and end <= e for s, e in covered):
                continue
            if "".join(first) in named_first:
                continue  # "Kari Hansen ... Kari" is Kari Hansen again
            if len(candidates) == 1:
                ids.add(candidates[0].id)
            else:
                written = " ".join(token.text for token in tokens[start:end])
                ambiguous.setdefault(
                    "".join(first), (written, tuple(sorted(c.id for c in candidates)))
                )
    return ContactMatch(tuple(sorted(ids)), tuple(ambiguous[key] for key in sorted(ambiguous)))


def account_search_terms(text: str) -> list[str]:
    """Phrases to look accounts up by (name contains, or customer number), strongest first.

    Numbers that look like customer or organisation numbers (K123456, 6+ digits), then text
    in parentheses, then runs of capitalised words that are not calendar words, kinds of
    contact or other known words. A single capitalised word at the start of a sentence is
    left out ("Hyggelig møte"); a run of two or more there is kept ("Kari Hansen ringte").
    """
    text = normalise(text)
    terms = number_like(text)
    for match in _PARENTHESES.finditer(text):
        inner = " ".join(match.group(1).split()).strip(" ,;:.-")
        if _names_something(inner):
            terms.append(inner)
    terms.extend(_capitalised_runs(text))
    unique: dict[str, str] = {}
    for term in terms:
        if len(term) >= 2:
            unique.setdefault(fold(term), term)
    return list(unique.values())


def _is_known_word(word: str) -> bool:
    return " ".join(folded_words(word)) in _FOLDED_KNOWN or not any(ch.isalpha() for ch in word)


_FOLDED_KNOWN = frozenset(" ".join(folded_words(word)) for word in NOT_ACCOUNT_WORDS)


def _names_something(inner: str) -> bool:
    """Letters left once dates, times and known words are taken out."""
    mentions = find_mentions(inner)
    spans = [(d.start, d.end) for d in mentions.dates] + list(mentions.times)
    rest = "".join(
        ch if not any(s <= i < e for s, e in spans) else " " for i, ch in enumerate(inner)
    )
    return any(not _is_known_word(word) for word in _WORD.findall(rest))


def _capitalised(word: str) -> bool:
    first = word[:1]
    return first.isupper() or (first.isdigit() and any(ch.isupper() for ch in word))


def _capitalised_runs(text: str) -> list[str]:
    mentions = find_mentions(text)
    in_dates = [(d.start, d.end) for d in mentions.dates] + list(mentions.times)
    runs: list[list[re.Match[str]]] = []
    previous: re.Match[str] | None = None
    for match in _WORD.finditer(text):
        usable = _capitalised(match.group()) and not any(
            s <= match.start() < e for s, e in in_dates
        )
        if not usable:
            previous = None
            continue
        joined = previous is not None and _RUN_GAP.fullmatch(text[previous.end() : match.start()])
        if joined:
            runs[-1].append(match)
        else:
            runs.append([match])
        previous = match
    phrases: list[str] = []
    for run in runs:
        at_start = after_break(text, run[0].start(), ".!?:;")
        words = list(run)
        if at_start and len(words) == 1:
            continue
        while words and _is_known_word(words[0].group()):
            words.pop(0)
        while words and _is_known_word(words[-1].group()):
            words.pop()
        if words:
            phrases.append(text[words[0].start() : words[-1].end()])
    return phrases
