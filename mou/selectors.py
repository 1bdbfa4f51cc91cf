"""Reads of the MoU registry, scoped to the actor.

Ministry staff see every agreement; employers see the agreements in force with their own country;
everyone else signed in sees the agreements in force.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import OrganisationKind
from accounts.permissions import is_member, is_ministry
from mou.models import Agreement, AgreementStatus, AgreementVersion
from mou.predicates import sector_within_q
from reference.models import Country, Sector
from reference.selectors import destination_country_list


def agreement_list(
    *, actor: Any, status: str | None = None, country: str | None = None, search: str = ""
) -> QuerySet[Agreement]:
    if not is_member(actor):
        return Agreement.objects.none()
    qs = Agreement.objects.select_related("partner_country")
    if not is_ministry(actor):
        qs = qs.filter(status=AgreementStatus.IN_FORCE)
        if actor.organisation.kind == OrganisationKind.EMPLOYER:
            qs = qs.filter(partner_country_id=actor.organisation.country_id)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(partner_country__iso2=country.upper())
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(title_km__icontains=search)
                       | Q(partner_country__name__icontains=search))
    return qs.order_by("partner_country__name", "title")


def agreement_get(*, actor: Any, agreement_id: int) -> Agreement | None:
    return agreement_list(actor=actor).filter(pk=agreement_id).first()


def version_prefetch() -> list[Any]:
    return [
        "sectors",
        "occupations",
        Prefetch("wage_floors", queryset=AgreementVersion.wage_floors.rel.related_model.objects.select_related(
            "sector", "currency")),
        "required_tests",
        Prefetch("fee_items", queryset=AgreementVersion.fee_items.rel.related_model.objects.select_related(
            "cap_currency")),
        "protections",
        Prefetch("quotas", queryset=AgreementVersion.quotas.rel.related_model.objects.select_related(
            "sector", "occupation")),
        Prefetch("portability_rules",
                 queryset=AgreementVersion.portability_rules.rel.related_model.objects.select_related(
                     "wage_ceiling_currency")),
    ]


def agreement_version_list(*, actor: Any, agreement: Agreement) -> QuerySet[AgreementVersion]:
    if agreement_get(actor=actor, agreement_id=agreement.pk) is None:
        return AgreementVersion.objects.none()
    return agreement.versions.select_related("created_by").order_by("-number")


def in_force_on(day: datetime.date) -> Q:
    """The versions in force on `day`, as a filter (also for reads that batch many agreements)."""
    return Q(in_force_from__lte=day) & (Q(in_force_to__isnull=True) | Q(in_force_to__gte=day))


def agreement_version_in_force(*, agreement: Agreement, on: datetime.date | None = None) -> AgreementVersion | None:
    """The version that governs a demand submitted on `on` (today by default).

    Not scoped: callers have already obtained the agreement through agreement_get/agreement_list.
    """
    day = on or timezone.localdate()
    return (
        agreement.versions.filter(in_force_on(day))
        .order_by("-in_force_from")
        .prefetch_related(*version_prefetch())
        .first()
    )


def agreement_version_current(*, agreement: Agreement, on: datetime.date | None = None) -> AgreementVersion | None:
    """The version in force on `on` (today), else the latest one: the terms a page about the agreement shows.
    Not scoped, like agreement_version_in_force."""
    return agreement_version_in_force(agreement=agreement, on=on) or (
        agreement.versions.order_by("-number").prefetch_related(*version_prefetch()).first())


def agreement_version_get(*, actor: Any, agreement: Agreement, number: int) -> AgreementVersion | None:
    """Version `number` of an agreement the actor may see, with its terms."""
    return agreement_version_list(actor=actor, agreement=agreement).prefetch_related(
        *version_prefetch()).filter(number=number).first()


def agreement_status_counts(*, actor: Any) -> dict[str, int]:
    """How many agreements the actor may see are in each status (every status, zero included)."""
    rows = agreement_list(actor=actor).order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return {status: counts.get(status, 0) for status in AgreementStatus.values}


def destination_country_choices(*, actor: Any, today: datetime.date | None = None) -> QuerySet[Country]:
    """The countries a worker may go to (reference.selectors.destination_country_list: never Cambodia, never
    Antarctica), those with an agreement in force today that the actor may see first, each group by name; each
    country annotated `with_agreement`. The one list for every choice of destination or partner country."""
    day = today or timezone.localdate()
    in_force = agreement_list(actor=actor).filter(
        status=AgreementStatus.IN_FORCE, partner_country_id=OuterRef("pk"),
        versions__in=AgreementVersion.objects.filter(in_force_on(day)),
    )
    return (destination_country_list(actor=actor).annotate(with_agreement=Exists(in_force))
            .order_by("-with_agreement", "name"))


def agreement_country_list(*, actor: Any) -> QuerySet[Country]:
    """The partner countries of the agreements the actor may see (for the registry's filter)."""
    return Country.objects.filter(pk__in=agreement_list(actor=actor).values("partner_country_id")).order_by("name")


def agreement_version_applicable(*, agreement: Agreement, recorded: AgreementVersion | int | None = None,
                                 on: datetime.date | None = None) -> AgreementVersion | None:
    """The version something filed under the agreement is judged against: the one recorded on it (e.g. at a
    letter's submission; a version or its id), else the one in force on `on` (today by default); with its terms
    prefetched. Not scoped: callers have already obtained the agreement through a scoped selector.
    """
    if recorded is not None:
        return (AgreementVersion.objects.prefetch_related(*version_prefetch())
                .filter(pk=getattr(recorded, "pk", recorded), agreement_id=agreement.pk).first())
    return agreement_version_in_force(agreement=agreement, on=on)


def version_sector_list(*, versions: list[AgreementVersion | None], extra_codes: set[str] | None = None
                        ) -> list[Sector]:
    """The sectors the versions cover, under the section rule (mou.predicates.sector_within_q: a covered
    section brings its divisions), and those of `extra_codes`; by code, each with its section joined."""
    wanted = Q(pk__in=[])
    for version in versions:
        if version is None:
            continue
        for sector in version.sectors.all():
            wanted |= sector_within_q(sector.code, path="")
    if extra_codes:
        wanted |= Q(code__in=sorted(extra_codes))
    return list(Sector.objects.filter(wanted).select_related("parent").distinct().order_by("code"))
