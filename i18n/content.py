"""Stored content written in English and in Khmer (an agreement's title, a fee item, a protection's details…),
read in the reader's language.

Models keep the English form in a field and the Khmer form beside it (`title` and `title_km`); pages, sheets,
exports and messages read it through `LocalText` (`agreement.local_title`), which gives the Khmer form when the
active language is Khmer and the Khmer form is written, else the English one. A message stored for later
(a notification) keeps both forms (`i18n.messages.bilingual`) and picks one when it is read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def reader_reads_khmer() -> bool:
    return (get_language() or "").startswith("km")


def pick(english: Any, khmer: Any) -> str:
    """The Khmer form on Khmer pages when it is written, else the English form."""
    if reader_reads_khmer() and khmer and str(khmer).strip():
        return str(khmer)
    return "" if english is None else str(english)


class LocalText:
    """A read-only attribute giving a model's text in the reader's language: `local_title = LocalText("title")`
    reads `title_km` or `title` (or the two fields named)."""

    def __init__(self, english: str, khmer: str | None = None) -> None:
        self.english = english
        self.khmer = khmer or f"{english}_km"

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return pick(getattr(obj, self.english), getattr(obj, self.khmer))

    def forms(self, obj: Any) -> tuple[str, str]:
        """Both forms (English, Khmer), for a message read later."""
        return getattr(obj, self.english) or "", getattr(obj, self.khmer) or ""


def bilingual_of(obj: Any, attribute: str) -> Any:
    """The `LocalText` attribute of `obj` as a message parameter that keeps both forms
    (i18n.messages.bilingual)."""
    from i18n.messages import bilingual

    descriptor = getattr(type(obj), attribute)
    english, khmer = descriptor.forms(obj)
    return bilingual(english, khmer)
