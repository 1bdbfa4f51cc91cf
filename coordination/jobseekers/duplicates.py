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
    mine = (fields.get("name_latin_key", ""), fields.get("name_km_romanised", ""))
    out = []
    for seeker in qs.select_related("job_centre", "province")[:500]:
        reasons = []
        score = 0.0
        if born and seeker.date_of_birth == born:
            score = name_similarity(mine, (seeker.name_latin_key, seeker.name_km_romanised))
            if score >= NAME_THRESHOLD:
                reasons.append("name_dob")
        if phone and seeker.phone == phone:
            reasons.append("phone")
            score = max(score, 100.0)
        if reasons:
            out.append(Candidate(seeker=seeker, score=score, reasons=reasons))
    out.sort(key=lambda c: (-c.score, c.seeker.pk))
    return out[:MAX_CANDIDATES]
