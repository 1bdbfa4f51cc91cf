"""Personal names in Khmer script and in Latin letters, folded to one comparable form.

The same person is written "សុខ ដារា" in one place and "Sok Dara" in another. Khmer names are romanised with
khmer-latin-name-transformer, a finite-state transducer (pynini) trained on Khmer personal names; it takes about
a quarter of a second per word uncached, so each word is romanised once per process (`romanise_word` is cached)
and the result is stored on the record at registration (JobSeeker.name_km_romanised), never recomputed at
comparison time. Latin names are folded the same way (upper case, letters only, single spaces), so that both
scripts meet in one alphabet and rapidfuzz compares them (coordination.jobseekers.duplicates).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

KHMER_WORD = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
KHMER_ONLY = re.compile(r"^[\u1780-\u17ff\u19e0-\u19ff\s]+$")
# Letters of the Latin script (with accents), spaces, hyphens and apostrophes: "Sok Dara", "Chan-Thy", "O'Neil".
LATIN_ONLY = re.compile(r"^[A-Za-z\u00c0-\u024f\s'’.-]+$")
_NOT_LETTER = re.compile(r"[^A-Z ]+")


def is_khmer_name(text: str) -> bool:
    return bool(KHMER_ONLY.match(text or ""))


def is_latin_name(text: str) -> bool:
    return bool(LATIN_ONLY.match(text or ""))


def fold_latin(text: str) -> str:
    """'  Sok  Dàra ' → 'SOK DARA': accents dropped, hyphens and apostrophes join, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    plain = re.sub(r"['’.]", "", plain).replace("-", " ")
    return " ".join(_NOT_LETTER.sub(" ", plain).split())


@lru_cache(maxsize=1)
def _transducer() -> Any:
    import khmer_latin_name_transformer

    return khmer_latin_name_transformer


@lru_cache(maxsize=65536)
def romanise_word(word: str) -> str:
    """One Khmer word in Latin letters as the transducer writes it ('សុខ' → 'SOK'); '' if it has no reading."""
    try:
        return fold_latin(_transducer().to_latin(word))
    except Exception:  # the transducer finds no path for some strings: no reading, not an error  # noqa: BLE001
        return ""


def romanise(text: str) -> str:
    """A Khmer name, word by word, in folded Latin letters ('សុខ ដារា' → 'SOK DARA')."""
    words = KHMER_WORD.findall(unicodedata.normalize("NFC", text or ""))
    return " ".join(filter(None, (romanise_word(w) for w in words)))


def comparable(name_km: str, name_latin: str) -> tuple[str, str]:
    """What is stored for comparison: the Latin name folded, the Khmer name romanised."""
    return fold_latin(name_latin), romanise(name_km)
