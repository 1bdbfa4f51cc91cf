"""Reads of reference data: public to every signed-in user."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from accounts.permissions import is_signed_in
from reference.models import Country, Currency, District, Language, Occupation, Province, PublicHoliday, Sector


def occupation_list(*, actor: Any, search: str = "", level: int | None = None) -> QuerySet[Occupation]:
    if not is_signed_in(actor):
        return Occupation.objects.none()
    qs = Occupation.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    search = (search or "").strip()
    if search:
        qs = qs.filter(code__startswith=search) if search.isdigit() else qs.filter(title__icontains=search)
    return qs.order_by("code")


def sector_list(*, actor: Any, search: str = "", level: str | None = None) -> QuerySet[Sector]:
    if not is_signed_in(actor):
        return Sector.objects.none()
    qs = Sector.objects.all()
    if level:
        qs = qs.filter(level=level)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(code__iexact=search) | Q(title__icontains=search))
    return qs.order_by("code")


def country_list(*, actor: Any, search: str = "") -> QuerySet[Country]:
    if not is_signed_in(actor):
        return Country.objects.none()
    qs = Country.objects.all()
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(iso2__iexact=search) | Q(iso3__iexact=search) | Q(name__icontains=search))
    return qs.order_by("name")


ORIGIN_COUNTRY = "KH"
"""Cambodia: where the platform's workers leave from, never a destination or an agreement's partner."""

NOT_DESTINATIONS = frozenset({"AQ", "BV", "GS", "HM", "IO", "TF", "UM"})
"""ISO 3166 entries no worker is employed in: Antarctica and territories without a civilian labour market
(Bouvet Island, South Georgia, Heard and McDonald Islands, the British Indian Ocean Territory, the French Southern
Territories, the United States Minor Outlying Islands)."""


def is_destination(iso2: str) -> bool:
    """Whether a worker from Cambodia can be sent to the country (or an agreement signed with it)."""
    code = (iso2 or "").strip().upper()
    return bool(code) and code != ORIGIN_COUNTRY and code not in NOT_DESTINATIONS


def destination_country_list(*, actor: Any) -> QuerySet[Country]:
    """The countries a worker may go to: every country but Cambodia and the NOT_DESTINATIONS, by name.
    mou.selectors.destination_country_choices puts those with an agreement in force first."""
    return country_list(actor=actor).exclude(iso2__in={ORIGIN_COUNTRY, *NOT_DESTINATIONS})


def province_list(*, actor: Any) -> QuerySet[Province]:
    return Province.objects.all() if is_signed_in(actor) else Province.objects.none()


def district_list(*, actor: Any, province: str = "") -> QuerySet[District]:
    """The districts of one province (its ISO code KH-12 or its MEF code 12), in code order; none for an unknown
    or missing province."""
    code = (province or "").strip().upper()
    if not is_signed_in(actor) or not code:
        return District.objects.none()
    if code.isdigit():
        return District.objects.filter(province__mef_code=code.zfill(2)).order_by("code")
    return District.objects.filter(province__code=code).order_by("code")


def language_list(*, actor: Any) -> QuerySet[Language]:
    return Language.objects.all() if is_signed_in(actor) else Language.objects.none()


def currency_list(*, actor: Any) -> QuerySet[Currency]:
    return Currency.objects.all() if is_signed_in(actor) else Currency.objects.none()


def public_holidays(*, since: datetime.date) -> frozenset[datetime.date]:
    """The public holidays on or after `since` (a few dozen at most: those published so far)."""
    return frozenset(PublicHoliday.objects.filter(date__gte=since).values_list("date", flat=True))
