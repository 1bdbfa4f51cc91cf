"""The open positions a seeker qualifies for, or nearly qualifies for, with what is missing.

A position is open while its letter is approved, allocated or recruiting and still valid. A seeker fits a
position through their work experience in the position's ISCO-08 occupation (the same unit group; the same
minor group reads as "nearly", with the occupation named as missing), with the months of experience it asks
for, the language test and minimum score it sets, and the age limits it sets (18 always applies to work
abroad). Sex is never considered: it is kept for statistics only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from demand.models import LetterStatus, Position
from mou import predicates

OPEN_LETTER_STATUSES = (LetterStatus.APPROVED, LetterStatus.ALLOCATED, LetterStatus.RECRUITING)
# At most this many things missing still reads as "nearly qualifies".
NEARLY = 2

QUALIFIES = "qualifies"
NEARLY_QUALIFIES = "nearly"


@dataclass
class Fit:
    position: Position
    status: str  # QUALIFIES or NEARLY_QUALIFIES
    missing: list[str] = field(default_factory=list)
    in_event: bool = False


def open_positions(*, letters: Any = None, today: datetime.date | None = None) -> QuerySet[Position]:
    """Positions of open demand (of `letters` when given: ids or letters)."""
    today = today or timezone.localdate()
    qs = Position.objects.filter(letter__status__in=OPEN_LETTER_STATUSES, letter__valid_until__gte=today)
    if letters is not None:
        qs = qs.filter(letter_id__in=[getattr(x, "pk", x) for x in letters])
    return qs.select_related("letter", "letter__employer", "letter__agreement", "occupation", "sector",
                             "wage_currency").order_by("letter__reference", "line")


def _best(results: list[Any], minimum: str) -> Any:
    """The result that reaches `minimum` (mou.predicates.score_meets, the comparison vetting and screening use),
    else the best-ranked one, for the message."""
    for skill in results:
        if predicates.score_meets(skill.score, minimum):
            return skill
    ranked = [(predicates.score_value(s.score), s) for s in results]
    ranked = [(v, s) for v, s in ranked if v is not None]
    return max(ranked, key=lambda pair: pair[0][1])[1] if ranked else None


def _language_missing(position: Position, skills: list[Any], today: datetime.date) -> str | None:
    wanted = (position.language_test or "").strip()
    if not wanted:
        return None
    minimum = (position.language_min_score or "").strip()
    key = predicates.required_test_key(wanted)
    results = [s for s in skills if s.test and predicates.required_test_key(s.test) in key
               and (s.valid_until is None or s.valid_until >= today)]
    if not results:
        if minimum:
            return _("needs %(test)s ≥ %(score)s, has no valid result") % {"test": wanted, "score": minimum}
        return _("needs a valid %(test)s result") % {"test": wanted}
    if not minimum:
        return None
    best = _best(results, minimum)
    if best is not None and predicates.score_meets(best.score, minimum) is not False:
        return None
    has = best.score if best is not None else "—"
    if predicates.score_value(minimum) and predicates.score_value(minimum)[0] == "jlpt":
        return _("needs %(test)s %(score)s, has %(has)s") % {"test": wanted, "score": minimum, "has": has}
    return _("needs %(test)s ≥ %(score)s, has %(has)s") % {"test": wanted, "score": minimum, "has": has}


def position_fit(seeker: Any, position: Position, *, experiences: list[Any], skills: list[Any],
                 today: datetime.date | None = None) -> Fit | None:
    """How the seeker fits one position: qualifies, nearly (with what is missing), or None (not a fit)."""
    today = today or timezone.localdate()
    code = position.occupation.code
    exact = [x for x in experiences if x.occupation.code == code]
    near = [x for x in experiences if x.occupation.code[:3] == code[:3]]
    if not exact and not near:
        return None
    missing: list[str] = []
    if not exact:
        missing.append(_("experience as %(code)s %(title)s (has related work in the same group)") % {
            "code": code, "title": position.occupation.title})
    months = int(max((x.years for x in (exact or near)), default=Decimal(0)) * 12)
    if position.experience_months and months < position.experience_months:
        missing.append(_("needs %(need)s months' experience, has %(has)s") % {
            "need": position.experience_months, "has": months})
    language = _language_missing(position, skills, today)
    if language:
        missing.append(language)
    age = predicates.age_on(seeker.date_of_birth, today)
    low = max(position.min_age or 0, predicates.LEGAL_MIN_AGE)
    if age < low:
        missing.append(_("needs to be at least %(age)s years old") % {"age": low})
    if position.max_age and age > position.max_age:
        missing.append(_("the position takes workers up to %(age)s years old") % {"age": position.max_age})
    if not missing:
        return Fit(position=position, status=QUALIFIES)
    if len(missing) <= NEARLY:
        return Fit(position=position, status=NEARLY_QUALIFIES, missing=missing)
    return None


def seeker_position_fits(seeker: Any, *, event: Any = None, today: datetime.date | None = None) -> list[Fit]:
    """Every open position the seeker qualifies or nearly qualifies for: the event's demand first, then all
    other open demand; within each, those they qualify for first."""
    today = today or timezone.localdate()
    experiences = list(seeker.experiences.select_related("occupation"))
    if not experiences:
        return []
    skills = list(seeker.languages.all())
    event_letters = set(event.letters.values_list("pk", flat=True)) if event is not None else set()
    groups = {x.occupation.code[:3] for x in experiences}
    positions = open_positions(today=today).filter(occupation__code__regex=r"^(" + "|".join(sorted(groups)) + ")")
    fits = []
    for position in positions:
        fit = position_fit(seeker, position, experiences=experiences, skills=skills, today=today)
        if fit is not None:
            fit.in_event = position.letter_id in event_letters
            fits.append(fit)
    fits.sort(key=lambda f: (not f.in_event, f.status != QUALIFIES, f.position.letter.reference, f.position.line))
    return fits
