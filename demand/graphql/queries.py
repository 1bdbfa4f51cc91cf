"""Employers, demand letters, the review queue and quota usage as each actor may see them
(demand.selectors decides)."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from django.utils import timezone
from strawberry.types import Info

from api.context import parse_id, signed_in_actor
from api.pagination import Connection, connection
from demand import selectors
from demand.graphql.enums import Accreditation, DemandLetterOrder, LetterStatus
from demand.graphql.types import DemandLetterType, EmployerType, QuotaLineType
from demand.models import DemandLetter
from mou.selectors import agreement_get


def _statuses(status: list[LetterStatus] | None) -> list[str] | None:
    return [s.value for s in status] if status else None


def _letter_filters(agreement_id: strawberry.ID | None) -> tuple[bool, int | None]:
    """(valid, agreement pk): an agreement id that cannot be one matches no letter."""
    if agreement_id is None:
        return True, None
    pk = parse_id(agreement_id)
    return pk is not None, pk


@strawberry.type
class Query:
    @connection(
        Connection[EmployerType] | None, from_rows=True,
        description="Employer profiles you may see, by legal name: ministry staff see all; an employer's staff "
        "their own; an agency the employers of letters allocated to it. `search` matches the legal name, the "
        "organisation's name or the registration number.",
    )
    def employers(
        self, info: Info, accreditation: Accreditation | None = None, search: str | None = None
    ) -> QuerySet[Any]:
        return selectors.employer_list(
            actor=signed_in_actor(info), accreditation=accreditation.value if accreditation is not None else None,
            search=search or "",
        )

    @connection(
        Connection[DemandLetterType] | None, from_rows=True,
        description="Demand letters you may see: ministry staff see all; an employer's staff their own; an "
        "agency those allocated to it; a labour attaché those of employers in its country, once submitted. "
        "`sector` (ISIC code) matches letters with a position in it (a section "
        "matches its divisions); `overdue` keeps letters awaiting a decision after their review deadline.",
    )
    def demand_letters(
        self,
        info: Info,
        agreement_id: strawberry.ID | None = None,
        sector: str | None = None,
        status: list[LetterStatus] | None = None,
        overdue: bool | None = None,
        order: DemandLetterOrder = DemandLetterOrder.OLDEST,
    ) -> QuerySet[Any]:
        user = signed_in_actor(info)
        valid, agreement = _letter_filters(agreement_id)
        if not valid:
            return DemandLetter.objects.none()
        return selectors.letter_list(actor=user, agreement=agreement, sector=sector or None,
                                     status=_statuses(status), overdue=overdue, order=order.value)

    @strawberry_django.field(description="One demand letter; null when it does not exist or you may not see it.")
    def demand_letter(self, info: Info, id: strawberry.ID) -> DemandLetterType | None:
        qs: QuerySet[Any] = selectors.letter_list(actor=signed_in_actor(info))
        pk = parse_id(id)
        return qs.filter(pk=pk) if pk is not None else qs.none()  # type: ignore[return-value]

    @connection(
        Connection[DemandLetterType] | None, from_rows=True,
        description="The ministry's review queue: letters submitted, under review or returned, oldest "
        "submission first. Empty unless you are ministry staff.",
    )
    def review_queue(
        self,
        info: Info,
        agreement_id: strawberry.ID | None = None,
        sector: str | None = None,
        status: list[LetterStatus] | None = None,
        overdue: bool | None = None,
    ) -> QuerySet[Any]:
        user = signed_in_actor(info)
        valid, agreement = _letter_filters(agreement_id)
        if not valid:
            return DemandLetter.objects.none()
        return selectors.letter_review_queue(actor=user, agreement=agreement, sector=sector or None,
                                      status=_statuses(status), overdue=overdue)

    @connection(
        Connection[DemandLetterType] | None,
        description="The labour attaché's letters waiting for attestation: those of employers in the countries "
        "the attaché covers, oldest submission first. Empty unless you are a labour attaché.",
    )
    def attestation_queue(self, info: Info) -> QuerySet[Any]:
        return selectors.letter_attestation_queue(actor=signed_in_actor(info))

    @strawberry.field(
        description="Per quota pool (a sector, or an occupation in a sector, as the agreement sets it): the cap of "
        "the version in force today and what approved demand holds, has allocated and has used, for a year (this "
        "year by default). Ministry staff see every figure; an employer's staff, for an agreement with their "
        "country, the cap and what remains (whether their letter fits), not what other employers hold; anyone "
        "else an empty list."
    )
    def quota_usage(
        self, info: Info, agreement_id: strawberry.ID, year: int | None = None
    ) -> list[QuotaLineType] | None:
        user = signed_in_actor(info)
        pk = parse_id(agreement_id)
        agreement = agreement_get(actor=user, agreement_id=pk) if pk is not None else None
        if agreement is None:
            return []
        lines = selectors.quota_usage(actor=user, agreement=agreement, year=year or timezone.localdate().year)
        return [QuotaLineType.from_line(line) for line in lines]
