"""Eligibility of a job seeker for each agreement in force, computed from the agreement version's own terms with
the predicates of mou.predicates (the ones demand screening uses), each requirement with the clause it rests on.

    versions = versions_in_force()                      # every agreement in force, terms prefetched, once
    results = seeker_eligibility(seeker, versions=versions)
    for r in results: r.eligible, [(q.clause, q.status, str(q.message)) for q in r.requirements]

Requirements, in this order:
- age: the legal minimum of 18 always (mou.predicates.LEGAL_MIN_AGE), whatever the agreement says; the
  agreement's own range where it sets one, cited by its age_clause. Age is a yes/no condition, never a score;
- identity checked (every agreement; cited by the eligibility clause);
- medical check passed and still valid, orientation completed, police clearance valid: where the agreement
  requires them (eligibility clause);
- each required test (RequiredTest.clause): the latest result of that test, its score compared with the
  minimum (numbers as numbers, JLPT levels by rank), not expired.

Evidence is history: for each kind the latest record (by date, then by when it was recorded) counts; for tests,
the latest of each test. Messages are stored messages (i18n.messages: key and parameters) so a page, a
notification or the GraphQL API renders them in the reader's language.

Batching: `SeekerFacts` is what the computation needs of a seeker (date of birth, evidence, languages, active
roster entries); build it from a seeker whose relations were prefetched with `seeker_prefetch()` (for one or
many seekers: a fixed number of queries), then `eligibility_for(facts, version)` asks no query at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.jobseekers.models import (
    EvidenceKind,
    EvidenceResult,
    JobSeeker,
    LanguageSkill,
    RosterEntry,
    RosterStatus,
    VettingEvidence,
)
from coordination.jobseekers.selectors import on_roster_q
from i18n.content import bilingual_of
from i18n.messages import Message, message
from mou.models import Agreement, AgreementStatus, AgreementVersion
from mou.predicates import (
    LEGAL_MIN_AGE,
    age_on,
    agreement_terms,
    last_day_aged,
    pass_only,
    required_test_key,
    score_meets,
)
from mou.selectors import in_force_on, version_prefetch

__all__ = [
    "AgreementEligibility",
    "Requirement",
    "RosterState",
    "SeekerFacts",
    "Status",
    "eligibility_for",
    "on_roster_q",
    "roster_end",
    "seeker_eligibility",
    "seeker_facts",
    "seeker_prefetch",
    "seekers_eligibility",
    "versions_in_force",
]


class Status:
    MET = "met"
    MISSING = "missing"
    EXPIRED = "expired"
    FAILED = "failed"


STATUS_LABELS = {
    Status.MET: _("Met"),
    Status.MISSING: _("Missing"),
    Status.EXPIRED: _("Expired"),
    Status.FAILED: _("Not met"),
}


@dataclass(frozen=True)
class Requirement:
    """One condition of an agreement and whether the seeker meets it. `code` is stable ("legal_age", "age",
    "identity", "medical", "orientation", "police", "test:<name>"); `clause` the article it rests on ("" for
    the legal minimum age, which is the law's, not the agreement's); `basis` "law" or "agreement". `until`, for a
    met requirement, is the last day it stays met: the evidence's validity, or the last day within the agreement's
    age range (None: it does not lapse)."""

    code: str
    clause: str
    status: str
    message: Message
    basis: str = "agreement"
    until: datetime.date | None = None

    @property
    def met(self) -> bool:
        return self.status == Status.MET

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def text(self) -> str:
        """The message in the active language."""
        return str(self.message)

    def data(self) -> dict[str, Any]:
        """For storage or an API: the message as key and parameters."""
        return {"code": self.code, "clause": self.clause, "status": self.status, "basis": self.basis,
                "message": self.message.data()}


def roster_end(version: Any, entered_on: datetime.date, met_until: datetime.date | None = None) -> datetime.date:
    """The last day of a roster entry made on `entered_on`: the agreement's roster validity in calendar months,
    and never past `met_until`, the last day the evidence it rests on stays valid (AgreementEligibility.met_until:
    a police clearance, a medical check or a test result that lapses sooner, the end of the agreement's age
    range)."""
    end = entered_on + relativedelta(months=version.roster_validity_months)
    return min(end, met_until) if met_until is not None else end


class RosterState:
    """Where a seeker stands with an agreement's roster, as one rule says it for the page, the API and vetting."""

    ON_ROSTER = "on_roster"  # an active entry, and every requirement it rests on still met
    NOT_ON_ROSTER = "not_on_roster"  # meets every requirement but has no entry (a counsellor puts them on it)
    NOT_ELIGIBLE = "not_eligible"


@dataclass
class AgreementEligibility:
    agreement: Agreement
    version: AgreementVersion
    requirements: list[Requirement]
    roster_entry: RosterEntry | None = None
    on: datetime.date | None = None  # the day it was computed for

    @property
    def roster_state(self) -> str:
        if self.roster_entry is not None:
            return RosterState.ON_ROSTER
        return RosterState.NOT_ON_ROSTER if self.eligible else RosterState.NOT_ELIGIBLE

    @property
    def roster_until_if_entered(self) -> datetime.date | None:
        """For a seeker who meets every requirement but is not on the roster: the end an entry made today would
        have (roster_end, as vetting makes it). None otherwise."""
        if self.roster_state != RosterState.NOT_ON_ROSTER:
            return None
        return roster_end(self.version, self.on or timezone.localdate(), self.met_until)

    @property
    def eligible(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        """What the seeker still needs: every requirement not met."""
        return [r for r in self.requirements if not r.met]

    @property
    def failed(self) -> list[Requirement]:
        return [r for r in self.requirements if r.status == Status.FAILED]

    @property
    def met_until(self) -> datetime.date | None:
        """The last day every requirement stays met as the evidence stands: the earliest `until` (None when
        nothing lapses). A roster entry rests on the evidence and never outlives it."""
        days = [r.until for r in self.requirements if r.met and r.until is not None]
        return min(days) if days else None

    @property
    def roster_clause(self) -> str:
        return self.version.roster_clause

    @property
    def roster_validity_months(self) -> int:
        return self.version.roster_validity_months

    def data(self) -> dict[str, Any]:
        """For storage or an API: ids, the verdict, and each requirement with its message as key and parameters."""
        return {"agreement": self.agreement.pk, "version": self.version.pk, "eligible": self.eligible,
                "roster_clause": self.roster_clause,
                "roster_valid_until": self.roster_entry.valid_until.isoformat() if self.roster_entry else None,
                "requirements": [r.data() for r in self.requirements]}


@dataclass
class SeekerFacts:
    """What eligibility reads of a seeker, gathered once."""

    seeker_id: int
    date_of_birth: datetime.date
    latest: dict[str, VettingEvidence] = field(default_factory=dict)  # kind → latest evidence (not tests)
    tests: dict[str, VettingEvidence] = field(default_factory=dict)  # required_test_key → latest result
    registered_tests: dict[str, LanguageSkill] = field(default_factory=dict)  # results given at registration
    roster: dict[int, RosterEntry] = field(default_factory=dict)  # agreement id → active entry

    @property
    def has_evidence(self) -> bool:
        return bool(self.latest or self.tests)


def _newest_first(rows: Iterable[VettingEvidence]) -> list[VettingEvidence]:
    return sorted(rows, key=lambda e: (e.on_date, e.recorded_at or timezone.now(), e.pk or 0), reverse=True)


def evidence_test_key(evidence: VettingEvidence) -> str:
    """Which required test a result is for: the named test, else the listed one (EPS-TOPIK, JLPT…)."""
    return required_test_key(evidence.test_name or evidence.test)


def seeker_prefetch() -> list[Any]:
    """What seeker_facts reads, to prefetch on any queryset of seekers (three queries, however many seekers)."""
    return [
        Prefetch("evidence", queryset=VettingEvidence.objects.order_by("-on_date", "-recorded_at", "-pk")),
        Prefetch("languages", queryset=LanguageSkill.objects.exclude(test="").order_by("pk")),
        Prefetch("roster_entries", queryset=RosterEntry.objects.filter(status=RosterStatus.ACTIVE),
                 to_attr="active_roster_entries"),
    ]


def seeker_facts(seeker: JobSeeker) -> SeekerFacts:
    """The facts of a seeker; reads its prefetched relations (seeker_prefetch) when present, else queries."""
    cache = getattr(seeker, "_prefetched_objects_cache", {})
    evidence = cache["evidence"] if "evidence" in cache else seeker.evidence.all()
    languages = cache["languages"] if "languages" in cache else seeker.languages.exclude(test="")
    entries = getattr(seeker, "active_roster_entries", None)
    if entries is None:
        entries = seeker.roster_entries.filter(status=RosterStatus.ACTIVE)
    facts = SeekerFacts(seeker_id=seeker.pk, date_of_birth=seeker.date_of_birth)
    for item in _newest_first(evidence):
        if item.kind == EvidenceKind.TEST:
            facts.tests.setdefault(evidence_test_key(item), item)
        else:
            facts.latest.setdefault(item.kind, item)
    for skill in languages:
        facts.registered_tests.setdefault(required_test_key(skill.test), skill)
    facts.roster = {e.agreement_id: e for e in entries}
    return facts


def versions_in_force(on: datetime.date | None = None) -> list[AgreementVersion]:
    """The governing version of every agreement in force on `on` (today), with its terms prefetched: one query
    and the fixed prefetches of mou.selectors.version_prefetch, whatever the number of agreements."""
    day = on or timezone.localdate()
    rows = (AgreementVersion.objects.filter(in_force_on(day), agreement__status=AgreementStatus.IN_FORCE)
            .select_related("agreement", "agreement__partner_country")
            .prefetch_related(*version_prefetch())
            .order_by("agreement__partner_country__name", "agreement__title", "-in_force_from"))
    seen: set[int] = set()
    out = []
    for version in rows:
        if version.agreement_id not in seen:
            seen.add(version.agreement_id)
            out.append(version)
    return out


# --- the requirements --------------------------------------------------------------------------------------


def _age(facts: SeekerFacts, version: AgreementVersion, day: datetime.date) -> list[Requirement]:
    age = age_on(facts.date_of_birth, day)
    out = [Requirement(
        "legal_age", "",
        Status.MET if age >= LEGAL_MIN_AGE else Status.FAILED,
        message(_("Aged %(age)s: at least the legal minimum age of %(min)s"), age=age, min=LEGAL_MIN_AGE)
        if age >= LEGAL_MIN_AGE else
        message(_("Under the legal minimum age of %(min)s: aged %(age)s"), age=age, min=LEGAL_MIN_AGE),
        basis="law",
    )]
    low, high = agreement_terms(version).age_limits()
    sets_min = (version.min_age or 0) > LEGAL_MIN_AGE
    if not sets_min and high is None:
        return out  # the agreement sets no range beyond the law's
    ok = agreement_terms(version).age_within(age)
    if high is None:
        text = (_("Aged %(age)s: the agreement accepts %(min)s or older") if ok else
                _("Aged %(age)s: the agreement accepts only %(min)s or older"))
        msg = message(text, age=age, min=low)
    else:
        text = (_("Aged %(age)s: within the agreement's range of %(min)s to %(max)s") if ok else
                _("Aged %(age)s: the agreement accepts %(min)s to %(max)s"))
        msg = message(text, age=age, min=low, max=high)
    out.append(Requirement("age", version.age_clause, Status.MET if ok else Status.FAILED, msg,
                           until=last_day_aged(facts.date_of_birth, high) if ok and high is not None else None))
    return out


# For each kind of evidence: the messages when met (with and without a validity date), missing, failed, expired.
_EVIDENCE_TEXT: dict[str, dict[str, Any]] = {
    EvidenceKind.IDENTITY: {
        "met": _("Identity checked on %(date)s"),
        "met_until": _("Identity checked on %(date)s, valid until %(until)s"),
        "missing": _("Identity not yet checked"),
        "failed": _("Identity check failed on %(date)s"),
        "expired": _("Identity check expired on %(date)s"),
    },
    EvidenceKind.MEDICAL: {
        "met": _("Medical check passed on %(date)s"),
        "met_until": _("Medical check passed on %(date)s, valid until %(until)s"),
        "missing": _("No medical check recorded"),
        "failed": _("Medical check failed on %(date)s"),
        "expired": _("Medical check expired on %(date)s"),
    },
    EvidenceKind.ORIENTATION: {
        "met": _("Pre-departure orientation completed on %(date)s"),
        "met_until": _("Pre-departure orientation completed on %(date)s, valid until %(until)s"),
        "missing": _("Pre-departure orientation not yet completed"),
        "failed": _("Pre-departure orientation not completed (recorded on %(date)s)"),
        "expired": _("Pre-departure orientation expired on %(date)s"),
    },
    EvidenceKind.POLICE: {
        "met": _("Police clearance issued on %(date)s"),
        "met_until": _("Police clearance issued on %(date)s, valid until %(until)s"),
        "missing": _("No police clearance recorded"),
        "failed": _("Police clearance refused on %(date)s"),
        "expired": _("Police clearance expired on %(date)s"),
    },
}


def _evidence(kind: str, item: VettingEvidence | None, clause: str, day: datetime.date) -> Requirement:
    texts = _EVIDENCE_TEXT[kind]
    if item is None:
        return Requirement(kind, clause, Status.MISSING, message(texts["missing"]))
    if item.result == EvidenceResult.FAILED:
        return Requirement(kind, clause, Status.FAILED, message(texts["failed"], date=item.on_date))
    if item.valid_until is not None and item.valid_until < day:
        return Requirement(kind, clause, Status.EXPIRED, message(texts["expired"], date=item.valid_until))
    if item.valid_until is not None:
        return Requirement(kind, clause, Status.MET, message(texts["met_until"], date=item.on_date,
                                                             until=item.valid_until), until=item.valid_until)
    return Requirement(kind, clause, Status.MET, message(texts["met"], date=item.on_date))


def _test(required: Any, facts: SeekerFacts, day: datetime.date) -> Requirement:
    code = f"test:{required.name}"
    clause = required.clause
    name = bilingual_of(required, "local_name")  # the test as the reader names it (its Khmer name in Khmer)
    key = required_test_key(required.name)
    item = facts.tests.get(key)
    only_pass = pass_only(required.min_score)
    if item is None:
        registered = facts.registered_tests.get(key)
        if registered is not None and registered.score:
            return Requirement(code, clause, Status.MISSING, message(
                _("Needs %(test)s ≥ %(min)s: the result given at registration (%(score)s) is not yet checked"),
                test=name, min=required.min_score, score=registered.score))
        if only_pass:
            return Requirement(code, clause, Status.MISSING, message(
                _("Needs a pass in %(test)s: no result recorded"), test=name))
        return Requirement(code, clause, Status.MISSING, message(
            _("Needs %(test)s ≥ %(min)s: no result recorded"), test=name, min=required.min_score))
    if item.result == EvidenceResult.FAILED:
        return Requirement(code, clause, Status.FAILED, message(
            _("%(test)s not passed (%(date)s)"), test=name, date=item.on_date))
    if item.valid_until is not None and item.valid_until < day:
        return Requirement(code, clause, Status.EXPIRED, message(
            _("%(test)s result expired on %(date)s"), test=name, date=item.valid_until))
    if only_pass:
        return Requirement(code, clause, Status.MET, message(
            _("%(test)s passed on %(date)s"), test=name, date=item.on_date), until=item.valid_until)
    meets = score_meets(item.score, required.min_score)
    if meets is None:
        return Requirement(code, clause, Status.FAILED, message(
            _("Needs %(test)s ≥ %(min)s: the recorded result %(score)s cannot be compared with it"),
            test=name, min=required.min_score, score=item.score or "—"))
    if not meets:
        return Requirement(code, clause, Status.FAILED, message(
            _("Needs %(test)s ≥ %(min)s, has %(score)s"), test=name, min=required.min_score,
            score=item.score))
    return Requirement(code, clause, Status.MET, message(
        _("%(test)s %(score)s: at least the %(min)s needed"), test=name, score=item.score,
        min=required.min_score), until=item.valid_until)


def eligibility_for(facts: SeekerFacts, version: AgreementVersion, *, today: datetime.date | None = None
                    ) -> AgreementEligibility:
    """The seeker's eligibility under one version (its terms prefetched): no query."""
    day = today or timezone.localdate()
    clause = version.eligibility_clause
    requirements = _age(facts, version, day)
    requirements.append(_evidence(EvidenceKind.IDENTITY, facts.latest.get(EvidenceKind.IDENTITY), clause, day))
    for kind, wanted in ((EvidenceKind.MEDICAL, version.medical_check_required),
                         (EvidenceKind.ORIENTATION, version.orientation_required),
                         (EvidenceKind.POLICE, version.police_clearance_required)):
        if wanted:
            requirements.append(_evidence(kind, facts.latest.get(kind), clause, day))
    for required in agreement_terms(version).required_tests:
        requirements.append(_test(required, facts, day))
    result = AgreementEligibility(agreement=version.agreement, version=version, requirements=requirements, on=day)
    entry = facts.roster.get(version.agreement_id)
    # On the roster only while the entry lasts and every requirement it rests on is still met: an entry never
    # outlives its evidence (the vetting services bound it; the daily task ends one that predates the bound).
    if entry is not None and entry.valid_until >= day and result.eligible:
        result.roster_entry = entry
    return result


def seeker_eligibility(seeker: JobSeeker, *, versions: Sequence[AgreementVersion] | None = None,
                       today: datetime.date | None = None) -> list[AgreementEligibility]:
    """Eligibility for every agreement in force (or for `versions`): a bounded number of queries (the versions'
    and the seeker's evidence, languages and roster entries), none per agreement."""
    day = today or timezone.localdate()
    versions = versions_in_force(day) if versions is None else versions
    facts = seeker_facts(seeker)
    return [eligibility_for(facts, version, today=day) for version in versions]


def seekers_eligibility(seekers: QuerySet[JobSeeker] | Iterable[JobSeeker], *,
                        versions: Sequence[AgreementVersion] | None = None, today: datetime.date | None = None
                        ) -> dict[int, list[AgreementEligibility]]:
    """Eligibility of many seekers at once, by seeker id: a queryset is prefetched here (seeker_prefetch);
    a list should come prefetched. Queries do not grow with the number of seekers or agreements."""
    day = today or timezone.localdate()
    versions = versions_in_force(day) if versions is None else versions
    if isinstance(seekers, QuerySet):
        seekers = seekers.prefetch_related(*seeker_prefetch())
    return {s.pk: [eligibility_for(seeker_facts(s), v, today=day) for v in versions] for s in seekers}
