"""Reads of employers, demand letters and quota usage, always scoped to what the actor may see.

Ministry staff see everything; an employer's staff see their own organisation; an agency sees the
letters allocated to it (from allocation on); a labour attaché sees the letters of employers in the countries
it covers (demand.permissions.attache_country_ids), from submission on; job centres see no demand here.
Lists cost a constant number of queries whatever their length: counts are annotated, related rows
are joined or prefetched.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import is_ministry
from audit.models import AuditEvent
from demand import permissions as perms
from demand.models import (
    AWAITING_REVIEW_STATUSES,
    Allocation,
    DemandLetter,
    EmployerProfile,
    Finding,
    LetterStatus,
    Position,
    PositionCost,
    QuotaDraw,
    QuotaUse,
    Severity,
)
from demand.quota import QuotaBook, pool_key, pool_sort_key
from mou.models import Agreement, AgreementVersion
from mou.predicates import agreement_terms, sector_code_chain, sector_within_q
from mou.selectors import agreement_version_applicable, agreement_version_current
from reference.models import Sector

S = LetterStatus
REVIEW_QUEUE_STATUSES = (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED)
# An agency sees a letter once it is allocated to it, and keeps seeing it afterwards.
AGENCY_VISIBLE = (S.ALLOCATED, S.RECRUITING, S.FILLED, S.CLOSED, S.EXPIRED, S.REVOKED)
# An attaché sees no drafts: only what an employer has sent (or once sent, for a returned letter).
ATTACHE_HIDDEN = (S.DRAFT,)
# Letters not yet submitted (or without a deadline) come last, on every database.
ORDERS: dict[str, tuple[Any, ...]] = {
    "oldest": (F("submitted_at").asc(nulls_last=True), "created_at", "pk"),
    "newest": (F("submitted_at").desc(nulls_last=True), "-created_at", "-pk"),
    "due": (F("review_due").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True), "pk"),
    "reference": ("reference",),
}


def letter_is_overdue(*, letter: DemandLetter, today: datetime.date | None = None) -> bool:
    """Awaiting a decision after its review deadline (a returned letter waits on the employer, not the ministry)."""
    day = today or timezone.localdate()
    return letter.status in AWAITING_REVIEW_STATUSES and letter.review_due is not None and letter.review_due < day


def overdue_q(today: datetime.date | None = None) -> Q:
    """letter_is_overdue as a filter."""
    day = today or timezone.localdate()
    return Q(status__in=AWAITING_REVIEW_STATUSES, review_due__lt=day)


# ---------------------------------------------------------------------------------------------------
# Employers


def employer_list(*, actor: Any, accreditation: str | None = None, search: str = "") -> QuerySet[EmployerProfile]:
    qs = EmployerProfile.objects.select_related("organisation", "organisation__country", "sector")
    if is_ministry(actor):
        pass
    elif perms.is_employer_staff(actor):
        qs = qs.filter(organisation_id=actor.organisation_id)
    elif perms.is_agency_staff(actor):
        qs = qs.filter(Exists(DemandLetter.objects.filter(
            employer_id=OuterRef("organisation_id"), status__in=AGENCY_VISIBLE,
            allocations__agency_id=actor.organisation_id)))
    else:
        return EmployerProfile.objects.none()
    if accreditation:
        qs = qs.filter(accreditation=accreditation)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(legal_name__icontains=search) | Q(organisation__name__icontains=search)
                       | Q(registration_number__icontains=search))
    return qs.order_by("legal_name", "pk")


def licensed_agency_list(*, actor: Any) -> QuerySet[Organisation]:
    """The agencies a reviewer can allocate a letter to: those licensed today
    (coordination.agencies.permissions.licensed_agency_q), by name."""
    if not perms.can_review_letters(actor):
        return Organisation.objects.none()
    return Organisation.objects.filter(perms.licensed_agency_q()).select_related("agency_profile").order_by("name")


def employer_get(*, actor: Any, organisation_id: int) -> EmployerProfile | None:
    return employer_list(actor=actor).filter(organisation_id=organisation_id).first()


def employer_organisation_list(*, actor: Any, without_profile: bool = False) -> QuerySet[Organisation]:
    """Employer organisations whose profile the actor may keep (demand.permissions.can_edit_employer_profile):
    all of them for the ministry, its own for an employer's staff; by name."""
    qs = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).select_related("country")
    if perms.can_set_accreditation(actor):
        pass
    elif perms.is_employer_staff(actor):
        qs = qs.filter(pk=actor.organisation_id)
    else:
        return Organisation.objects.none()
    if without_profile:
        qs = qs.filter(employer_profile__isnull=True)
    return qs.order_by("name", "pk")


def employer_organisation_get(*, actor: Any, organisation_id: int) -> Organisation | None:
    return employer_organisation_list(actor=actor).filter(pk=organisation_id).first()


# ---------------------------------------------------------------------------------------------------
# Letters


def letter_scope(*, actor: Any) -> QuerySet[DemandLetter]:
    """The letters the actor may see, nothing more (no filters, annotations or order): the rule letter_list
    and the GraphQL type's own scoping share."""
    qs = DemandLetter.objects.all()
    if is_ministry(actor):
        return qs
    if perms.is_employer_staff(actor):
        return qs.filter(employer_id=actor.organisation_id)
    if perms.is_agency_staff(actor):
        return qs.filter(status__in=AGENCY_VISIBLE).filter(
            Exists(Allocation.objects.filter(letter_id=OuterRef("pk"), agency_id=actor.organisation_id)))
    if perms.is_attache(actor):
        return qs.filter(employer__country_id__in=perms.attache_country_ids(actor)).exclude(status__in=ATTACHE_HIDDEN)
    return qs.none()


def _count(model: Any, **filters: Any) -> Any:
    """A correlated count subquery (no joins in the outer query, so no duplicated rows)."""
    return Coalesce(Subquery(
        model.objects.filter(letter_id=OuterRef("pk"), **filters).order_by().values("letter_id")
        .annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField(),
    ), Value(0))


def allocation_list(*, actor: Any) -> QuerySet[Allocation]:
    """The allocations an actor may see on a letter: an agency sees its own, not its competitors'."""
    qs = Allocation.objects.select_related("agency")
    if not is_ministry(actor) and perms.is_agency_staff(actor):
        qs = qs.filter(agency_id=actor.organisation_id)
    return qs


def _annotated(qs: QuerySet[DemandLetter], actor: Any) -> QuerySet[DemandLetter]:
    workers = Subquery(
        Position.objects.filter(letter_id=OuterRef("pk")).order_by().values("letter_id")
        .annotate(n=Sum("workers")).values("n")[:1], output_field=IntegerField(),
    )
    return qs.select_related("employer", "employer__country", "agreement", "agreement__partner_country",
                             "version", "decided_by", "attested_by__organisation").annotate(
        position_count=_count(Position),
        worker_count=Coalesce(workers, Value(0)),
        blocker_count=_count(Finding, severity=Severity.BLOCKER),
        warning_count=_count(Finding, severity=Severity.WARNING),
    ).prefetch_related(Prefetch("allocations", queryset=allocation_list(actor=actor)))


def _filtered(qs: QuerySet[DemandLetter], *, agreement: Agreement | int | None, sector: Sector | str | None,
              status: str | list[str] | tuple[str, ...] | None, overdue: bool | None) -> QuerySet[DemandLetter]:
    if agreement:
        qs = qs.filter(agreement_id=getattr(agreement, "pk", agreement))
    if sector:
        code = sector.code if isinstance(sector, Sector) else str(sector).strip().upper()
        # A section matches its divisions too (mou's section rule).
        qs = qs.filter(Exists(Position.objects.filter(letter_id=OuterRef("pk")).filter(sector_within_q(code))))
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    if overdue is True:
        qs = qs.filter(overdue_q())
    elif overdue is False:
        qs = qs.exclude(overdue_q())
    return qs


def letter_list(
    *,
    actor: Any,
    agreement: Agreement | int | None = None,
    sector: Sector | str | None = None,
    status: str | list[str] | tuple[str, ...] | None = None,
    overdue: bool | None = None,
    employer: Organisation | int | None = None,
    order: str = "oldest",
) -> QuerySet[DemandLetter]:
    """Letters the actor may see, filtered, annotated with position_count, worker_count, blocker_count and
    warning_count, with allocations (and their agencies) prefetched."""
    qs = _filtered(letter_scope(actor=actor), agreement=agreement, sector=sector, status=status, overdue=overdue)
    if employer is not None:
        qs = qs.filter(employer=employer)
    return _annotated(qs, actor).order_by(*ORDERS.get(order, ORDERS["oldest"]))


def letter_detail_prefetch() -> list[Any]:
    """Everything a letter page shows: positions with their codes and costs, findings, attachments, draws."""
    return [
        Prefetch("positions", queryset=Position.objects.select_related(
            "occupation", "sector", "sector__parent", "wage_currency").prefetch_related(
            Prefetch("costs", queryset=PositionCost.objects.select_related("currency")))),
        Prefetch("findings", queryset=Finding.objects.select_related("position")),
        "attachments",
        Prefetch("quota_draws", queryset=QuotaDraw.objects.select_related("quota_use__sector")),
    ]


def letter_get(*, actor: Any, letter_id: int) -> DemandLetter | None:
    return letter_list(actor=actor).prefetch_related(*letter_detail_prefetch()).filter(pk=letter_id).first()


def letter_attestation_queue(*, actor: Any) -> QuerySet[DemandLetter]:
    """The attaché's letters waiting for attestation (of employers in the countries covered), oldest first."""
    if not perms.is_attache(actor):
        return DemandLetter.objects.none()
    return letter_list(actor=actor, status=S.ATTESTATION, order="oldest")


def letter_review_queue(
    *,
    actor: Any,
    agreement: Agreement | int | None = None,
    sector: Sector | str | None = None,
    status: str | list[str] | tuple[str, ...] | None = None,
    overdue: bool | None = None,
) -> QuerySet[DemandLetter]:
    """The ministry's queue: letters submitted, under review or returned, oldest submission first."""
    if not perms.can_review_letters(actor):
        return DemandLetter.objects.none()
    qs = DemandLetter.objects.filter(status__in=REVIEW_QUEUE_STATUSES)
    qs = _filtered(qs, agreement=agreement, sector=sector, status=status, overdue=overdue)
    return _annotated(qs, actor).order_by(*ORDERS["oldest"])


def letter_version(*, letter: DemandLetter, on: datetime.date | None = None) -> AgreementVersion | None:
    """The agreement version a letter is judged against: the one recorded at its submission, else the one in
    force on `on` (today by default); its terms prefetched. Not scoped: the caller has the letter from a
    scoped selector."""
    return agreement_version_applicable(agreement=letter.agreement, recorded=letter.version_id, on=on)


def letter_review_terms(*, actor: Any, letter: DemandLetter) -> dict[str, Any]:
    """What the review page shows beside the findings: `version` (letter_version; None when no version
    applies, and then nothing else), the wage floors that apply to the letter's sectors (`floors`, all of the
    version's when none does), and this year's quota lines (`quota_year`, `quota_lines`: quota_usage, for the
    ministry) of those sectors. The sectors include each division's section (mou's section rule)."""
    version = letter_version(letter=letter)
    if version is None:
        return {"version": None}
    sectors = [p.sector for p in letter.positions.all()]
    codes = {code for sector in sectors for code in sector_code_chain(sector)}
    year = timezone.localdate().year
    return {
        "version": version,
        "floors": agreement_terms(version).wage_floors_for(sectors) or list(version.wage_floors.all()),
        "quota_year": year,
        "quota_lines": [q for q in quota_usage(actor=actor, agreement=letter.agreement, year=year)
                        if q.sector_code in codes],
    }


def allocation_get(*, actor: Any, letter: DemandLetter, agency_id: int) -> Allocation | None:
    """An agency's allocation on a letter the actor may see; an agency finds only its own."""
    if not letter_scope(actor=actor).filter(pk=letter.pk).exists():
        return None
    return allocation_list(actor=actor).filter(letter_id=letter.pk, agency_id=agency_id).first()


# ---------------------------------------------------------------------------------------------------
# A letter's history (its audit events), for everyone who may see the letter


def _letter_events(actor: Any, letter_ids: Iterable[int]) -> QuerySet[AuditEvent]:
    """The audit events of the letters among `letter_ids` the actor may see, oldest first.

    audit.selectors.audit_event_list serves the ministry only; a letter's own history (its status moves, with
    the reasons the employer must read) belongs to everyone who may see the letter. Scoped like letter_list:
    an actor who cannot see a letter gets none of its events. An agency sees the moves of the letter and the
    filled positions recorded for its own allocation, not those of the other agencies on the letter.
    """
    visible = [str(pk) for pk in letter_scope(actor=actor).filter(pk__in=list(letter_ids)).values_list("pk", flat=True)]
    if not visible:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(DemandLetter),
                                   target_id__in=visible)
    if not is_ministry(actor) and perms.is_agency_staff(actor):
        qs = qs.filter(~Q(action="allocation.set_filled") | Q(after__agency_id=actor.organisation_id))
    return qs.select_related("actor", "actor__organisation").order_by("at", "id")


def letter_events(*, actor: Any, letter: DemandLetter) -> QuerySet[AuditEvent]:
    """The audit events of one demand letter the actor may see, oldest first (none if it may not see it)."""
    return _letter_events(actor, [letter.pk])


def letter_events_by_letter(*, actor: Any, letters: Iterable[DemandLetter]) -> dict[int, list[AuditEvent]]:
    """letter_events for many letters in one query: {letter pk: its events}; [] for a letter it may not see."""
    letters = list(letters)
    found: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in _letter_events(actor, [letter.pk for letter in letters]):
        found[event.target_id].append(event)
    return {letter.pk: found[str(letter.pk)] for letter in letters}


def event_who(event: AuditEvent, viewer: Any) -> str:
    """Who did it, as the viewer may know it: ministry staff and the person's own organisation see the
    person's name; anyone else sees only the organisation (an employer does not learn which officer
    decided); the system when nobody did."""
    person = event.actor
    if person is None:
        return _("the system")
    if is_ministry(viewer) or (person.organisation_id
                               and person.organisation_id == getattr(viewer, "organisation_id", None)):
        return person.get_full_name() or person.username
    return person.organisation.name if person.organisation_id else _("Platform administrator")


def event_status(event: AuditEvent) -> str | None:
    """The status a letter moved to in this event (letter.* events record it); None for other events."""
    status = (event.after or {}).get("status") if isinstance(event.after, dict) else None
    return status if status in S.values else None


# ---------------------------------------------------------------------------------------------------
# Quota


@dataclass(frozen=True)
class QuotaLine:
    """One quota pool (demand.quota): a sector-wide row, or a row for one occupation in a sector."""

    sector_code: str
    sector_title: str
    occupation_code: str | None  # None: the sector-wide row
    occupation_title: str | None
    clause: str  # "" when the version in force no longer sets this quota
    cap: int | None  # None: drawn from, but the version in force sets no such quota any more
    approved: int | None  # None below: a figure the actor may not see (demand.permissions.quota_figures)
    allocated: int | None
    used: int | None
    remaining: int | None  # cap − approved, never below zero; None without a cap

    @property
    def percent_approved(self) -> int:
        return 0 if not self.cap or self.approved is None else min(100, round(100 * self.approved / self.cap))

    @property
    def key(self) -> str:
        """Stable within a page: "C" for a sector-wide pool, "C-7531" for an occupation's."""
        return self.sector_code + (f"-{self.occupation_code}" if self.occupation_code else "")


def quota_usage(*, actor: Any, agreement: Agreement, year: int) -> list[QuotaLine]:
    """One line per quota pool: the cap and clause of the version in force today, and what approved demand
    holds, has allocated and has used; pools drawn from that the version no longer sets come with no cap.
    In sector code order, each sector-wide pool before its occupations'. The figures are those the actor may
    see (demand.permissions.quota_figures: an employer the cap and what remains); empty when none."""
    figures = perms.quota_figures(actor, agreement)
    if not figures:
        return []
    version = agreement_version_current(agreement=agreement)
    pools = QuotaBook.load(version, year).pools
    uses = {pool_key(u.sector_id, u.occupation_id): u
            for u in QuotaUse.objects.filter(agreement=agreement, year=year).select_related("sector", "occupation")}
    lines = []
    for key in set(pools) | set(uses):
        pool, use = pools.get(key), uses.get(key)
        sector = pool.sector if pool is not None else use.sector
        occupation = pool.occupation if pool is not None else use.occupation
        cap = pool.cap if pool is not None else None
        shown = {"cap": cap, "approved": use.approved if use else 0, "allocated": use.allocated if use else 0,
                 "used": use.used if use else 0}
        shown["remaining"] = None if cap is None else max(cap - shown["approved"], 0)
        lines.append(QuotaLine(
            sector_code=sector.code, sector_title=sector.title,
            occupation_code=getattr(occupation, "code", None), occupation_title=getattr(occupation, "title", None),
            clause=pool.clause if pool is not None else "",
            **{name: value if name in figures else None for name, value in shown.items()},
        ))
    return sorted(lines, key=lambda line: pool_sort_key(line.sector_code, line.occupation_code))


def quota_years(*, agreement: Agreement, today: datetime.date | None = None) -> list[int]:
    """The years a quota page can show for an agreement, newest first: this year and every year its current
    version sets a quota for."""
    year = (today or timezone.localdate()).year
    version = agreement_version_current(agreement=agreement)
    return sorted({year} | ({q.year for q in version.quotas.all()} if version else set()), reverse=True)


QUOTA_TOTALS = ("cap", "approved", "allocated", "used", "remaining")


def quota_totals(lines: list[QuotaLine]) -> dict[str, int]:
    """The sum of each column of quota lines (a pool with no cap counts as 0 in cap and remaining)."""
    return {name: sum(getattr(line, name) or 0 for line in lines) for name in QUOTA_TOTALS}


@dataclass(frozen=True)
class LetterQuota:
    """What an approved letter holds of the quota, and how much of it is allocated to agencies."""

    approved: int
    allocated: int

    @property
    def unallocated(self) -> int:
        return max(self.approved - self.allocated, 0)


def letter_quota(*, letter: DemandLetter) -> LetterQuota:
    """From the letter's quota draws (less what went back) and allocations (prefetched by letter_get)."""
    return LetterQuota(approved=sum(d.workers - d.returned for d in letter.quota_draws.all()),
                       allocated=sum(a.workers for a in letter.allocations.all()))


def letter_side(*, actor: Any) -> str | None:
    """The side of the demand loop the actor moves letters for: "employer", "ministry", "agency", "attache" or
    None."""
    if perms.is_employer_staff(actor):
        return "employer"
    if perms.is_agency_staff(actor):
        return "agency"
    if perms.is_attache(actor):
        return "attache"
    if perms.can_review_letters(actor):
        return "ministry"
    return None


def letter_waiting_list(*, actor: Any) -> QuerySet[DemandLetter]:
    """The letters the actor may see that wait for the actor's side to move them on (demand.services.WAITING_ON):
    an employer's drafts and returned letters, the ministry's letters to review or allocate, an agency's letters to
    recruit for. Those due for a decision soonest first, then the oldest."""
    from demand.services import WAITING_ON

    side = letter_side(actor=actor)
    if side is None:
        return DemandLetter.objects.none()
    statuses = [status for status, waiting in WAITING_ON.items() if waiting == side]
    return letter_list(actor=actor, status=statuses).order_by(F("review_due").asc(nulls_last=True), "created_at", "pk")


def letter_status_counts(*, actor: Any) -> dict[str, int]:
    """How many letters the actor may see are in each status (statuses with none left out)."""
    rows = letter_scope(actor=actor).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows if row["n"]}
