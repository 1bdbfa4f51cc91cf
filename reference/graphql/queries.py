"""Reference data: every signed-in user may read it."""

from __future__ import annotations

from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry.types import Info

from api.context import signed_in_actor
from api.pagination import Connection, connection
from reference import selectors
from reference.graphql.types import (
    CountryType,
    CurrencyType,
    LanguageType,
    OccupationLevel,
    OccupationType,
    ProvinceType,
    SectorLevel,
    SectorType,
)


@strawberry.type
class Query:
    @connection(
        Connection[OccupationType] | None, description="ISCO-08 occupations; `search` is a code prefix or words."
    )
    def occupations(
        self, info: Info, search: str | None = None, level: OccupationLevel | None = None
    ) -> QuerySet[Any]:
        return selectors.occupation_list(
            actor=signed_in_actor(info), search=search or "", level=level.value if level is not None else None
        )

    @connection(Connection[SectorType] | None, description="ISIC Rev.4 sections and divisions.")
    def sectors(self, info: Info, search: str | None = None, level: SectorLevel | None = None) -> QuerySet[Any]:
        return selectors.sector_list(
            actor=signed_in_actor(info), search=search or "", level=level.value if level is not None else None
        )

    @connection(Connection[CountryType] | None, description="Countries; `search` is a code or words.")
    def countries(self, info: Info, search: str | None = None) -> QuerySet[Any]:
        return selectors.country_list(actor=signed_in_actor(info), search=search or "")

    @connection(Connection[ProvinceType] | None)
    def provinces(self, info: Info) -> QuerySet[Any]:
        return selectors.province_list(actor=signed_in_actor(info))

    @connection(Connection[LanguageType] | None)
    def languages(self, info: Info) -> QuerySet[Any]:
        return selectors.language_list(actor=signed_in_actor(info))

    @connection(Connection[CurrencyType] | None)
    def currencies(self, info: Info) -> QuerySet[Any]:
        return selectors.currency_list(actor=signed_in_actor(info))
