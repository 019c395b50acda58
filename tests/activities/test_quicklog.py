"""The quick-log parser, case by case: what a KAM types in ten seconds, and what it becomes.

Reference date: Wednesday 11 March 2026 unless a case says otherwise. Every name is made up.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from nokkel.activities.quicklog import (
    AccountRef,
    ContactRef,
    FollowUp,
    Question,
    QuickLogParse,
    account_search_terms,
    parse_quick_log,
)
from nokkel.activities.quicklog.values import KEY_AREAS, KINDS, SENTIMENTS

REFERENCE = date(2026, 3, 11)  # a Wednesday

ACCOUNTS = (
    AccountRef(1, "BOKHUSET AS", "K123456"),
    AccountRef(2, "Sykkelhuset Nettbutikk AS", "K200100"),
    AccountRef(3, "Fjellstøv Ålesund AS"),
    AccountRef(6, "Lekeland Nettbutikk AS"),
    AccountRef(7, "Lekeland Norge AS"),
)
CONTACTS = (
    ContactRef(10, 1, "Per Olsen"),
    ContactRef(11, 1, "Kari Hansen"),
    ContactRef(12, 1, "Kari Berg"),
    ContactRef(13, 2, "Åse Strøm"),
    ContactRef(14, 2, "Ole Martin Lie"),
    ContactRef(15, 6, "Per Lund"),
)


def d(day: int, month: int = 3, year: int = 2026) -> date:
    return date(year, month, day)


def parse(text: str, **kwargs: Any) -> QuickLogParse:
    kwargs.setdefault("reference_date", REFERENCE)
    kwargs.setdefault("accounts", ACCOUNTS)
    kwargs.setdefault("contacts", CONTACTS)
    return parse_quick_log(text, **kwargs)


def question_keys(result: QuickLogParse) -> tuple[str, ...]:
    return tuple(question.text_key for question in result.questions)


def case(text: str, case_id: str, /, *, call: dict[str, Any] | None = None, **expected: Any) -> Any:
    return pytest.param(text, call or {}, expected, id=case_id)


CASES = [
    # --- What kind of contact it was -----------------------------------------------------
    case("Møte med Kari Hansen hos Bokhuset i dag", "nb-meeting", kind="meeting",
         happened_on=d(11), account_id=1, contact_ids=(11,), questions=(), language="nb"),
    case("Videomøte med Bokhuset om returløsning", "nb-video-meeting", kind="video",
         account_id=1, questions=()),
    case("Teams-møte med Per fra Bokhuset", "nb-teams-meeting", kind="video", contact_ids=(10,)),
    case("Ringte Kari Berg i Bokhuset", "nb-phone", kind="phone", account_id=1,
         contact_ids=(12,), questions=()),
    case("Samtale på telefon med Åse i Sykkelhuset", "nb-phone-conversation", kind="phone",
         account_id=2, contact_ids=(13,), questions=()),
    case("Sendte e-post til Bokhuset om nye priser", "nb-email", kind="email", account_id=1),
    case("emailed Per at Bokhuset the new price list", "en-email", kind="email",
         contact_ids=(10,), language="en"),
    case("Lunsj med Kari Hansen fra Bokhuset, veldig hyggelig", "nb-lunch", kind="social",
         contact_ids=(11,), sentiment="positive"),
    case("Julebord med Sykkelhuset", "nb-christmas-party", kind="social", account_id=2),
    case("dinner with Bokhuset management", "en-dinner", kind="social", language="en"),
    case("Befaring på lageret til Bokhuset", "nb-site-visit", kind="site_visit", account_id=1),
    case("visited the warehouse at Sykkelhuset yesterday", "en-site-visit", kind="site_visit",
         happened_on=d(10), account_id=2, language="en",
         summary="Visited the warehouse at Sykkelhuset"),
    case("Kvartalsmøte med Bokhuset", "nb-quarterly-review", kind="business_review"),
    case("QBR with Bokhuset on Teams", "en-qbr-on-teams", kind="business_review", language="en"),
    case("Forretningsgjennomgang med Sykkelhuset", "nb-business-review",
         kind="business_review", account_id=2),
    case("Ringte Kari Hansen om lunsjen", "first-kind-word-wins", kind="phone"),
    case("Snakket med Bokhuset om volumene", "no-kind-word", kind="meeting",
         questions=("kind_guessed",)),
    # --- When it happened ----------------------------------------------------------------
    case("Møte med Bokhuset i går", "nb-yesterday", happened_on=d(10),
         summary="Møte med Bokhuset", questions=()),
    case("Møte med Bokhuset i forgårs", "nb-day-before-yesterday", happened_on=d(9)),
    case("Møte med Bokhuset mandag", "nb-weekday-past", happened_on=d(9),
         summary="Møte med Bokhuset"),
    case("Møte med Bokhuset onsdag", "nb-weekday-is-today", happened_on=d(11)),
    case("Møte med Bokhuset på fredag", "nb-on-friday-past", happened_on=d(6),
         summary="Møte med Bokhuset"),
    case("Møte med Bokhuset forrige fredag", "nb-last-friday", happened_on=d(6)),
    case("met Bokhuset last monday", "en-last-monday", kind="meeting", happened_on=d(9),
         language="en"),
    case("Møte med Bokhuset fredag forrige uke", "nb-friday-last-week", happened_on=d(6)),
    case("Møte med Bokhuset 10.03", "nb-day-month", happened_on=d(10)),
    case("Møte med Bokhuset 20.03", "day-month-past-is-last-year", happened_on=d(20, 3, 2025)),
    case("Møte med Bokhuset 09.03.2026", "day-month-year", happened_on=d(9)),
    case("Møte med Bokhuset 9.3.26", "short-day-month-year", happened_on=d(9)),
    case("Meeting with Bokhuset 2026-03-02", "iso-date", happened_on=d(2)),
    case("Møte med Bokhuset 4. mars", "nb-month-name", happened_on=d(4),
         summary="Møte med Bokhuset"),
    case("Meeting with Bokhuset on 4 march", "en-day-month-name", happened_on=d(4),
         summary="Meeting with Bokhuset"),
    case("Meeting with Bokhuset march 4th", "en-month-name-day", happened_on=d(4)),
    case("Meeting with Bokhuset 3 days ago", "en-days-ago", happened_on=d(8)),
    case("Møte med Bokhuset for en uke siden", "nb-week-ago", happened_on=d(4)),
    case("Møte med Bokhuset denne uken", "nb-this-week-past", happened_on=d(11),
         summary="Møte med Bokhuset"),
    case("Møte med Bokhuset kl 14 i dag", "nb-time-removed", happened_on=d(11),
         summary="Møte med Bokhuset"),
    case("Meeting with Bokhuset at 2pm yesterday", "en-time-removed", happened_on=d(10),
         summary="Meeting with Bokhuset"),
    case("Møte med Bokhuset kl. 20.03", "kl-makes-a-time", happened_on=d(11),
         summary="Møte med Bokhuset"),
    case("Møte med Bokhuset mandag 09.03", "weekday-and-date", happened_on=d(9),
         summary="Møte med Bokhuset", questions=()),
    case("Møte med Bokhuset mandag 10.03", "weekday-contradicts-date", happened_on=d(10),
         questions=("weekday_mismatch",)),
    case("Møte med Bokhuset 31.02", "impossible-date", happened_on=d(11),
         questions=("invalid_date",)),
    case("Møte med Bokhuset 29.02", "leap-day-in-common-year", happened_on=d(11),
         questions=("invalid_date",)),
    case("Møte med Bokhuset i morgen", "happened-in-future", happened_on=d(12),
         questions=("future_date",)),
    case("Møte med Bokhuset om 1.5 mill i omsetning", "decimal-is-no-date", happened_on=d(11),
         summary="Møte med Bokhuset om 1.5 mill i omsetning"),
    case("Møte med Bokhuset i går om levering 14.04", "second-date-stays-in-summary",
         happened_on=d(10), summary="Møte med Bokhuset om levering 14.04"),
    case("Ringte Bokhuset i går", "nb-yesterday-on-a-monday",
         call={"reference_date": d(9)}, happened_on=d(8)),
    # --- The follow-up -------------------------------------------------------------------
    case("Møte med Bokhuset. Neste: send tilbud fredag", "nb-next-friday-plain",
         follow_up=("Send tilbud", d(13)), summary="Møte med Bokhuset", happened_on=d(11)),
    case("Møte med Bokhuset. Neste: send tilbud neste fredag", "nb-neste-fredag",
         follow_up=("Send tilbud", d(20))),
    case("Møte med Bokhuset. Neste: send tilbud neste torsdag", "nb-neste-torsdag",
         follow_up=("Send tilbud", d(19))),
    case("Møte med Bokhuset. Neste: ring Per neste mandag", "nb-neste-mandag",
         follow_up=("Ring Per", d(16)), contact_ids=(10,)),
    case("Møte med Bokhuset. Neste: ring Per neste fredag", "neste-fredag-said-on-sunday",
         call={"reference_date": d(15)}, follow_up=("Ring Per", d(20))),
    case("Møte med Bokhuset. Neste: ring Per fredag", "fredag-said-on-friday",
         call={"reference_date": d(13)}, follow_up=("Ring Per", d(20))),
    case("Meeting with Bokhuset. Next: call Per next friday", "en-next-friday",
         follow_up=("Call Per", d(20)), language="en"),
    case("Møte med Bokhuset; send tilbud i morgen", "semicolon-action",
         follow_up=("Send tilbud", d(12)), summary="Møte med Bokhuset"),
    case("Møte med Bokhuset, følg opp om 3 dager", "nb-in-days",
         follow_up=("Følg opp", d(14)), summary="Møte med Bokhuset"),
    case("Møte med Bokhuset. Husk å sende prisliste om 2 uker", "nb-husk-in-weeks",
         follow_up=("Sende prisliste", d(25))),
    case("Meeting with Bokhuset. Next: prepare proposal in a week", "en-in-a-week",
         follow_up=("Prepare proposal", d(18))),
    case("Meeting with Bokhuset; call Per tomorrow", "en-semicolon-call",
         kind="meeting", follow_up=("Call Per", d(12)), summary="Meeting with Bokhuset"),
    case("Meeting with Bokhuset. Next step: book warehouse visit next week", "en-next-week",
         kind="meeting", follow_up=("Book warehouse visit", d(16))),
    case("Meeting with Bokhuset. todo: send contract this week", "en-this-week",
         follow_up=("Send contract", d(13))),
    case("Møte med Bokhuset. Oppfølging: forbered kundeplan", "nb-no-due-date",
         follow_up=("Forbered kundeplan", d(18))),
    case("Møte med Bokhuset. Neste: send tilbud 20.03", "nb-due-day-month",
         follow_up=("Send tilbud", d(20))),
    case("Møte med Bokhuset. Neste: send tilbud 05.03", "due-day-month-passed-is-next-year",
         follow_up=("Send tilbud", d(5, 3, 2027))),
    case("Møte med Bokhuset, neste steg: lage avtaleutkast 14. mars", "nb-due-month-name",
         follow_up=("Lage avtaleutkast", d(14))),
    case("Møte med Bokhuset. Neste: send tilbud fredag. Kunden var fornøyd.",
         "text-after-follow-up", follow_up=("Send tilbud", d(13)),
         summary="Møte med Bokhuset. Kunden var fornøyd", sentiment="positive"),
    case("Møte med Bokhuset. Neste: send tilbud 31.04", "impossible-due-date",
         follow_up=("Send tilbud", d(18)), questions=("invalid_date",)),
    case("Meeting with Bokhuset; follow up yesterday", "due-date-in-past",
         follow_up=("Follow up", d(10)), questions=("follow_up_in_past",)),
    case("Meeting with Bokhuset to follow up on the complaint", "follow-up-mid-sentence",
         follow_up=None, sentiment="negative"),
    case("Møte med Bokhuset, følg opp fredag kl 10", "nb-due-with-time",
         follow_up=("Følg opp", d(13))),
    case("Meeting with Bokhuset; follow-up: send samples by friday", "en-label-after-semicolon",
         follow_up=("Send samples", d(13)), summary="Meeting with Bokhuset"),
    case("follow up 05.01", "year-rollover", call={"reference_date": d(30, 12)},
         follow_up=("Follow up", d(5, 1, 2027))),
    case("Ringte Bokhuset. Neste: book møte 29.02", "leap-day-ahead",
         call={"reference_date": d(1, 12, 2027)}, follow_up=("Book møte", d(29, 2, 2028))),
    case("Neste:", "bare-label", follow_up=("Følg opp", d(18)), summary=""),
    # --- Key areas and sentiment ---------------------------------------------------------
    case("Ringte Bokhuset, klage på forsinkede pakker", "nb-complaint-delay",
         key_areas=("accuracy",), sentiment="negative"),
    case("call with Bokhuset, parcels damaged and delivered late", "en-damaged-late",
         key_areas=("accuracy",), sentiment="neutral", kind="phone"),
    case("Møte med Bokhuset. Kunden har ikke nådd oss på telefon og venter på svar",
         "nb-availability", key_areas=("availability",), kind="meeting"),
    case("Møte med Bokhuset om API-integrasjon og tilpasset etikett", "nb-adaptation",
         key_areas=("adaptation",)),
    case("Møte med Bokhuset, kunden ønsker helgelevering", "nb-new-need-is-adaptation",
         key_areas=("adaptation",)),
    case("Møte med Bokhuset, diskuterte helgelevering", "nb-service-talk-is-no-area",
         key_areas=()),
    case("Møte med Bokhuset, ga råd om emballasje og anbefalte hentested", "nb-advice",
         key_areas=("advice",), sentiment="neutral"),
    case("Meeting with Bokhuset, recommended a new returns flow; they asked for weekend delivery",
         "en-advice-and-need", key_areas=("adaptation", "advice")),
    case("Meeting with Bokhuset, hard to reach their contact person", "en-availability",
         key_areas=("availability",)),
    case("Møte med Bokhuset, de var veldig fornøyde", "nb-positive", sentiment="positive"),
    case("Møte med Bokhuset, ikke fornøyd med leveransene", "nb-negated-positive",
         sentiment="negative"),
    case("Møte med Bokhuset, ingen problemer denne gangen", "nb-negated-negative",
         sentiment="neutral"),
    case("Call with Bokhuset, they were angry about missing parcels", "en-angry",
         sentiment="negative", key_areas=("accuracy",)),
    case("Lunsj med Bokhuset, kunden var sur", "nb-sur", sentiment="negative", kind="social"),
    case("Meeting with Bokhuset, happy with on time deliveries", "en-happy",
         sentiment="positive", key_areas=("accuracy",)),
    # --- Which account -------------------------------------------------------------------
    case("Møte med fjellstov alesund", "diacritics-and-case", account_id=3, questions=()),
    case("Ringte K123456 om fakturaen", "customer-number", account_id=1, questions=()),
    case("Ringte kundenummer k-200100", "customer-number-as-typed", account_id=2),
    case("Møte med Bokhuset og Sykkelhuset", "two-accounts-named", account_id=None,
         questions=("ambiguous_account",)),
    case("Møte med Lekeland", "generic-words-make-it-ambiguous", account_id=None,
         questions=("ambiguous_account",)),
    case("Møte med Lekeland Nettbutikk", "full-name-settles-it", account_id=6, questions=()),
    case("Møte med Bokhusets innkjøper", "genitive", account_id=1),
    case("Møte med Bokhuset", "generic-words-dropped-only-if-needed",
         call={"accounts": (AccountRef(21, "Bokhuset Nettbutikk AS"),
                            AccountRef(20, "Bokhuset AS"))},
         account_id=20, questions=()),
    case("Møte med Lekeland. Neste gang: ta med prøver", "nb-neste-gang",
         follow_up=("Ta med prøver", d(18))),
    case("Møte fra kl 10 til 12 med Bokhuset", "nb-time-range", summary="Møte med Bokhuset"),
    case("Møte med Fjelltopp Sport AS", "unknown-account", account_id=None,
         questions=("unknown_account",)),
    case("Møte med kunden i dag", "no-account", account_id=None, questions=("no_account",)),
    case("Møte med Bokhuset", "account-id-given-wins", call={"account_id": 2}, account_id=2,
         questions=()),
    # --- Which contacts ------------------------------------------------------------------
    case("Ringte Kari i går", "first-name-two-contacts", call={"account_id": 1},
         contact_ids=(), questions=("ambiguous_contact",)),
    case("Ringte Kari Hansen i går", "full-name-one-contact", call={"account_id": 1},
         contact_ids=(11,), questions=()),
    case("Møte med Kari Hansen. Kari var fornøyd", "first-name-after-full-name",
         call={"account_id": 1}, contact_ids=(11,), questions=()),
    case("Ringte Ole Lie", "first-and-last-of-three-names", call={"account_id": 2},
         contact_ids=(14,)),
    case("Ringte Ase om lagerplass", "first-name-without-ring", call={"account_id": 2},
         contact_ids=(13,)),
    case("Møte med Per Lund i går", "contact-names-the-account", account_id=6,
         contact_ids=(15,), questions=()),
    case("Møte med Lekeland og Per Lund", "contact-settles-ambiguous-account", account_id=6,
         contact_ids=(15,), questions=()),
    case("call with Per", "contacts-of-the-chosen-account-only", call={"account_id": 1},
         contact_ids=(10,), questions=()),
    case("Møte med Bokhuset, 30 kr per pakke", "lower-case-per-is-no-name", contact_ids=(),
         account_id=1),
    # --- Nothing much to go on -----------------------------------------------------------
    case("", "empty", kind="meeting", happened_on=d(11), summary="", follow_up=None,
         questions=("kind_guessed", "no_account"), language="nb", sentiment="neutral"),
    case("   \t  ", "only-whitespace", questions=("kind_guessed", "no_account")),
    case("møte   med\tBokhuset  ,  i går", "messy-whitespace", summary="Møte med Bokhuset",
         happened_on=d(10)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "call", "expected"), CASES)
def test_a_line_becomes_an_interaction(
    text: str, call: dict[str, Any], expected: dict[str, Any]
) -> None:
    result = parse(text, **call)
    for field, value in expected.items():
        if field == "questions":
            assert question_keys(result) == value, result.questions
        elif field == "follow_up":
            got = result.follow_up and (result.follow_up.title, result.follow_up.due_on)
            assert got == value, result.follow_up
        else:
            assert getattr(result, field) == value, (field, result)


def test_the_norwegian_example_reads_fully() -> None:
    text = "Møte med Kari Hansen i går, diskuterte helgelevering. Neste: send tilbud fredag"
    assert parse(text, account_id=1) == QuickLogParse(
        kind="meeting",
        happened_on=d(10),
        account_id=1,
        contact_ids=(11,),
        summary="Møte med Kari Hansen, diskuterte helgelevering",
        key_areas=(),
        sentiment="neutral",
        follow_up=FollowUp("Send tilbud", d(13)),
        questions=(),
        language="nb",
    )


def test_the_norwegian_example_without_candidates_asks_for_the_account() -> None:
    text = "Møte med Kari Hansen i går, diskuterte helgelevering. Neste: send tilbud fredag"
    result = parse_quick_log(text, reference_date=REFERENCE)
    assert result.account_id is None
    assert result.questions == (Question("account", "unknown_account", detail="Kari Hansen"),)


def test_the_english_example_reads_fully() -> None:
    text = "call with Per (Bokhuset) — complaint about late deliveries in Bergen; follow up 14.03"
    assert parse(text) == QuickLogParse(
        kind="phone",
        happened_on=d(11),
        account_id=1,
        contact_ids=(10,),
        summary="Call with Per (Bokhuset) — complaint about late deliveries in Bergen",
        key_areas=("accuracy",),
        sentiment="negative",
        follow_up=FollowUp("Follow up", d(14)),
        questions=(),
        language="en",
    )


def test_ambiguity_names_the_candidates_and_the_words() -> None:
    result = parse("Møte med Lekeland i går")
    assert result.questions == (
        Question("account", "ambiguous_account", options=(6, 7), detail="Lekeland"),
    )
    result = parse("Ringte Kari om pallene", account_id=1)
    assert result.questions == (
        Question("contact", "ambiguous_contact", options=(11, 12), detail="Kari"),
    )


def test_an_unknown_account_is_named_by_the_words_in_parentheses() -> None:
    result = parse("Møte med Per (Havgull) om returer")
    assert result.questions == (Question("account", "unknown_account", detail="Havgull"),)


def test_an_impossible_date_says_which_words() -> None:
    result = parse("Møte med Bokhuset 31.02")
    assert result.questions == (Question("date", "invalid_date", detail="31.02"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "call with Per (Bokhuset) — complaint about late deliveries in Bergen; follow up 14.03",
            ["Bokhuset", "Per", "Bergen"],
        ),
        ("Møte med Kari Hansen i går", ["Kari Hansen"]),
        (
            "Ringte K123456 og 923 456 789 om Sykkelhuset Nettbutikk",
            ["K123456", "923456789", "Sykkelhuset Nettbutikk"],
        ),
        ("Ringte om kundenummer 1234567", ["1234567"]),
        ("Møte på Teams med Bokhuset fredag 13. Mars", ["Bokhuset"]),
        ("Bokhuset ringte", []),
        ("Kari Hansen ringte fra Bokhuset", ["Kari Hansen", "Bokhuset"]),
        ("QBR med Bokhuset. Neste: Send tilbud til Sykkelhuset", ["Bokhuset", "Sykkelhuset"]),
        ("Per and I met BOKHUSET on Monday", ["BOKHUSET"]),
        ("møte (14.03) om priser", []),
        ("Møte med Bokhuset og bokhuset igjen", ["Bokhuset"]),
        ("", []),
    ],
)
def test_search_terms_for_the_account_lookup(text: str, expected: list[str]) -> None:
    assert account_search_terms(text) == expected


def test_the_same_line_gives_the_same_parse() -> None:
    text = "Lunsj med Kari og Per fra Bokhuset i går; send tilbud neste uke"
    assert parse(text) == parse(text)


_FRAGMENTS = (
    "Møte", "med", "Kari", "Kari Hansen", "Bokhuset", "(Bokhuset)", "K123456", "i går",
    "i morgen", "neste", "fredag", "neste fredag", "31.02", "29.02", "14.03", "20.03.2026",
    "2026-13-45", "kl 14", "at 2pm", "Neste:", "følg opp", "follow up", ";", ".", ",", "—",
    "om 3 dager", "in 999 weeks", "klage", "ikke", "fornøyd", "API", "İ dag", "ſunday",
    "()", "(", ")", "14. mars", "march 40", "0.0", "99.99.99", "Ø", "ß", "\u0301", "",
)  # fmt: skip


@pytest.mark.parametrize("reference_date", [REFERENCE, date.min, date.max, d(29, 2, 2028)])
def test_no_line_makes_it_raise(reference_date: date) -> None:
    rng = random.Random(20260311)
    for _ in range(400):
        text = " ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(0, 12)))
        result = parse(text, reference_date=reference_date)
        assert result.kind in KINDS
        assert result.sentiment in SENTIMENTS
        assert set(result.key_areas) <= set(KEY_AREAS)
        assert result.language in ("nb", "en")
        assert all(q.field in ("account", "contact", "date", "kind") for q in result.questions)


def test_the_first_word_of_a_name_matches_one_account_and_asks_among_several():
    oslo = AccountRef(1, "Bokhuset Oslo AS")
    bergen = AccountRef(2, "Bokhuset Bergen AS")
    one = parse_quick_log(
        "ringte Bokhuset i dag", reference_date=date(2026, 3, 11), accounts=[oslo]
    )
    assert one.account_id == 1
    both = parse_quick_log(
        "ringte Bokhuset i dag", reference_date=date(2026, 3, 11), accounts=[oslo, bergen]
    )
    assert both.account_id is None
    assert [(q.text_key, q.options) for q in both.questions] == [("ambiguous_account", (1, 2))]
