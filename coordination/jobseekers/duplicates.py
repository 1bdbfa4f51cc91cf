"""Likely duplicates of a job seeker: the same national ID (which blocks registration), a similar name in either
script with the same date of birth, or the same phone.

Names are compared in one alphabet: the Latin name folded and the Khmer name romanised at registration
(coordination.jobseekers.names), so "សុខ ដារា" meets "Sok Dara"; word by word on a phonetic key, in any order
(family name first or last) and however the words are split. Candidates are narrowed by an indexed query (same
date of birth: about a dozen among 200,000 seekers; or the same phone) before the names are scored, and a pair a
counsellor has already confirmed distinct is never proposed again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from coordination.jobseekers.models import DuplicateDecision, JobSeeker, SeekerStatus
from coordination.jobseekers.names import MATCH, name_similarity

NAME_THRESHOLD = MATCH
MAX_CANDIDATES = 10
NARROWED_LIMIT = 500  # the most records one date of birth or phone brings back to be scored


@dataclass
class Candidate:
    seeker: JobSeeker
    score: float
    reasons: list[str]  # "name_dob", "phone"


def _khmer_plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text or "").split())


def names_similarity(mine: dict[str, str], theirs: dict[str, str]) -> float:
    """The best similarity between any of one record's names (folded Latin, romanised Khmer) and any of the
    other's; the same Khmer spelling (spaces aside) is a match whatever the transducer reads."""
    if mine.get("name_km") and _khmer_plain(mine["name_km"]) == _khmer_plain(theirs.get("name_km", "")):
        return 100.0
    best = 0.0
    for x in (mine.get("name_latin_key", ""), mine.get("name_km_romanised", "")):
        for y in (theirs.get("name_latin_key", ""), theirs.get("name_km_romanised", "")):
            if x and y:
                best = max(best, name_similarity(x, y))
                if best >= 100.0:
                    return best
    return best


def decided_distinct(pk: Any) -> set[int]:
    """The records a counsellor confirmed to be other people than record `pk`."""
    if pk is None:
        return set()
    pairs = DuplicateDecision.objects.filter(Q(first_id=pk) | Q(second_id=pk),
                                             outcome=DuplicateDecision.Outcome.DISTINCT)
    return {b if a == pk else a for a, b in pairs.values_list("first_id", "second_id")}


def match_reasons(fields: dict[str, Any], other: Any) -> tuple[float, list[str]]:
    """Why `other` (a JobSeeker, or any object with its date_of_birth, phone, name_km, name_latin_key and
    name_km_romanised) may be the person `fields` describes: the one rule, for registration and the import."""
    born, phone = fields.get("date_of_birth"), fields.get("phone")
    reasons: list[str] = []
    score = 0.0
    if born and other.date_of_birth == born:
        mine = {k: fields.get(k, "") for k in ("name_km", "name_latin_key", "name_km_romanised")}
        score = names_similarity(mine, {"name_km": other.name_km, "name_latin_key": other.name_latin_key,
                                        "name_km_romanised": other.name_km_romanised})
        if score >= NAME_THRESHOLD:
            reasons.append("name_dob")
    if phone and other.phone == phone:
        reasons.append("phone")
        score = max(score, 100.0)
    return score, reasons


def likely_matches(fields: dict[str, Any], *, exclude: Any = None) -> list[Candidate]:
    """Active records that may be the same person as `fields` (a CleanSeeker's fields), best first. With
    `exclude` (the record itself, when an existing record is checked) the pairs already decided distinct are
    left out."""
    born, phone = fields.get("date_of_birth"), fields.get("phone")
    if born is None and not phone:
        return []
    near = Q(date_of_birth=born) if born else Q()
    if phone:
        near = (near | Q(phone=phone)) if born else Q(phone=phone)
    qs = JobSeeker.objects.filter(near, status=SeekerStatus.ACTIVE)
    own = getattr(exclude, "pk", exclude)
    if own is not None:
        qs = qs.exclude(pk=own)
    rows = list(qs.select_related("job_centre", "province")[:NARROWED_LIMIT])
    skip = decided_distinct(own) if own is not None and rows else set()
    out = []
    for seeker in rows:
        if seeker.pk in skip:
            continue
        score, reasons = match_reasons(fields, seeker)
        if reasons:
            out.append(Candidate(seeker=seeker, score=score, reasons=reasons))
    out.sort(key=lambda c: (-c.score, c.seeker.pk))
    return out[:MAX_CANDIDATES]


def likely_matches_of(seeker: JobSeeker) -> list[Candidate]:
    """An existing record's likely duplicates, without those already decided distinct (its profile shows them)."""
    fields = {"date_of_birth": seeker.date_of_birth, "phone": seeker.phone, "name_km": seeker.name_km,
              "name_latin_key": seeker.name_latin_key, "name_km_romanised": seeker.name_km_romanised}
    return likely_matches(fields, exclude=seeker)


def likely_matches_many(records: list[dict[str, Any]], *, batch: int = 2000) -> list[list[Candidate]]:
    """likely_matches for many records at once (the bulk import): the active records sharing a date of birth
    or a phone with any of them, read in a few set queries (`batch` values each), then the same rule
    (match_reasons) for each record. One list of candidates per record, in order, best first."""
    births = sorted({f["date_of_birth"] for f in records if f.get("date_of_birth")})
    phones = sorted({f["phone"] for f in records if f.get("phone")})
    by_birth: dict[Any, list[JobSeeker]] = {}
    by_phone: dict[str, list[JobSeeker]] = {}
    seen: dict[int, JobSeeker] = {}
    base = JobSeeker.objects.filter(status=SeekerStatus.ACTIVE).select_related("job_centre").only(
        "pk", "name_km", "name_latin", "name_latin_key", "name_km_romanised", "date_of_birth", "phone",
        "job_centre__name", "job_centre__name_km")
    for values, lookup in ((births, "date_of_birth__in"), (phones, "phone__in")):
        for i in range(0, len(values), batch):
            for seeker in base.filter(**{lookup: values[i:i + batch]}):
                seen.setdefault(seeker.pk, seeker)
    for seeker in seen.values():
        by_birth.setdefault(seeker.date_of_birth, []).append(seeker)
        if seeker.phone:
            by_phone.setdefault(seeker.phone, []).append(seeker)
    out: list[list[Candidate]] = []
    for fields in records:
        near = {s.pk: s for s in by_birth.get(fields.get("date_of_birth"), ())}
        near.update({s.pk: s for s in by_phone.get(fields.get("phone") or "", ())})
        found = []
        for seeker in near.values():
            score, reasons = match_reasons(fields, seeker)
            if reasons:
                found.append(Candidate(seeker=seeker, score=score, reasons=reasons))
        found.sort(key=lambda c: (-c.score, c.seeker.pk))
        out.append(found[:MAX_CANDIDATES])
    return out

