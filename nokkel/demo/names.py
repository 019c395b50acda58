"""Word lists and small builders for fictional Norwegian shops and people.

Every name is assembled from these lists, so no real company is named on purpose;
web sites and e-mail addresses use the reserved `.example` domain. Pure functions,
no Django: the same `random.Random` state always gives the same names.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

# Nature and place words that read well glued to a trade word ("Fjell" + "sport").
STEMS = (
    "Fjell", "Tinde", "Nordlys", "Fjord", "Vinter", "Sommer", "Skog", "Elve", "Kyst",
    "Vidde", "Polar", "Lyng", "Bjørke", "Furu", "Stein", "Bølge", "Mose", "Seter", "Bre",
    "Lune", "Hav", "Strand", "Vind", "Snø", "Rein", "Gran", "Eike", "Lind", "Hasle",
    "Kvist", "Midnatt", "Høst", "Vår", "Myr", "Stabbur", "Naust", "Bakke", "Lysning",
    "Tun", "Stjerne", "Måne", "Sol", "Dugg", "Rim", "Blåbær", "Molte", "Tyttebær", "Ørn",
    "Ugle", "Rev", "Gaupe", "Elg", "Oter", "Sel", "Lunde", "Fossen", "Kilde", "Ospe",
)  # fmt: skip

# Industry -> words that make a shop name from a stem: "Fjellsport", "Nordlys Interiør".
INDUSTRY_WORDS = {
    "Sport og fritid": ("sport", "friluft", "tur", "sykkel"),
    "Klær og mote": ("mote", "klær", "stil", "sko"),
    "Interiør": ("interiør", "hjem", "design", "lampe"),
    "Elektronikk": ("elektro", "data", "tek", "lyd"),
    "Bøker": ("bok", "bokhandel", "lesestue", "papir"),
    "Kosmetikk": ("hud", "velvære", "skjønnhet", "parfymeri"),
    "Dagligvare": ("mat", "kolonial", "krydder", "kaffe"),
    "Barn og leker": ("leker", "barn", "lek", "baby"),
}
INDUSTRIES = tuple(INDUSTRY_WORDS)
MARKETPLACE_INDUSTRY = "Markedsplass"
MARKETPLACE_WORDS = ("torget", "basaren", "markedet", "bua", "handel")

# Legal suffixes and shop words: only "AS" is a legal form; the rest reads as a shop.
SHOP_PATTERNS = (
    "{stem}{word} AS",
    "{stem}{word} Nettbutikk AS",
    "{stem} {Word} AS",
    "{stem}handel AS",
    "{stem}{word}.no AS",
)
MARKETPLACE_PATTERNS = ("{stem}{word} AS", "{stem} Marked AS", "{stem}{word} Nordic AS")

FIRST_NAMES = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth",
    "Kristin", "Silje", "Hanne", "Ingeborg", "Camilla", "Tone", "Nora", "Emma", "Sofie",
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans",
    "Geir", "Thomas", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas",
    "Rune", "Trond", "Jon", "Anders", "Magnus", "Jonas", "Henrik", "Espen", "Sindre",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
    "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
    "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen", "Iversen",
    "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Mathisen", "Lie", "Rønning", "Aasen", "Fjeld", "Sandvik", "Myhre",
)  # fmt: skip

# Real towns with a real postal code in each, so the address fields look right.
TOWNS = (
    ("0150", "Oslo"), ("5003", "Bergen"), ("7010", "Trondheim"), ("4006", "Stavanger"),
    ("4611", "Kristiansand"), ("9008", "Tromsø"), ("3015", "Drammen"),
    ("1606", "Fredrikstad"), ("4306", "Sandnes"), ("1706", "Sarpsborg"), ("3724", "Skien"),
    ("6002", "Ålesund"), ("3110", "Tønsberg"), ("1530", "Moss"), ("5527", "Haugesund"),
    ("3210", "Sandefjord"), ("4836", "Arendal"), ("8006", "Bodø"), ("3256", "Larvik"),
    ("2317", "Hamar"), ("2609", "Lillehammer"), ("2815", "Gjøvik"), ("6413", "Molde"),
    ("9405", "Harstad"), ("3611", "Kongsberg"), ("1767", "Halden"), ("3915", "Porsgrunn"),
    ("2408", "Elverum"), ("7713", "Steinkjer"), ("9510", "Alta"), ("1470", "Lørenskog"),
    ("2000", "Lillestrøm"), ("2050", "Jessheim"), ("3510", "Hønefoss"),
    ("6509", "Kristiansund"), ("6800", "Førde"), ("4876", "Grimstad"), ("7500", "Stjørdal"),
)  # fmt: skip
# Oslo weighs more: that is where most Norwegian web shops sit.
TOWN_WEIGHTS = tuple(8 if city == "Oslo" else 2 for _, city in TOWNS)

STREETS = (
    "Storgata", "Kirkegata", "Strandgata", "Industriveien", "Næringsveien", "Havnegata",
    "Sjøgata", "Jernbanegata", "Torggata", "Lagerveien", "Terminalveien", "Brugata",
)  # fmt: skip


def slugify_domain(name: str) -> str:
    """'Nordlys Interiør AS' -> 'nordlys-interior': a host name label for the .example domain."""
    base = re.sub(r"\s+AS$", "", name).replace(".no", "")
    base = base.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
    base = base.replace("å", "a").replace("Å", "A")
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


def email_local_part(person: str) -> str:
    """'Bjørn Sørensen' -> 'bjorn.sorensen'."""
    return slugify_domain(person).replace("-", ".")


class NameMaker:
    """Hands out shop and person names, never the same shop name twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._stems = list(STEMS)
        self._used: set[str] = set()  # only asked for membership, so order never matters

    def _unique(self, build: Callable[[], str]) -> str:
        for _attempt in range(200):
            name = build()
            if name not in self._used:
                self._used.add(name)
                return name
        raise RuntimeError("Ran out of demo names; add words to nokkel/demo/names.py.")

    def shop(self, industry: str, stem: str | None = None) -> str:
        """A web shop name; with a group's stem it is always "<Stem> <Word> AS"."""
        words = INDUSTRY_WORDS[industry]

        def build() -> str:
            word = self.rng.choice(words)
            pattern = "{stem} {Word} AS" if stem else self.rng.choice(SHOP_PATTERNS)
            return pattern.format(
                stem=stem or self.rng.choice(self._stems), word=word, Word=word.capitalize()
            )

        return self._unique(build)

    def marketplace(self) -> str:
        def build() -> str:
            pattern = self.rng.choice(MARKETPLACE_PATTERNS)
            return pattern.format(
                stem=self.rng.choice(self._stems), word=self.rng.choice(MARKETPLACE_WORDS)
            )

        return self._unique(build)

    def group(self, stem: str) -> str:
        return self._unique(lambda: f"{stem} Gruppen AS")

    def reserve_stems(self, count: int) -> list[str]:
        """Stems kept for groups (konsern): no shop outside the group is named with one."""
        reserved = self.rng.sample(self._stems, count)
        self._stems = [stem for stem in self._stems if stem not in reserved]
        return reserved

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def phone(self) -> str:
        # Norwegian mobile numbers are 8 digits starting with 4 or 9.
        return f"+47{self.rng.choice('49')}{self.rng.randrange(10**7):07d}"

    def address(self) -> tuple[str, str, str]:
        postal_code, city = self.rng.choices(TOWNS, weights=TOWN_WEIGHTS)[0]
        street = f"{self.rng.choice(STREETS)} {self.rng.randint(1, 120)}"
        return street, postal_code, city
