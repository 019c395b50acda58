"""Text helpers: folding for comparison, word tokens with positions, cutting and tidying."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Letters NFKD leaves alone but a Norwegian reader treats as plain ones when comparing names.
_EXTRA_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "œ": "oe", "þ": "th"})
_TOKEN = re.compile(r"[^\W_]+")


def normalise(text: object) -> str:
    """One line, single spaces; anything that is not a string counts as empty."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.split())


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def fold(value: str) -> str:
    """Case- and diacritics-insensitive form: "BØKER Å/S" and "boker a/s" fold alike."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_EXTRA_FOLDS)


@dataclass(frozen=True)
class Token:
    text: str
    folded: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenise(text: str) -> list[Token]:
    """Runs of letters and digits; hyphens, dots and apostrophes split words."""
    return [Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def folded_words(value: str) -> tuple[str, ...]:
    return tuple(fold(m.group()) for m in _TOKEN.finditer(value))


def find_words(
    tokens: Sequence[Token], words: Sequence[str], *, genitive: bool = False
) -> list[tuple[int, int]]:
    """Token index ranges whose letters spell `words` (already folded).

    Spacing and hyphens do not matter ("Bok-huset" finds "bokhuset"); with `genitive`, a
    trailing s is allowed too ("Bokhusets").
    """
    target = "".join(words)
    if not target:
        return []
    hits: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        joined = ""
        for j in range(i, len(tokens)):
            joined += tokens[j].folded
            if joined == target or (genitive and len(target) >= 4 and joined == target + "s"):
                hits.append((i, j + 1))
                break
            if not target.startswith(joined):
                break
    return hits


def after_break(text: str, index: int, marks: str) -> bool:
    """Whether `index` starts the text or follows one of `marks` (spaces between allowed)."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index == 0 or text[index - 1] in marks


def cut(text: str, start: int, end: int, holes: Iterable[tuple[int, int]]) -> str:
    """text[start:end] with the holes blanked out."""
    pieces: list[str] = []
    position = start
    for hole_start, hole_end in sorted(holes):
        hole_start, hole_end = max(hole_start, position), min(hole_end, end)
        if hole_start >= hole_end:
            continue
        pieces.append(text[position:hole_start])
        pieces.append(" ")
        position = hole_end
    pieces.append(text[position:end])
    return "".join(pieces)


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?)])")
_SPACE_AFTER_PAREN = re.compile(r"\(\s+")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_REPEATED_SEPARATORS = re.compile(r"([,;:])(?:\s*[,;:])+")
_SEPARATOR_BEFORE_STOP = re.compile(r"[,;:]\s*(?=[.!?])")
_DANGLING_DASHES = re.compile(r"([—–-])(?:\s*[—–,;:-])+")
_EDGES = " ,;:.-—–"


def tidy(value: str) -> str:
    """Put back together what is left after cutting words out; first letter capital."""
    text = " ".join(value.split())
    text = _EMPTY_PARENS.sub(" ", text)
    text = _SPACE_AFTER_PAREN.sub("(", text)
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _REPEATED_SEPARATORS.sub(r"\1", text)
    text = _SEPARATOR_BEFORE_STOP.sub("", text)
    text = _DANGLING_DASHES.sub(r"\1", text)
    text = " ".join(text.split()).strip(_EDGES)
    return capitalise_first(text)


def capitalise_first(value: str) -> str:
    if value[:1].isalpha() and value[:1].islower() and len(value[:1].upper()) == 1:
        return value[:1].upper() + value[1:]
    return value
