"""Words that say what kind of contact it was, how it went and which key areas it touched.

All lists hold regex fragments matched case-insensitively on whole words; a trailing \\w*
lets Norwegian compounds and inflections through ("forsinkelser", "klaget").
"""

from __future__ import annotations

import re

from nokkel.activities.quicklog.dates import MONTHS, RELATIVE_DAYS, WEEKDAYS
from nokkel.activities.quicklog.text import word_set


def _words(*fragments: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(fragments) + r")(?!\w)", re.IGNORECASE)


# Checked in this order; the first two win wherever they appear, the rest by whichever
# comes first in the text ("Ringte Kari om lunsj" was a phone call).
KIND_WORDS: dict[str, re.Pattern[str]] = {
    "business_review": _words(
        r"kvartalsmøte\w*", r"kvartalsgjennomgang\w*", r"forretningsgjennomgang\w*",
        r"årsgjennomgang\w*", r"business\s+reviews?", r"quarterly\s+reviews?",
        r"annual\s+reviews?", r"qbrs?",
    ),
    "site_visit": _words(
        r"besøk\w*", r"befaring\w*", r"lagerbesøk\w*", r"kundebesøk\w*", r"site\s+visits?",
        r"visit(?:ed|ing|s)?", r"warehouse\s+tour", r"omvisning\w*",
    ),
    "social": _words(
        r"lunsj\w*", r"lunch\w*", r"middag\w*", r"dinner", r"frokost\w*", r"breakfast",
        r"events?", r"arrangement\w*", r"julebord\w*", r"golf\w*", r"konsert\w*", r"kaffe",
        r"coffee", r"drinks?",
    ),
    "email": _words(
        r"e-?post\w*", r"e-?mail(?:ed|s)?", r"mail(?:et|en|a|ed|s)?", r"mailet",
    ),
    "phone": _words(
        r"ringte", r"ringt", r"telefon\w*", r"tlf", r"calls?", r"called", r"phoned?",
        r"phone\s+call", r"rang",
    ),
    "meeting": _words(r"møte(?:t|r|ne)?", r"møtte", r"møttes", r"meetings?", r"met"),
}  # fmt: skip
VIDEO_WORDS = _words(
    r"video\w*", r"teams", r"zoom", r"google\s+meet", r"webex", r"skype", r"videosamtale\w*"
)
VIDEO_UPGRADES = ("meeting", "phone")

KEY_AREA_WORDS: dict[str, re.Pattern[str]] = {
    "accuracy": _words(
        r"forsink\w*", r"feil\s*lever\w*", r"leveringsfeil\w*", r"skad\w*", r"presis\w*",
        r"leveringspresisjon\w*", r"punktlig\w*", r"nøyaktig\w*", r"mist(?:et|a)",
        r"for\s+sent", r"ikke\s+levert", r"feil\s+adresse", r"late", r"delay\w*",
        r"on\s+time", r"wrong", r"damag\w*", r"missing", r"not\s+delivered",
        r"lost\s+(?:parcels?|packages?|items?|shipments?)", r"accura\w*", r"precision",
    ),
    "availability": _words(
        r"ikke\s+nådd", r"nådde\s+(?:\w+\s+)?ikke", r"svar(?:er|te)\s+ikke",
        r"ikke\s+svar\w*", r"u?tilgjengelig\w*", r"kontaktperson\w*", r"fast\s+kontakt\w*",
        r"vent(?:et|er)\s+på\s+svar", r"responstid\w*", r"unreachable", r"no\s+answer",
        r"no\s+reply", r"(?:hard|difficult)\s+to\s+reach", r"could\s*n[o’']t\s+reach",
        r"(?:un)?available", r"availability", r"contact\s+person",
        r"waiting\s+for\s+(?:an?\s+)?(?:answer|reply|response)", r"response\s+times?",
    ),
    "adaptation": _words(
        r"tilpass\w*", r"integrasjon\w*", r"integrer\w*", r"integrat\w*", r"api",
        r"edi", r"custom", r"customi[sz]\w*", r"tailor\w*", r"skreddersy\w*",
        r"spesialløsning\w*", r"egen\s+løsning",
    ),
    "advice": _words(
        r"råd", r"rådet", r"rådgiv\w*", r"rådga", r"anbefal\w*", r"forslag\w*", r"foreslo",
        r"foreslått", r"foreslår", r"advice", r"advis\w*", r"recommend\w*", r"suggest\w*",
        r"tips",
    ),
}  # fmt: skip
# A service the carrier sells counts as adaptation only when the customer asks for it
# ("ønsker helgelevering", "asked for weekend delivery"); talking about the service the
# customer already has ("diskuterte helgelevering") touches no key area by itself.
_NEED = (
    r"ønsker|ønsket|ønske\s+om|trenger|trengte|behov\s+for|vil\s+ha|ville\s+ha|spurte\s+om|"
    r"spør\s+om|interessert\s+i|etterspør\w*|wants?|wanted|needs?|needed|asked\s+(?:about|for)|"
    r"asking\s+(?:about|for)|interested\s+in|would\s+like|requests?|requested"
)
_SERVICE = (
    r"helgelever\w*|lørdagslever\w*|søndagslever\w*|kveldslever\w*|ekspress\w*|retur\w*|"
    r"hentested\w*|pakkeautomat\w*|utleveringssted\w*|(?:weekend|saturday|sunday|evening)\s+"
    r"deliver\w*|express|returns?|pick-?up\s+points?|parcel\s+lockers?"
)
NEW_NEED = re.compile(
    rf"(?<!\w)(?:{_NEED})(?:\W+\w+){{0,3}}?\W+(?:{_SERVICE})(?!\w)", re.IGNORECASE
)

NEGATIVE_WORDS = _words(
    r"klag\w*", r"misfornøy\w*", r"misnøye", r"sur", r"sint\w*", r"irriter\w*", r"frustr\w*",
    r"skuff\w*", r"problem\w*", r"kritik\w*", r"kritisk\w*", r"bekymr\w*", r"dårlig\w*",
    r"negativ\w*", r"oppsigelse\w*", r"si\s+opp", r"truer\s+med", r"vurderer\s+å\s+bytte",
    r"complain\w*", r"angry", r"upset", r"unhappy", r"dissatisf\w*", r"annoyed",
    r"disappoint\w*", r"concerned", r"worried", r"threaten\w*", r"cancel\w*", r"churn\w*",
    r"escalat\w*", r"bad", r"poor", r"considering\s+(?:leaving|switching)",
)  # fmt: skip
POSITIVE_WORDS = _words(
    r"fornøyd\w*", r"glad", r"positiv\w*", r"flott\w*", r"fantastisk\w*", r"strålende",
    r"takknemlig\w*", r"imponert\w*", r"hyggelig\w*", r"nice", r"ros", r"roste",
    r"godt\s+møte", r"bra\s+møte",
    r"signert\w*", r"signerte", r"happy", r"pleased", r"satisfied", r"great", r"excellent",
    r"grateful", r"thankful", r"impressed", r"praised?", r"good\s+meeting", r"signed",
)  # fmt: skip
_NEGATORS = word_set(
    "ikke ingen uten aldri lite not no never without hardly isnt wasnt arent werent dont "
    "didnt doesnt couldnt wont cant havent hasnt wouldnt"
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?—–()]")

_NB_WORDS = word_set(
    "og med på om ikke er var har hadde det den som til fra vi han hun jeg å kunden kunde "
    "neste møte møtte ringte går dag uke uken skal vil må tilbud etter av også hos mot "
    "diskuterte snakket sa fikk ble mye ny nye eller dette klage fornøyd levering husk følg "
    "opp sende send ring morgen sendte mandag tirsdag onsdag torsdag fredag lørdag søndag"
)
_EN_WORDS = word_set(
    "the and with about of is was were has had have we he she they to from will should next "
    "meeting call called after also but at customer yesterday today tomorrow week offer "
    "discussed said asked wants follow up complaint happy delivery deliveries late on in "
    "this that it not our their sent email phone lunch visit met last monday tuesday wednesday "
    "thursday friday saturday sunday"
)
_WORD = re.compile(r"[^\W\d_]+")

ACTION_VERBS = (
    "send", "sende", "ring", "ringe", "book", "booke", "lag", "lage", "forbered",
    "forberede", "sjekk", "sjekke", "avklar", "avklare", "skriv", "skrive", "oppdater",
    "oppdatere", "kontakt", "kontakte", "purr", "purre", "inviter", "invitere", "mail",
    "maile", "bekreft", "bekrefte", "følg", "følge", "finn", "finne", "gi", "planlegg",
    "planlegge", "call", "prepare", "email", "e-mail", "check", "schedule", "write",
    "update", "invite", "draft", "arrange", "chase", "confirm", "follow", "share", "ask",
    "review", "set up", "make",
)  # fmt: skip

# Capitalised words that name no account: calendar words, the kinds, markers, pronouns,
# abbreviations of the trade and the rivals (folded).
NOT_ACCOUNT_WORDS = frozenset(
    {*WEEKDAYS, *MONTHS, *(word for phrase in RELATIVE_DAYS for word in phrase.split())}
    | {word.replace("-", " ") for word in ACTION_VERBS}
) | word_set(
    "møte møtet møtte meeting meetings met call called phone telefon ringte ring email "
    "e-post epost mail e-mail lunsj lunch middag dinner event golf julebord besøk befaring visit "
    "visited site kvartalsmøte qbr business review teams zoom video videomøte webex meet "
    "google skype neste next steg step todo to do husk følg opp follow up remember "
    "oppfølging jeg vi han hun de det den dette denne der kunden kunde i we he she they it "
    "the a an our my mr mrs ms hr fru ok kam api edi ceo cfo cto coo it re fw fwd ps "
    "posten bring postnord send sende tilbud offer også also"
)


def detect_kind(text: str) -> str | None:
    """The kind of contact the words describe, None when no word says it."""
    for kind in ("business_review", "site_visit"):
        if KIND_WORDS[kind].search(text):
            return kind
    first: tuple[int, str] | None = None
    for kind in ("social", "email", "phone", "meeting"):
        match = KIND_WORDS[kind].search(text)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), kind)
    has_video = VIDEO_WORDS.search(text) is not None
    if first is None:
        return "video" if has_video else None
    if has_video and first[1] in VIDEO_UPGRADES:
        return "video"
    return first[1]


def detect_key_areas(text: str) -> tuple[str, ...]:
    found = {area for area, pattern in KEY_AREA_WORDS.items() if pattern.search(text)}
    if NEW_NEED.search(text):
        found.add("adaptation")
    return tuple(area for area in KEY_AREA_WORDS if area in found)


def _negated(text: str, start: int) -> bool:
    """A negation among the three words before, within the same clause."""
    before = text[max(0, start - 60) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = [w.lower().replace("'", "").replace("’", "") for w in re.findall(r"[\w'’]+", before)]
    return any(word in _NEGATORS for word in words[-3:])


def detect_sentiment(text: str) -> str:
    """Positive minus negative words; a negated positive counts as negative, a negated
    negative ("ingen problemer", "no complaints") counts as nothing."""
    score = 0
    for match in POSITIVE_WORDS.finditer(text):
        score += -1 if _negated(text, match.start()) else 1
    for match in NEGATIVE_WORDS.finditer(text):
        score -= 0 if _negated(text, match.start()) else 1
    if score > 0:
        return "positive"
    return "negative" if score < 0 else "neutral"


def detect_language(text: str) -> str:
    """ "nb" or "en" by counting common words; a tie (or nothing) is bokmål."""
    nb = en = 0
    for word in _WORD.findall(text.lower()):
        if word in _NB_WORDS or any(letter in word for letter in "æøå"):
            nb += 1
        elif word in _EN_WORDS:
            en += 1
    return "en" if en > nb else "nb"
