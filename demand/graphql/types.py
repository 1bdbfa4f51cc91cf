"""Demand as GraphQL types: employers, demand letters with their positions, screening findings,
allocations and attachments, and the quota usage lines."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import strawberry
import strawberry_django
from django.conf import settings
from django.db.models import F, Prefetch, QuerySet, Sum
from graphql.execution.values import VariableValues, get_argument_values
from strawberry import auto
from strawberry.relay.utils import SliceMetadata
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.types.nodes import get_variable_values
from strawberry_django.optimizer import mark_optimized_by_prefetching, optimize
from strawberry_django.pagination import apply_window_pagination

from accounts.graphql.types import OrganisationType
from api import fastpath
from api.context import actor
from api.fields import column, fast_type
from api.pagination import Connection, connection
from demand import models, selectors, services
from demand.graphql.enums import Accreditation, AttachmentKind, AttestationStatus, LetterStatus, Severity, Sex
from mou.graphql.enums import Payer, Period
from mou.graphql.types import AgreementType, AgreementVersionType
from reference.graphql.types import CurrencyType, OccupationType, SectorType


@fast_type(models.EmployerProfile, name="Employer",
           description="A destination employer's profile and its accreditation by the ministry.")
class EmployerType:
    organisation: OrganisationType = column(
        description="The employer organisation: its `id` is what `employerSetAccreditation` takes."
    )
    legal_name: auto
    registration_number: auto
    address: auto
    sector: SectorType
    contact_name: auto
    contact_email: auto
    contact_phone: auto
    accreditation: Accreditation
    accredited_until: auto = column(description="Null when the accreditation has no end date.")
    banned_until: auto
    created_at: auto


@fast_type(models.PositionCost, name="PositionCost")
class PositionCostType:
    name: auto
    payer: Payer
    amount: auto
    currency: CurrencyType


# Each list field below reads its items from one source, a fastpath.Rows registered for the field at the end
# of this module: its prefetch on the ordinary path and the rows path (api/fastpath/) both call
# `rows.queryset(actor)`, so both scope, filter and order the same way.
COST_ROWS = fastpath.Rows(queryset=lambda actor: models.PositionCost.objects.order_by("position_id", "id"),
                          parent="position_id")


def _costs_prefetch(info: Info) -> Prefetch[Any]:
    """Every listed position's cost items in one query, kept as a plain list on each position."""
    queryset = optimize(COST_ROWS.queryset(actor(info)), info)
    return Prefetch("costs", queryset=queryset, to_attr="graphql_costs")


@fast_type(models.Position, name="Position", description="One line of a demand letter.")
class PositionType:
    id: strawberry.ID
    line: auto
    occupation: OccupationType = column(description="An ISCO-08 unit group.")
    sector: SectorType = column(description="An ISIC Rev.4 section or division.")
    workers: auto = column(description="Number of workers.")
    skills: auto = column(description="Skills and qualifications required.")
    experience_months: auto
    language_test: auto
    language_min_score: auto
    required_sex: Sex
    min_age: auto
    max_age: auto
    wage_amount: auto
    wage_currency: CurrencyType
    wage_period: Period
    hours_per_day: auto = column(description="Normal hours per day.")
    days_per_week: auto = column(description="Working days per week.")
    rest_days_per_week: auto
    overtime_rate: auto = column(description="Multiple of the normal hourly wage.")
    contract_months: auto
    work_location: auto
    accommodation: auto = column(description="Accommodation provided by the employer.")
    food: auto = column(description="Food provided by the employer.")
    transport: auto = column(description="Transport provided by the employer.")

    @strawberry_django.field(prefetch_related=[_costs_prefetch],
                             description="Cost items of recruitment and deployment, and who pays each.")
    def costs(self, root: models.Position) -> list[PositionCostType]:
        """From a list attribute, not a related manager: thousands of positions, no queryset each."""
        found = getattr(root, "graphql_costs", None)
        if found is None:
            found = list(root.costs.select_related("currency").order_by("id"))
        return found  # type: ignore[return-value]


@strawberry.type(
    name="Finding",
    description="One result of screening a letter against the agreement: the rule, how serious it is, the "
    "clause it comes from and the values compared.",
)
class FindingType:
    """Built from a stored demand.models.Finding (annotated with `position_line`) or a screening FindingData:
    both carry the same attributes."""

    rule: str = strawberry.field(description="Stable rule id, e.g. `wage_floor`, `rest_days`, `quota`.")
    severity: Severity
    clause: str = strawberry.field(description="The agreement clause the rule comes from; empty when none.")
    values: JSON = strawberry.field(description="The values compared, e.g. `{\"wage\": \"300.00\", \"floor\": "
                                    "\"370.00\"}`.")
    position_line: int | None = strawberry.field(description="The position's line; null for the letter as a whole.")
    message_en: str
    message_km: str

    @strawberry.field(description="The message in the request's language (Khmer with `Accept-Language: km`).")
    def message(self) -> str:
        return services.finding_render(finding=self)


@fast_type(models.Allocation, name="Allocation",
           description="Positions of an approved letter given to a recruitment agency.")
class AllocationType:
    agency: OrganisationType
    workers: auto = column(description="Positions allocated.")
    filled: auto = column(description="Positions the agency has filled.")
    created_at: auto


@strawberry.type(
    name="TimelineStep",
    description="One step in a letter's history (from its audit trail), as the caller may see it.",
)
class TimelineStepType:
    at: datetime.datetime = strawberry.field(description="When it happened.")
    action: str = strawberry.field(
        description="What happened: `letter.<verb>` (e.g. `letter.submit`, `letter.approve`, `letter.allocate`, "
        "`letter.start_recruiting`, `letter.fill`, `letter.close`) or `allocation.set_filled`."
    )
    status: LetterStatus | None = strawberry.field(
        description="The status the letter moved to; null for a step that does not move it (e.g. saving a draft "
        "or recording positions filled)."
    )
    who: str = strawberry.field(
        description="Who did it, as the web page shows it: ministry staff, and the person's own organisation, "
        "see the person's name; others see the organisation's name."
    )
    reason: str = strawberry.field(description="The reason given (returns, rejections, closing…); empty when none.")

    @classmethod
    def from_event(cls, event: Any, viewer: Any) -> TimelineStepType:
        status = selectors.event_status(event)
        return cls(at=event.at, action=event.action, status=LetterStatus(status) if status else None,
                   who=selectors.event_who(event, viewer), reason=event.reason)


@fast_type(models.Attachment, name="Attachment")
class AttachmentType:
    id: strawberry.ID = column(description="What `demandLetterRemoveAttachment` takes as `attachmentId`.")
    kind: AttachmentKind
    name: str = column(field_name="original_name", description="The file's name when uploaded.")
    content_type: auto
    size: auto = column(description="Bytes.")
    uploaded_at: auto


def _findings_in_order(actor: Any) -> QuerySet[Any]:
    """A letter's recorded findings (whoever may see the letter sees all of them), letter-level first."""
    return (models.Finding.objects.annotate(position_line=F("position__line"))
            .only("letter_id", "rule", "severity", "clause", "values", "message_en", "message_km")
            .order_by(F("position__line").asc(nulls_first=True), "severity", "rule", "pk"))


FINDING_ROWS = fastpath.Rows(queryset=_findings_in_order, parent="letter_id",
                             columns=("rule", "severity", "clause", "values", "position_line", "message_en",
                                      "message_km"))


def _findings_prefetch(info: Info | None = None) -> Prefetch[Any]:
    queryset = FINDING_ROWS.queryset(actor(info) if info is not None else None)
    return Prefetch("findings", queryset=queryset, to_attr="graphql_findings")


def _page_asked(info: Info) -> tuple[SliceMetadata, int | None]:
    """(the page of positions asked for, `last`); a bad page or cursor counts as the first page (the connection
    itself reports it)."""
    raw = info._raw_info
    node = raw.field_nodes[0]
    variables = VariableValues(sources={}, coerced=get_variable_values(raw))
    arguments = get_argument_values(raw.parent_type.fields[node.name.value], node, variables)
    first, last = arguments.get("first"), arguments.get("last")
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    try:
        page = SliceMetadata.from_arguments(info, before=arguments.get("before"), after=arguments.get("after"),
                                            first=first, last=last, max_results=limit)
    except (TypeError, ValueError):
        page = SliceMetadata(start=0, end=limit, expected=limit)
    return page, last


ALLOCATIONS = "graphql_allocations"
ALLOCATION_ROWS = fastpath.Rows(queryset=lambda actor: selectors.allocation_list(actor=actor), parent="letter_id")


def _allocations_prefetch(info: Info) -> Prefetch[Any]:
    """Every listed letter's allocations the actor may see (an agency: its own) in one query. A to_attr of its
    own: the optimizer would otherwise plan `allocations` itself, without the selector's scoping."""
    queryset = optimize(ALLOCATION_ROWS.queryset(actor(info)), info)
    return Prefetch("allocations", queryset=queryset, to_attr=ALLOCATIONS)


POSITION_ROWS = fastpath.Rows(queryset=lambda actor: models.Position.objects.order_by("line"), parent="letter_id",
                              connection=True)


def _positions_page(info: Info) -> Prefetch[Any]:
    """One page of every listed letter's positions in one query: ROW_NUMBER() per letter picks the page, so
    a letter with 10,000 positions loads no more than the page asked for. (strawberry_django windows nested
    connections of its own connection class only; api.pagination.Connection is a subclass.)"""
    page, last = _page_asked(info)
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    backwards = page.expected is None
    queryset = optimize(POSITION_ROWS.queryset(actor(info)), info)
    queryset = apply_window_pagination(
        queryset, related_field_id="letter_id", offset=page.start,
        limit=last if backwards else page.end - page.start, max_results=limit, reverse=backwards,
    )
    return Prefetch("positions", queryset=mark_optimized_by_prefetching(queryset), to_attr=POSITIONS_PAGE)


POSITIONS_PAGE = "graphql_positions"


def _fetched(queryset: QuerySet[Any], rows: list[Any]) -> QuerySet[Any]:
    """`queryset`, already evaluated as `rows`, for the connection to page as strawberry_django's nested
    pagination does. (Django's own prefetch would clone the whole windowed query once per letter.) The total of
    an empty page is counted on `queryset` itself, so it must be the parent's own rows."""
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return mark_optimized_by_prefetching(queryset)


def stored_findings(letter: models.DemandLetter) -> list[models.Finding]:
    """The findings recorded at the letter's last submission, each with `position_line`."""
    found = getattr(letter, "graphql_findings", None)
    if found is None:
        found = list(_findings_prefetch().queryset.filter(letter=letter))  # type: ignore[union-attr]
    return found


def _annotated(root: models.DemandLetter, name: str, compute: Callable[[], int | None]) -> int:
    """A count letter_list annotates; computed when the letter came another way (e.g. from a mutation)."""
    value = getattr(root, name, None)
    if value is None:
        value = compute()
    return value or 0


_ORDER = {status: i for i, status in enumerate(LetterStatus.values)}


@fast_type(
    models.DemandLetter, name="DemandLetter",
    description="An employer's demand for workers under an agreement, from draft to filled.",
)
class DemandLetterType:
    id: strawberry.ID
    reference: auto = column(description="E.g. DL-TH-2026-00042.")
    status: LetterStatus
    agreement: AgreementType
    employer: OrganisationType = column(description="The employer organisation.")
    version: AgreementVersionType | None = column(
        description="The agreement version the letter was screened against at submission; null before."
    )
    valid_from: auto
    valid_until: auto
    attestation_date: auto = column(description="Deprecated: a date the employer typed in; no attestation. See "
                                    "`attestationStatus`.")
    attestation_officer: auto = column(description="Deprecated: a name the employer typed in; no attestation.")
    attestation_status: AttestationStatus = column(
        description="The labour attaché's attestation on the platform: NOT_REQUIRED when the agreement asks for "
        "none; REQUESTED while the letter waits for it (the ministry cannot decide before); ATTESTED; REFUSED "
        "(the letter went back to the employer, see `attestationRefusalReason`)."
    )
    attested_at: auto = column(description="When the attaché attested or refused; null before.")
    attestation_refusal_reason: auto = column(description="Why the attaché refused to attest; empty otherwise.")
    created_at: auto
    updated_at: auto
    submitted_at: auto = column(description="The last (re)submission; null for a draft.")
    review_due: auto = column(description="The decision is due by this day (the agreement's working days from "
                              "submission; weekends and Cambodia's public holidays do not count).")
    decided_at: auto
    decision_reason: auto = column(description="Why it was returned, rejected, approved, closed or revoked.")
    attachments: list[AttachmentType] = column(description="The signed letter, the attestation and other documents.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Only letters the actor may see (demand.selectors.letter_scope decides), however they are reached."""
        return queryset.filter(pk__in=selectors.letter_scope(actor=actor(info)).values("pk"))

    @connection(Connection[PositionType], prefetch_related=[_positions_page],
                description="The positions, by line (at most 100 a page: a letter may have thousands).")
    def positions(self, root: models.DemandLetter, info: Info) -> QuerySet[Any]:
        """In a list, each letter's page comes from one windowed query for all letters (`_positions_page`)."""
        page = getattr(root, POSITIONS_PAGE, None)
        if page is None:
            return root.positions.all()
        if page:
            return _fetched(root.positions.all(), page)
        asked, _last = _page_asked(info)
        if asked.start == 0 and asked.expected:
            # An empty first page: the letter has no positions, and its total needs no count.
            return _fetched(root.positions.none(), [])
        return _fetched(root.positions.all(), [])  # past the start: only a count says how many there are

    @strawberry_django.field(select_related=["attested_by__organisation"],
                             description="The embassy or labour office whose attaché attested (or refused); null "
                             "before.")
    def attested_by_organisation(self, root: models.DemandLetter) -> OrganisationType | None:
        return root.attested_by.organisation if root.attested_by_id else None  # type: ignore[return-value]

    @strawberry_django.field(only=["status", "review_due"],
                             description="Awaiting a decision after its review deadline.")
    def overdue(self, root: models.DemandLetter) -> bool:
        return selectors.letter_is_overdue(letter=root)

    @strawberry_django.field(only=["status"], description="The statuses the workflow allows next, whoever may "
                             "make the move.")
    def next_statuses(self, root: models.DemandLetter) -> list[LetterStatus]:
        return sorted((LetterStatus(s) for s in services.NEXT_STATUSES[root.status]), key=lambda s: _ORDER[s])

    @strawberry_django.field(description="Number of positions.")
    def position_count(self, root: models.DemandLetter) -> int:
        return _annotated(root, "position_count", lambda: root.positions.count())

    @strawberry_django.field(description="Workers over all positions.")
    def worker_count(self, root: models.DemandLetter) -> int:
        return _annotated(root, "worker_count", lambda: root.positions.aggregate(n=Sum("workers"))["n"])

    @strawberry_django.field(description="Blocking findings recorded at submission.")
    def blocker_count(self, root: models.DemandLetter) -> int:
        return _annotated(root, "blocker_count",
                          lambda: root.findings.filter(severity=models.Severity.BLOCKER).count())

    @strawberry_django.field(description="Warnings recorded at submission, for the reviewer.")
    def warning_count(self, root: models.DemandLetter) -> int:
        return _annotated(root, "warning_count",
                          lambda: root.findings.filter(severity=models.Severity.WARNING).count())

    @strawberry_django.field(
        description="The letter's history, oldest first: each status move and each record of positions filled, "
        "with who and why. An agency sees the positions filled recorded for its own allocation only. Loaded for "
        "every letter of a page at once."
    )
    def timeline(self, root: models.DemandLetter, info: Info) -> list[TimelineStepType]:
        """demand.selectors.letter_events_by_letter for every letter on the page (CorridorContext.load_batched)."""
        user = actor(info)
        events = info.context.load_batched(
            "letter.timeline", root, lambda letters: selectors.letter_events_by_letter(actor=user, letters=letters),
            default=list,
        )
        return [TimelineStepType.from_event(event, user) for event in events]

    @strawberry_django.field(
        prefetch_related=[_allocations_prefetch],
        description="Agencies and their positions: an agency sees its own allocation only.",
    )
    def allocations(self, root: models.DemandLetter, info: Info) -> list[AllocationType]:
        found = getattr(root, ALLOCATIONS, None)
        if found is None:
            found = list(ALLOCATION_ROWS.queryset(actor(info)).filter(letter=root))
        return found  # type: ignore[no-any-return]

    @strawberry_django.field(
        prefetch_related=[_findings_prefetch],
        description="The screening report recorded at the last submission, letter-level findings first. "
        "Empty for a draft: run `demandLetterPrecheck` for a live check.",
    )
    def findings(self, root: models.DemandLetter) -> list[FindingType]:
        return stored_findings(root)  # type: ignore[return-value]


@strawberry.type(
    name="QuotaLine",
    description="One quota pool of an agreement for a year: a sector-wide quota, or the quota for one occupation "
    "in a sector. A position draws from the most specific pool that covers it (its occupation's, else its "
    "sector's, else for a division its section's).",
)
class QuotaLineType:
    sector_code: str = strawberry.field(description="ISIC Rev.4 section or division.")
    sector_title: str
    occupation_code: str | None = strawberry.field(
        description="ISCO-08 code of a per-occupation quota (it covers the occupations under it too); null for "
        "the sector-wide quota."
    )
    occupation_title: str | None
    clause: str = strawberry.field(
        description="The agreement clause that sets this quota; empty when the version in force no longer does."
    )
    cap: int | None = strawberry.field(
        description="Workers; null when the version in force no longer sets a quota that was drawn from."
    )
    approved: int | None = strawberry.field(
        description="Workers held by approved (and further) letters of every employer; null for an employer, who "
        "sees the cap and what remains."
    )
    allocated: int | None = strawberry.field(description="The part of `approved` given to agencies (ministry only).")
    used: int | None = strawberry.field(description="The part of `allocated` filled (ministry only).")
    remaining: int | None = strawberry.field(description="`cap` − `approved`, never below zero.")

    @classmethod
    def from_line(cls, line: selectors.QuotaLine) -> QuotaLineType:
        return cls(sector_code=line.sector_code, sector_title=line.sector_title,
                   occupation_code=line.occupation_code, occupation_title=line.occupation_title,
                   clause=line.clause, cap=line.cap,
                   approved=line.approved, allocated=line.allocated, used=line.used, remaining=line.remaining)


# Lists read for a whole page of letters at once when a top-level list is answered from rows (api/fastpath/):
# each field's own source, the one its prefetch reads above.
fastpath.register(DemandLetterType, "positions", POSITION_ROWS)
fastpath.register(PositionType, "costs", COST_ROWS)
fastpath.register(DemandLetterType, "findings", FINDING_ROWS)
fastpath.register(DemandLetterType, "allocations", ALLOCATION_ROWS)
