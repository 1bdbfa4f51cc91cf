"""Agreements as each actor may see them (mou.selectors decides)."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from api.context import parse_id, signed_in_actor
from api.pagination import Connection, connection
from mou import selectors
from mou.graphql.enums import AgreementStatus
from mou.graphql.types import AgreementType, AgreementVersionType
from reference.graphql.types import CountryType


@strawberry.type
class Query:
    @connection(
        Connection[AgreementType] | None,
        description="Agreements you may see: ministry staff see all; employers those in force with their "
        "country; other organisations those in force. `country` is an ISO alpha-2 code.",
    )
    def agreements(
        self,
        info: Info,
        status: AgreementStatus | None = None,
        country: str | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        return selectors.agreement_list(
            actor=signed_in_actor(info), status=status.value if status is not None else None,
            country=country, search=search or "",
        )

    @connection(
        Connection[CountryType] | None,
        description="The countries a worker may go to (never Cambodia, never Antarctica): those with an "
        "agreement in force that you may see first, each group by name. The list the pages offer for a job "
        "seeker's destinations and an agreement's partner.",
    )
    def destination_countries(self, info: Info) -> QuerySet[Any]:
        return selectors.destination_country_choices(actor=signed_in_actor(info))

    @strawberry_django.field(description="One agreement; null when it does not exist or you may not see it.")
    def agreement(self, info: Info, id: strawberry.ID) -> AgreementType | None:
        qs: QuerySet[Any] = selectors.agreement_list(actor=signed_in_actor(info))
        pk = parse_id(id)
        return qs.filter(pk=pk) if pk is not None else qs.none()  # type: ignore[return-value]

    @strawberry.field(description="The version of an agreement in force on a day (today by default).")
    def agreement_version_in_force(
        self, info: Info, agreement_id: strawberry.ID, on: datetime.date | None = None
    ) -> AgreementVersionType | None:
        user = signed_in_actor(info)
        pk = parse_id(agreement_id)
        agreement = selectors.agreement_get(actor=user, agreement_id=pk) if pk is not None else None
        if agreement is None:
            return None
        return selectors.agreement_version_in_force(agreement=agreement, on=on)  # type: ignore[return-value]
