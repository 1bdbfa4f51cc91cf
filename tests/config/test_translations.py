"""English and Khmer catalogues stay complete: every string a person reads is translated into Khmer."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KM_PO = ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po"
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
KM_MO = KM_PO.with_suffix(".mo")
# Every top-level package of the project (the apps, config, spreadsheets), found rather than listed.
SOURCE_DIRS = sorted(
    p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}
)


def _unquote(line: str) -> str:
    return line[line.index('"') + 1: line.rindex('"')].encode().decode("unicode_escape").encode(
        "latin-1").decode("utf-8")


def parse_po(path: Path) -> list[dict[str, object]]:
    """A small PO reader: entries with msgid, msgid_plural, msgstr(s) and flags."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    key = ""
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, ""
            continue
        if line.startswith("#,"):
            entry["flags"] = {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] = str(entry[key]) + _unquote(line)
        else:
            key = line.split(" ", 1)[0]
            entry[key] = _unquote(line)
    return entries


def test_khmer_catalogue_is_complete():
    entries = [e for e in parse_po(KM_PO) if e["msgid"]]
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries
                    if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", set())]  # type: ignore[operator]
    assert not untranslated, f"{len(untranslated)} Khmer entries are empty, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} Khmer entries are fuzzy, e.g. {fuzzy[:5]}"


def test_english_catalogue_is_complete_and_matches_the_khmer_one():
    english = [e for e in parse_po(EN_PO) if e["msgid"]]
    assert {str(e["msgid"]) for e in english} == {str(e["msgid"]) for e in parse_po(KM_PO) if e["msgid"]}
    assert all(e["msgstr"] == e["msgid"] for e in english if "msgstr" in e)


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    for e in parse_po(KM_PO):
        if not e["msgid"]:
            continue
        wanted = set(pattern.findall(str(e["msgid"])))
        for k, v in e.items():
            if k.startswith("msgstr") and v:
                assert set(pattern.findall(str(v))) == wanted, (e["msgid"], v)


def _needs_gettext() -> None:
    if shutil.which("msgfmt") is None or shutil.which("xgettext") is None:
        pytest.skip("gettext is not installed (apt-get install gettext)")  # fails under CI=true


def test_committed_mo_matches_the_po(tmp_path):
    _needs_gettext()
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(KM_PO)], check=True)
    with KM_MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog, (
            "locale/km/LC_MESSAGES/django.mo is stale: run manage.py compilemessages")


def test_catalogue_has_every_string_in_the_code(tmp_path):
    """makemessages on a copy of the sources finds no msgid that the committed catalogue lacks."""
    _needs_gettext()
    copy = tmp_path / "src"
    copy.mkdir()
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "km", "--no-location", "-v0"],
        cwd=copy, check=True, capture_output=True,
    )
    wanted = {str(e["msgid"]) for e in parse_po(copy / "locale" / "km" / "LC_MESSAGES" / "django.po") if e["msgid"]}
    have = {str(e["msgid"]) for e in parse_po(KM_PO) if e["msgid"]}
    missing = sorted(wanted - have)
    assert not missing, (
        f"{len(missing)} strings are not in the catalogues (run bin/update-catalogues), e.g. {missing[:5]}")
