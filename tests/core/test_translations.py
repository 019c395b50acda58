"""The Norwegian (bokmål) catalogue: complete, compiled, and in step with the code.

The first users work in Norwegian, so an untranslated or fuzzy string, a .po edited
without recompiling the .mo, or a new string nobody extracted all show up as English
text in a Norwegian page. Each of these fails here instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.utils import formats, translation

from nokkel.core.templatetags.nokkel import nok

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The same arguments as `make messages`.
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    "nb",
    "--no-obsolete",
    "--ignore",
    ".venv/*",
    "--ignore",
    "tests/*",
    "--ignore",
    "bench/*",
]
# %(name)s with any flags, width and precision ("%(gap)+.1f"), a bare %s or %d, and
# {name}; a literal "%%" is matched only so that it is not taken for a placeholder.
PLACEHOLDER = re.compile(
    r"%%|%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|%[-+#0]*\d*(?:\.\d+)?[sdifr]|\{\w*\}"
)

Key = tuple[str | None, str, str]


def _describe(entry: polib.POEntry | polib.MOEntry) -> str:
    text = repr(entry.msgid)
    if entry.msgctxt:
        text = f"{entry.msgctxt!r}: {text}"
    occurrences = getattr(entry, "occurrences", None)
    if occurrences:
        text += " (" + ", ".join(f"{path}:{line}" for path, line in occurrences[:2]) + ")"
    return text


def _current(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def _mo_entries(path: Path) -> dict[Key, str | tuple[str, ...]]:
    """{(context, msgid, msgid_plural): msgstr, or the plural forms in order}."""
    entries: dict[Key, str | tuple[str, ...]] = {}
    for entry in polib.mofile(str(path)):
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            entries[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            entries[key] = entry.msgstr
    return entries


def _msgids(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in _current(po)}


def test_the_norwegian_catalogue_is_complete():
    po = polib.pofile(str(PO_PATH))

    untranslated = [_describe(e) for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [_describe(e) for e in po.fuzzy_entries()]

    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in {PO_PATH.relative_to(ROOT)}:\n"
        + "\n".join(untranslated)
    )
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy entries in {PO_PATH.relative_to(ROOT)} (check the translation, "
        "then remove the fuzzy flag):\n" + "\n".join(fuzzy)
    )
    assert not po.metadata_is_fuzzy, "The catalogue header is marked fuzzy; remove the flag."
    assert po.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def _placeholders(text: str) -> set[str]:
    return {found for found in PLACEHOLDER.findall(text) if found != "%%"}


def test_every_translation_keeps_its_placeholders():
    po = polib.pofile(str(PO_PATH))
    broken = []
    for entry in _current(po):
        wanted = _placeholders(entry.msgid)
        if entry.msgid_plural:
            wanted |= _placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for msgstr in translations:
            if msgstr and _placeholders(msgstr) != wanted:
                broken.append(f"{_describe(entry)} -> {msgstr!r}")

    assert not broken, "Translations that lose or invent a placeholder:\n" + "\n".join(broken)


def test_gnu_msgfmt_accepts_the_catalogue(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed; the format check cannot run here")

    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "check.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt --check rejects the catalogue:\n{result.stderr}"


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO_PATH)).save_as_mofile(str(fresh))

    assert MO_PATH.exists(), f"{MO_PATH.relative_to(ROOT)} is missing; run `make messages`."
    committed, expected = _mo_entries(MO_PATH), _mo_entries(fresh)
    keys = committed.keys() | expected.keys()
    stale = sorted(repr(key[1]) for key in keys if committed.get(key) != expected.get(key))
    assert not stale, (
        f"{MO_PATH.relative_to(ROOT)} does not match its .po; recompile with "
        f"`python -m nokkel.core.compile_messages`. Differing entries:\n" + "\n".join(stale)
    )


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; makemessages cannot run here")

    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "nokkel", tmp_path / "nokkel", ignore=ignore)
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=ignore)
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    # The copy, not the installed package, must be imported: its settings point
    # LOCALE_PATHS at the copied locale/, so the committed catalogue is never touched.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nokkel.settings.test",
        "PYTHONPATH": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    in_code = _msgids(polib.pofile(str(tmp_path / PO_PATH.relative_to(ROOT))))
    in_catalogue = _msgids(polib.pofile(str(PO_PATH)))
    missing = sorted(msgid for _, msgid in in_code - in_catalogue)
    unused = sorted(msgid for _, msgid in in_catalogue - in_code)

    assert not missing, (
        f"{len(missing)} strings in the code are not in {PO_PATH.relative_to(ROOT)}; "
        "run `make messages` and translate them:\n" + "\n".join(map(repr, missing))
    )
    assert not unused, (
        f"{len(unused)} entries in {PO_PATH.relative_to(ROOT)} are no longer in the code; "
        "run `make messages` to drop them:\n" + "\n".join(map(repr, unused))
    )


def test_norwegian_text_dates_and_amounts():
    with translation.override("nb"):
        assert translation.gettext("Contacts") == "Kontakter"
        assert formats.date_format(date(2026, 3, 14), "SHORT_DATE_FORMAT") == "14.03.2026"
        assert nok(Decimal("1234.5")) == "1\xa0234,50\xa0kr"

    with translation.override("en"):
        assert translation.gettext("Contacts") == "Contacts"
        assert nok(Decimal("1234.5")) == "NOK\xa01,234.50"
