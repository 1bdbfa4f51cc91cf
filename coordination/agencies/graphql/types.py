"""Recruitment agencies as GraphQL types: an agency is its organisation, with the licence, standing, ranking,
inspections and status history that supervision keeps (coordination.agencies)."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
import strawberry_django
from strawberry import auto

from accounts.models import Organisation
from api.fields import column, fast_type
from coordination.agencies import models, permissions
from coordination.agencies.models import AgencyStatus, InspectionOutcome, RankingTier
from i18n.messages import render
from reference.graphql.types import CountryType

strawberry.enum(AgencyStatus, name="AgencyStatus", description="An agency's licence: ACTIVE, SUSPENDED or REVOKED.")
strawberry.enum(InspectionOutcome, name="InspectionOutcome", description="How serious an inspection's findings are.")
strawberry.enum(RankingTier, name="AgencyRankingTier", description="A (good standing) to D (not fit to recruit).")

# What the profile fields read, for the optimizer (an agency without a profile reads as never supervised).
_PROFILE = ["agency_profile__id", "agency_profile__status", "agency_profile__status_reason",
            "agency_profile__licence_issued_on", "agency_profile__licence_expires_on",
            "agency_profile__ranking_score", "agency_profile__ranking_tier", "agency_profile__ranking_reasons",
            "agency_profile__ranking_computed_at", "agency_profile__organisation_id"]
_LICENCE = ["kind", "is_active", "licence_number", *_PROFILE]


@fast_type(models.Inspection, name="AgencyInspection", description="An inspection of an agency and its findings.")
class InspectionType:
    inspected_on: auto
    inspector: auto
    findings: auto
    outcome: InspectionOutcome
    recorded_at: auto


@strawberry.type(name="AgencyStatusChange", description="One change of an agency's status: when, to what, why.")
class StatusChangeType:
    status_from: AgencyStatus
    status_to: AgencyStatus
    reason: str
    changed_at: datetime.datetime


@strawberry.type(name="AgencyRanking", description="The ministry's ranking of an agency, computed from its record.")
class RankingType:
    score: int = strawberry.field(description="From 100 down: each reason takes points off.")
    tier: RankingTier
    reasons: list[str] = strawberry.field(description="What took points off, in your language.")
    computed_at: datetime.datetime | None


def _profile(root: Organisation) -> Any:
    return permissions.agency_profile_of(root)


@fast_type(Organisation, name="Agency", description="A recruitment agency under the ministry's supervision.")
class AgencyType:
    id: strawberry.ID = column(description="The agency organisation's id: what the agency mutations take.")
    name: auto
    name_km: auto
    licence_number: auto = column(description="Empty when none is recorded.")
    country: CountryType

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"])
    def status(self, root: Organisation) -> AgencyStatus:
        profile = _profile(root)
        return AgencyStatus(profile.status) if profile else AgencyStatus.ACTIVE

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"])
    def status_reason(self, root: Organisation) -> str:
        profile = _profile(root)
        return profile.status_reason if profile else ""

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"],
                             description="Null when the ministry has not recorded it.")
    def licence_issued_on(self, root: Organisation) -> datetime.date | None:
        profile = _profile(root)
        return profile.licence_issued_on if profile else None

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"],
                             description="Null when the ministry has not recorded it.")
    def licence_expires_on(self, root: Organisation) -> datetime.date | None:
        profile = _profile(root)
        return profile.licence_expires_on if profile else None

    @strawberry_django.field(only=_LICENCE, select_related=["agency_profile"],
                             description="Licensed today: it may receive new allocations and see job seekers "
                             "(the rule the allocation and the job-seeker lists use).")
    def licensed(self, root: Organisation) -> bool:
        return permissions.is_licensed_agency(root)

    @strawberry_django.field(only=_LICENCE, select_related=["agency_profile"],
                             description="Why it is not licensed today, in your language; null when it is.")
    def licence_problem(self, root: Organisation) -> str | None:
        return permissions.licence_problem(root) or None

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"],
                             description="Null until the ranking is first computed.")
    def ranking(self, root: Organisation) -> RankingType | None:
        profile = _profile(root)
        if profile is None or not profile.ranking_tier:
            return None
        return RankingType(score=profile.ranking_score or 0, tier=RankingTier(profile.ranking_tier),
                           reasons=[render(r.get("reason")) for r in profile.ranking_reasons or []],
                           computed_at=profile.ranking_computed_at)

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"],
                             prefetch_related=["agency_profile__inspections"],
                             description="Newest first.")
    def inspections(self, root: Organisation) -> list[InspectionType]:
        profile = _profile(root)
        return list(profile.inspections.all()) if profile else []  # type: ignore[return-value]

    @strawberry_django.field(only=_PROFILE, select_related=["agency_profile"],
                             prefetch_related=["agency_profile__status_changes"],
                             description="Newest first.")
    def status_history(self, root: Organisation) -> list[StatusChangeType]:
        profile = _profile(root)
        if profile is None:
            return []
        return [StatusChangeType(status_from=AgencyStatus(c.status_from), status_to=AgencyStatus(c.status_to),
                                 reason=c.reason, changed_at=c.changed_at) for c in profile.status_changes.all()]
