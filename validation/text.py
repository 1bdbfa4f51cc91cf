"""Text as a person meant it: no invisible characters around or inside it, no NUL."""

from __future__ import annotations

import re
from typing import Any

# Zero-width space, non-joiner, joiner, word joiner, byte-order mark: invisible, so a value made of them looks
# empty and a value carrying them looks like another. Khmer script does not need them (U+200B is sometimes
# typed as a word break in Khmer; removing it changes nothing a reader sees).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")


def has_nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


def clean_text(value: Any) -> str:
    """The text with zero-width characters removed and surrounding whitespace stripped ("" for None).
    NUL is left in: the caller refuses it with a message naming the field (validation.columns)."""
    if value is None:
        return ""
    return _ZERO_WIDTH_RE.sub("", str(value)).strip()
