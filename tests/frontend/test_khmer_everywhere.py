"""Every page, as every role, in Khmer: no English words outside a short allowlist.

The demo data is loaded and each demo user, reading Khmer, follows every link on the site from their home
page (GET only). On each page the text a person reads (text nodes, and the title, aria-label, placeholder,
alt and button-value attributes) is taken, except what is marked as not Khmer: an element with a `lang`
other than km (ISCO-08 and ISIC titles, which have no official Khmer translation, are lang="en") or
`translate="no"`. Data as people entered it (names, titles, addresses, the terms' texts: the values of the
free-text fields of every model, those without choices) is taken out too, as written or cut short. What is
left must hold no English word: a word of the English catalogue's msgids (the interface's own vocabulary),
unless it is in ALLOWED (codes, proper names, units, file formats). A stored code shown as it is stored
("old_age", "employer") is caught: fields with choices are not data but codes that need their label.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from accounts.models import User
from frontend.labels import LONG_TEXT

ROOT = Path(__file__).resolve().parents[2]
DEMO_LOGINS = ["ministry.admin", "ministry.reviewer", "employer.th", "employer.kr", "agency", "counsellor",
               "attache", "admin"]
MAX_PAGES = 400
SKIP_PREFIXES = ("/admin/", "/graphql", "/static/", "/media/", "/i18n/", "/logout", "/accounts/logout")
# Proper names, units, codes and file formats that read the same in a Khmer sentence.
ALLOWED = {
    "corridor", "excel", "xlsx", "csv", "pdf", "isco", "isic", "rev", "usd", "thb", "krw", "jpy", "myr", "api",
    "graphql", "sms", "email", "mou", "eps", "topik", "jlpt", "jft-basic", "id", "ok",
    "siam", "garments", "sokha", "chan",  # the examples in the Khmer hints name the demo's people
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _english_vocabulary() -> set[str]:
    text = (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    words: set[str] = set()
    for msgid in re.findall(r'^msgid(?:_plural)? "(.*)"$', text, flags=re.M):
        cleaned = re.sub(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{[^}]*\}", " ", msgid)
        words.update(w.lower() for w in WORD.findall(cleaned) if len(w) >= 3)
    return words - ALLOWED


def _data_index(vocabulary: set[str]) -> dict[str, list[str]]:
    """The values of every free-text field in the database, by the interface words they contain (longest
    value first), with their cut-short form as lists show them."""
    index: dict[str, set[str]] = {}
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if not value or not isinstance(value, str):
                    continue
                value = " ".join(value.split())
                forms = {value} | ({value[: LONG_TEXT - 1]} if len(value) >= LONG_TEXT else set())
                for word in WORD.findall(value):
                    if word.lower() in vocabulary:
                        index.setdefault(word.lower(), set()).update(forms)
    return {w: sorted(v, key=len, reverse=True) for w, v in index.items()}


def _interface_words(text: str, vocabulary: set[str], data: dict[str, list[str]]) -> set[str]:
    words = [w for w in WORD.findall(text) if w.lower() in vocabulary and not w.isupper()]
    if not words:
        return set()
    text = " ".join(text.split())
    for value in sorted({v for w in words for v in data.get(w.lower(), ())}, key=len, reverse=True):
        text = text.replace(value, " ")
    return {w for w in WORD.findall(text) if w.lower() in vocabulary and not w.isupper()}


class _Reader(HTMLParser):
    """The Khmer reader's text of a page and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []
        self.links: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        lang = (a.get("lang") or "").lower()
        skip = (self._skipped() or tag in ("script", "style", "template")
                or (lang and not lang.startswith("km")) or a.get("translate") == "no"
                or "hidden" in a or a.get("type") == "hidden")
        if not skip:
            for name in READ_ATTRIBUTES:
                if a.get(name):
                    self.texts.append(a[name] or "")
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"] or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipped() and data.strip():
            self.texts.append(data)


def _crawl(client) -> dict[str, list[str]]:
    """Every page reachable from home by GET: {path: [English words found]}."""
    vocabulary = _english_vocabulary()
    data = _data_index(vocabulary)
    seen: set[str] = set()
    queue = deque(["/"])
    found: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        reader = _Reader()
        reader.feed(response.content.decode())
        english = sorted({w for text in reader.texts for w in _interface_words(text, vocabulary, data)})
        if english:
            found[path] = english
        for href in reader.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES):
                continue
            if "download" in parts.path:
                continue
            if href not in seen:
                queue.append(href)
    assert len(seen) > 3, "the crawl found almost nothing"
    return found


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_every_page_reads_in_khmer(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    found = _crawl(client)
    assert not found, "English on Khmer pages:\n" + "\n".join(f"{p}: {', '.join(w)}" for p, w in found.items())


def test_the_check_sees_english():
    """The reader finds an English interface word, and skips what is marked as not Khmer."""
    vocabulary = _english_vocabulary()
    reader = _Reader()
    reader.feed('<p>ការស្នើសុំ Submit</p><p lang="en">Manufacture of textiles</p><p translate="no">Siam Garments</p>'
                '<script>var Submit;</script><button title="Download">x</button>')
    words = {w for text in reader.texts for w in WORD.findall(text) if w.lower() in vocabulary}
    assert words == {"Submit", "Download"}
    data = {"recruitment": ["Recruitment service fee"], "employer": ["Your employer pays"]}
    assert _interface_words("Recruitment service fee · employer · Art. 14.1", vocabulary, data) == {"employer"}
