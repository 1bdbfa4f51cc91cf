"""Likely duplicates of a job seeker: the same national ID (which blocks registration), a similar name in either
script with the same date of birth, or the same phone.

Names are compared in one alphabet: the Latin name folded and the Khmer name romanised at registration
(coordination.jobseekers.names), so "សុខ ដារា" meets "Sok Dara". Candidates are narrowed by an indexed query
(same date of birth, or same phone) before rapidfuzz scores the names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from rapidfuzz import fuzz

from coordination.jobseekers.models import JobSeeker, SeekerStatus

# A token-set ratio at or above this counts as a similar name (same words in any order score 100; "Sok Dara" and
# "Sok Darra" score about 94; "Sok Dara" and "Chan Sophea" about 20).
NAME_THRESHOLD = 85.0
MAX_CANDIDATES = 10


@dataclass
class Candidate:
    seeker: JobSeeker
    score: float
    reasons: list[str]  # "name_dob", "phone"


def name_similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    """The best token-set ratio between any of one record's comparable names (folded Latin, romanised Khmer)
    and any of the other's."""
    best = 0.0
    for x in a:
        if not x:
            continue
        for y in b:
            if y:
                best = max(best, fuzz.token_set_ratio(x, y))
    return best


def match_reasons(fields: dict[str, Any], other: Any) -> tuple[float, list[str]]:
    """Why `other` (a JobSeeker, or any object with its date_of_birth, phone, name_latin_key and
    name_km_romanised) may be the person `fields` describes: the one rule, for registration and the import."""
    born, phone = fields.get("date_of_birth"), fields.get("phone")
    reasons: list[str] = []
    score = 0.0
    if born and other.date_of_birth == born:
        score = name_similarity((fields.get("name_latin_key", ""), fields.get("name_km_romanised", "")),
                                (other.name_latin_key, other.name_km_romanised))
        if score >= NAME_THRESHOLD:
            reasons.append("name_dob")
    if phone and other.phone == phone:
        reasons.append("phone")
        score = max(score, 100.0)
    return score, reasons


def likely_matches(fields: dict[str, Any], *, exclude: Any = None) -> list[Candidate]:
    """Active records that may be the same person as `fields` (a CleanSeeker's fields), best first."""
    born, phone = fields.get("date_of_birth"), fields.get("phone")
    if born is None and not phone:
        return []
    near = Q(date_of_birth=born) if born else Q()
    if phone:
        near = (near | Q(phone=phone)) if born else Q(phone=phone)
    qs = JobSeeker.objects.filter(near, status=SeekerStatus.ACTIVE)
    if exclude is not None:
        qs = qs.exclude(pk=getattr(exclude, "pk", exclude))
    out = []
    for seeker in qs.select_related("job_centre", "province")[:500]:
        score, reasons = match_reasons(fields, seeker)
        if reasons:
            out.append(Candidate(seeker=seeker, score=score, reasons=reasons))
    out.sort(key=lambda c: (-c.score, c.seeker.pk))
    return out[:MAX_CANDIDATES]


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

