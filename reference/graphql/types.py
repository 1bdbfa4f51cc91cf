"""Reference data as GraphQL types: codes are the identifiers."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import auto

from reference import models
from reference.models import OccupationLevel, SectorLevel

# strawberry registers the choices classes themselves as GraphQL enums.
strawberry.enum(OccupationLevel, name="OccupationLevel", description="ISCO-08 level.")
strawberry.enum(SectorLevel, name="SectorLevel", description="ISIC Rev.4 level.")


@strawberry_django.type(models.Occupation, name="Occupation", description="An ISCO-08 group at any level.")
class OccupationType:
    code: auto
    title: auto
    level: OccupationLevel
    parent: OccupationType | None


@strawberry_django.type(models.Sector, name="Sector", description="An ISIC Rev.4 section (A–U) or division.")
class SectorType:
    code: auto
    title: auto
    level: SectorLevel
    parent: SectorType | None


@strawberry_django.type(models.Country, name="Country")
class CountryType:
    iso2: auto = strawberry_django.field(description="ISO 3166 alpha-2 code, e.g. TH.")
    iso3: auto
    name: auto


@strawberry_django.type(models.Province, name="Province", description="A province of Cambodia.")
class ProvinceType:
    code: auto = strawberry_django.field(description="ISO 3166-2:KH code.")
    name_en: auto
    name_km: auto


@strawberry_django.type(models.Language, name="Language")
class LanguageType:
    code: auto = strawberry_django.field(description="ISO 639-1 code.")
    name: auto


@strawberry_django.type(models.Currency, name="Currency")
class CurrencyType:
    code: auto = strawberry_django.field(description="ISO 4217 code.")
    name: auto
    minor_unit: auto = strawberry_django.field(description="Decimal places.")
