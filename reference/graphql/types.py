"""Reference data as GraphQL types: codes are the identifiers."""

from __future__ import annotations

import strawberry
from strawberry import auto

from api.fields import column, fast_type
from reference import models
from reference.models import OccupationLevel, SectorLevel

# strawberry registers the choices classes themselves as GraphQL enums.
strawberry.enum(OccupationLevel, name="OccupationLevel", description="ISCO-08 level.")
strawberry.enum(SectorLevel, name="SectorLevel", description="ISIC Rev.4 level.")


@fast_type(models.Occupation, name="Occupation", description="An ISCO-08 group at any level.")
class OccupationType:
    code: auto
    title: auto
    level: OccupationLevel
    parent: OccupationType | None


@fast_type(models.Sector, name="Sector", description="An ISIC Rev.4 section (A–U) or division.")
class SectorType:
    code: auto
    title: auto
    level: SectorLevel
    parent: SectorType | None


@fast_type(models.Country, name="Country")
class CountryType:
    iso2: auto = column(description="ISO 3166 alpha-2 code, e.g. TH.")
    iso3: auto
    name: auto


@fast_type(models.Province, name="Province", description="A province of Cambodia.")
class ProvinceType:
    code: auto = column(description="ISO 3166-2:KH code.")
    name_en: auto
    name_km: auto


@fast_type(models.Language, name="Language")
class LanguageType:
    code: auto = column(description="ISO 639-1 code.")
    name: auto


@fast_type(models.Currency, name="Currency")
class CurrencyType:
    code: auto = column(description="ISO 4217 code.")
    name: auto
    minor_unit: auto = column(description="Decimal places.")
