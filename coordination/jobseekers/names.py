"""Personal names in Khmer script and in Latin letters, folded to one comparable form.

The same person is written "សុខ ដារា" in one place and "Sok Dara" in another. Khmer names are romanised with
khmer-latin-name-transformer, a finite-state transducer (pynini) trained on Khmer personal names, and the
result is stored on the record at registration (JobSeeker.name_km_romanised), never recomputed at comparison
time. The package's own `to_latin` takes 0.15–0.9 s a word, almost all of it removing epsilons from the whole
output lattice before the best path is taken; here the best path is taken first (the same path: the lattice's
weights are unchanged), about 20 times faster, and only the one transducer this needs is loaded. The common
name words are shipped already romanised (data/khmer_name_words.json, made with the same transducer by
`python -m coordination.jobseekers.names`), so a fresh process romanises the usual names without loading the
transducer at all; every other word is romanised once per process (`romanise_word` is cached).

Comparison (coordination.jobseekers.duplicates) is word by word on a phonetic key that forgives the usual
variants of Khmer romanisation — Ly/Lee, Srey/Srei, Chhun/Chhoun, Samnang/Sâmnang, Sieng/Seang, Kim/Khim,
Thong/Thorng, Kanha/Kagna, Vuthy/Wuthy — but keeps apart names that differ in a consonant (Sophea/Sopheak) or
in a vowel sound (Dara/Dary).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from itertools import permutations
from pathlib import Path
from typing import Any

KHMER_WORD = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
KHMER_ONLY = re.compile(r"^[\u1780-\u17ff\u19e0-\u19ff\s]+$")
# Letters of the Latin script (with accents), spaces, hyphens and apostrophes: "Sok Dara", "Chan-Thy", "O'Neil".
LATIN_ONLY = re.compile(r"^[A-Za-z\u00c0-\u024f\s'’.-]+$")
_NOT_LETTER = re.compile(r"[^A-Z ]+")
_NOT_KHMER = re.compile(r"[^\u1780-\u17ff ]+")
WORDS_FILE = Path(__file__).with_name("data") / "khmer_name_words.json"


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


# Romanisation -------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _transducer() -> Any:
    """The Khmer → Latin names transducer alone (the package loads three on import), sorted for composition."""
    import importlib.util

    import pynini

    spec = importlib.util.find_spec("khmer_latin_name_transformer")
    assert spec is not None and spec.submodule_search_locations, "khmer-latin-name-transformer is not installed"
    path = Path(next(iter(spec.submodule_search_locations))) / "km_latin_names.fst"
    return pynini.Fst.read(str(path)).arcsort("ilabel")


def transduce(word: str) -> str:
    """The transducer's best reading of one Khmer word, as the package's `to_latin` gives it ('' for none)."""
    import pynini

    utf8 = "utf8"
    text = _NOT_KHMER.sub("", word).strip()
    if not text:
        return ""
    lattice = pynini.compose(pynini.accep(text, token_type=utf8), _transducer(), compose_filter="sequence")
    if lattice.start() == pynini.NO_STATE_ID:
        return ""
    best = pynini.shortestpath(lattice).project("output").rmepsilon()
    return str(best.string(token_type=utf8))


@lru_cache(maxsize=1)
def shipped_words() -> dict[str, str]:
    """The common Khmer name words, romanised in advance by the same transducer."""
    with WORDS_FILE.open(encoding="utf-8") as handle:
        return dict(json.load(handle))


@lru_cache(maxsize=65536)
def romanise_word(word: str) -> str:
    """One Khmer word in Latin letters as the transducer writes it ('សុខ' → 'SOK'); '' if it has no reading."""
    word = unicodedata.normalize("NFC", word)
    known = shipped_words().get(word)
    if known is not None:
        return known
    try:
        return fold_latin(transduce(word))
    except Exception:  # the transducer finds no path for some strings: no reading, not an error  # noqa: BLE001
        return ""


def romanise(text: str) -> str:
    """A Khmer name, word by word, in folded Latin letters ('សុខ ដារា' → 'SOK DARA')."""
    words = KHMER_WORD.findall(unicodedata.normalize("NFC", text or ""))
    return " ".join(filter(None, (romanise_word(w) for w in words)))


def comparable(name_km: str, name_latin: str) -> tuple[str, str]:
    """What is stored for comparison: the Latin name folded, the Khmer name romanised."""
    return fold_latin(name_latin), romanise(name_km)


# The phonetic key -----------------------------------------------------------------------------------------

_VOWELS = "AEIOU"
# Spellings of one Khmer vowel sound, longest first, each to one class letter. ី is I, Y, EI, EY or EE
# (Ly/Lee, Srey/Srei); ឹ/ឺ/ឿ are I, E, OE, OEU or EU (Kim/Koem, Yim/Yem, Chenda/Chinda); ុ/ូ/ួ are O, U, OU,
# UO or OO (Chhun/Chhoun, Huot/Hout, Ros/Rous); ៀ/ា after some consonants are EA, IA or IE (Sieng/Seang).
_VOWEL_CLASSES = [
    ("OEU", "I"), ("IEA", "E"), ("EA", "E"), ("IA", "E"), ("IE", "E"), ("OE", "I"), ("EU", "I"), ("EI", "I"),
    ("EE", "I"), ("II", "I"), ("OU", "O"), ("UO", "O"), ("OO", "O"), ("AU", "W"), ("AO", "W"), ("AI", "Y"),
    ("AE", "A"), ("AA", "A"), ("EO", "V"), ("A", "A"), ("E", "I"), ("I", "I"), ("O", "O"), ("U", "O"),
]
_VOWEL_GROUP = re.compile("|".join(v for v, _ in _VOWEL_CLASSES))
_VOWEL_MAP = dict(_VOWEL_CLASSES)


def _vowel_y(word: str) -> str:
    """Y written for a vowel (not before a vowel) becomes I: LY → LI, SREY → SREI, but YIM keeps its Y."""
    return re.sub(r"Y(?![AEIOU])", "I", word)


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """One folded word reduced to what its usual romanisations share: 'SREYNEANG' and 'SREINEANG' → 'SRINENG',
    'CHHOUN' and 'CHUN' → 'CHON', 'THORNG' and 'THONG' → 'TONG', 'KAGNA' and 'KANHA' → 'KANA'."""
    w = word.upper().replace("W", "V").replace("CHH", "CH")
    w = w.replace("GN", "NH")                        # French-style Kagna = Kanha
    w = _vowel_y(w)
    w = re.sub(r"(?<=[AEIOU])V$", "O", w)            # Kev/Keo, Pov/Pao: a final V after a vowel is a vowel
    w = re.sub(r"(?<=[AEIOU])R(?![AEIOU])", "", w)  # the silent R of French spellings: Thorng, Sorm, Sophorn
    w = re.sub(r"(?<=[BDFGJKLMPQSTVXZ])H", "", w)   # aspiration written or not: Khim/Kim, Chanthy/Chanty
    w = re.sub(r"(?<!N)G$", "K", w)                  # a final G is a K (but NG stays)
    w = re.sub(r"(.)\1+", r"\1", w)                  # doubled letters: Rattana/Ratana, Sovann/Sovan, Darra
    w = _VOWEL_GROUP.sub(lambda m: _VOWEL_MAP[m.group(0)], w)
    return re.sub(r"(.)\1+", r"\1", w)


def _skeleton(key: str) -> str:
    return re.sub(r"[AEIOVWY]", "", key)


def word_similarity(a: str, b: str) -> float:
    """100 when two words have the same phonetic key; 90 for a one-letter slip inside a long word (not at its
    end, where a letter makes another name: Sophea/Sopheak, Sokha/Sokhy); otherwise their plain similarity
    kept below the threshold of a match."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    ka, kb = phonetic_key(a), phonetic_key(b)
    if ka == kb:
        return 100.0
    if (min(len(ka), len(kb)) >= 6 and ka[-1] == kb[-1] and ka[0] == kb[0]
            and Levenshtein.distance(ka, kb) == 1 and _skeleton(ka) == _skeleton(kb)):
        return 90.0
    return min(float(fuzz.ratio(ka, kb)), 80.0)


def _segmentations(words: list[str]) -> list[list[str]]:
    """Every way of writing the words with some neighbours joined: 'SREY NEANG' is also 'SREYNEANG'."""
    words = words[:4] if len(words) <= 4 else [*words[:3], "".join(words[3:])]
    out = [[words[0]]]
    for word in words[1:]:
        out = [x for seg in out for x in ([*seg, word], [*seg[:-1], seg[-1] + word])]
    return out


MATCH = 85.0  # a name similarity at or above this is a similar name


def name_similarity(a: str, b: str) -> float:
    """How alike two folded names are (0–100), whatever the order of family and given names and however the
    words are split: the weakest of the word pairs at the best alignment. A name with more words matches one
    whose words it all contains (a middle name added), a little less strongly."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    best = 0.0
    for sa in _segmentations(wa):
        for sb in _segmentations(wb):
            short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
            if len(short) < len(long_) and len(short) < 2:
                continue
            for chosen in permutations(long_, len(short)):
                score = min(word_similarity(x, y) for x, y in zip(short, chosen, strict=True))
                if len(short) < len(long_):
                    score = min(score, 90.0)
                best = max(best, score)
                if best >= 100.0:
                    return best
    return best


def _build_word_file(words: list[str]) -> None:
    table = {w: fold_latin(transduce(w)) for w in sorted(set(words))}
    WORDS_FILE.parent.mkdir(exist_ok=True)
    WORDS_FILE.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m coordination.jobseekers.names < words.txt
    import sys

    _build_word_file(KHMER_WORD.findall(unicodedata.normalize("NFC", sys.stdin.read())))
