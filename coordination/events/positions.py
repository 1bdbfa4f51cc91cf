"""The open positions a seeker qualifies for, or nearly qualifies for, with every thing that is missing.

A position is open while its letter is approved, allocated or recruiting and still valid. A seeker fits a
position through their work experience in the position's ISCO-08 occupation (the same unit group; the same
minor group reads as "nearly", with the occupation named as missing), with the months of experience it asks
for, the language test and minimum score it sets, and the age limits it sets. Sex is never considered: it is
kept for statistics only.

On top of what the position asks, the seeker must meet every requirement of the position's agreement (the
version in force), as vetting computes them (coordination.jobseekers.eligibility): the legal minimum age of 18
and the agreement's age range, identity checked, the medical check, the orientation, the police clearance and
each required test, checked and still valid. Every unmet one is listed, each as a message rendered in the
reader's language (i18n.messages).

"Nearly" counts what the person is or has (the occupation, experience, a test score, age, a failed check): at
most NEARLY of those. Evidence not yet recorded or expired is a step the counsellor can take: listed, never a
reason to leave the position out. A seeker qualifies only when nothing at all is missing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.jobseekers.eligibility import (
    AgreementEligibility,
    Status,
    eligibility_for,
    seeker_facts,
    versions_in_force,
)
from demand.models import LetterStatus, Position
from i18n.messages import Message, message
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
    missing: list[Message] = field(default_factory=list)  # every unmet requirement, the position's and the agreement's
    in_event: bool = False

    @property
    def missing_texts(self) -> list[str]:
        return [str(m) for m in self.missing]


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


def _language_missing(position: Position, skills: list[Any], today: datetime.date) -> Message | None:
    wanted = (position.language_test or "").strip()
    if not wanted:
        return None
    minimum = (position.language_min_score or "").strip()
    key = predicates.required_test_key(wanted)
    results = [s for s in skills if s.test and predicates.required_test_key(s.test) in key
               and (s.valid_until is None or s.valid_until >= today)]
    if not results:
        if minimum:
            return message(_("needs %(test)s ≥ %(score)s, has no valid result"), test=wanted, score=minimum)
        return message(_("needs a valid %(test)s result"), test=wanted)
    if not minimum:
        return None
    best = _best(results, minimum)
    if best is not None and predicates.score_meets(best.score, minimum) is not False:
        return None
    has = best.score if best is not None else "—"
    if predicates.score_value(minimum) and predicates.score_value(minimum)[0] == "jlpt":
        return message(_("needs %(test)s %(score)s, has %(has)s"), test=wanted, score=minimum, has=has)
    return message(_("needs %(test)s ≥ %(score)s, has %(has)s"), test=wanted, score=minimum, has=has)


# Unmet agreement requirements that are a step to take (record the evidence, renew it), not a gap in the person.
_STEPS = (Status.MISSING, Status.EXPIRED)


def _agreement_missing(eligibility: AgreementEligibility | None, position: Position, *, language_gap: bool
                       ) -> tuple[list[Message], int]:
    """The agreement's unmet requirements for the position's list, and how many are gaps (not steps). The
    agreement's own test of the position's language is left out when the position's check already says what is
    missing about it."""
    if eligibility is None:
        return [], 0
    position_test = predicates.required_test_key((position.language_test or "").strip())
    out, gaps = [], 0
    for requirement in eligibility.missing:
        if (language_gap and position_test and requirement.code.startswith("test:")
                and predicates.required_test_key(requirement.code[5:]) == position_test):
            continue
        out.append(requirement.message)
        if requirement.status not in _STEPS:
            gaps += 1
    return out, gaps


def position_fit(seeker: Any, position: Position, *, experiences: list[Any], skills: list[Any],
                 eligibility: AgreementEligibility | None = None, today: datetime.date | None = None
                 ) -> Fit | None:
    """How the seeker fits one position: qualifies, nearly (with every thing missing), or None (not a fit).
    `eligibility` is the seeker's eligibility under the position's agreement (the version in force), whose unmet
    requirements are listed too."""
    today = today or timezone.localdate()
    code = position.occupation.code
    exact = [x for x in experiences if x.occupation.code == code]
    near = [x for x in experiences if x.occupation.code[:3] == code[:3]]
    if not exact and not near:
        return None
    missing: list[Message] = []
    if not exact:
        missing.append(message(_("experience as %(code)s %(title)s (has related work in the same group)"),
                               code=code, title=position.occupation.title))
    months = int(max((x.years for x in (exact or near)), default=Decimal(0)) * 12)
    if position.experience_months and months < position.experience_months:
        missing.append(message(_("needs %(need)s months' experience, has %(has)s"),
                               need=position.experience_months, has=months))
    language = _language_missing(position, skills, today)
    if language:
        missing.append(language)
    # The legal minimum and the agreement's range are the agreement's requirements (below); the position's own
    # limits only where they are narrower.
    age = predicates.age_on(seeker.date_of_birth, today)
    agreement_low, agreement_high = (predicates.agreement_terms(eligibility.version).age_limits()
                                     if eligibility is not None else (predicates.LEGAL_MIN_AGE, None))
    low = max(position.min_age or 0, predicates.LEGAL_MIN_AGE)
    if age < low and (eligibility is None or low > max(agreement_low, predicates.LEGAL_MIN_AGE)):
        missing.append(message(_("needs to be at least %(age)s years old"), age=low))
    if (position.max_age and age > position.max_age
            and (eligibility is None or agreement_high is None or position.max_age < agreement_high)):
        missing.append(message(_("the position takes workers up to %(age)s years old"), age=position.max_age))
    gaps = len(missing)
    from_agreement, agreement_gaps = _agreement_missing(eligibility, position, language_gap=language is not None)
    missing += from_agreement
    gaps += agreement_gaps
    if not missing:
        return Fit(position=position, status=QUALIFIES)
    if gaps <= NEARLY:
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
    facts = seeker_facts(seeker)
    eligibility = {v.agreement_id: eligibility_for(facts, v, today=today) for v in versions_in_force(today)}
    event_letters = set(event.letters.values_list("pk", flat=True)) if event is not None else set()
    groups = {x.occupation.code[:3] for x in experiences}
    positions = open_positions(today=today).filter(occupation__code__regex=r"^(" + "|".join(sorted(groups)) + ")")
    fits = []
    for position in positions:
        fit = position_fit(seeker, position, experiences=experiences, skills=skills,
                           eligibility=eligibility.get(position.letter.agreement_id), today=today)
        if fit is not None:
            fit.in_event = position.letter_id in event_letters
            fits.append(fit)
    fits.sort(key=lambda f: (not f.in_event, f.status != QUALIFIES, f.position.letter.reference, f.position.line))
    return fits
