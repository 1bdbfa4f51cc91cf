"""The MoU registry as GraphQL types: agreements, their versions and every term of a version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from strawberry import auto
from strawberry.types import Info
from strawberry_django.optimizer import optimize

from api.context import actor
from api.fields import column, fast_type
from api.pagination import Connection, connection
from audit.graphql.types import AuditEventType
from audit.models import AuditEvent
from audit.selectors import audit_event_list
from mou import models, selectors
from mou.graphql.enums import AgreementStatus, Branch, Channel, Payer, Period, PremiumPayer, ProtectionKind, TestKind
from reference.graphql.types import CountryType, CurrencyType, OccupationType, SectorType


@fast_type(models.WageFloor, name="WageFloor")
class WageFloorType:
    sector: SectorType
    amount: auto
    currency: CurrencyType
    period: Period
    clause: auto


@fast_type(models.RequiredTest, name="RequiredTest")
class RequiredTestType:
    name: auto
    name_km: auto
    kind: TestKind
    min_score: auto = column(description="A number (e.g. 80) or a level (e.g. N4).")
    clause: auto


@fast_type(models.FeeItem, name="FeeItem")
class FeeItemType:
    name: auto
    name_km: auto
    payer: Payer
    cap_amount: auto = column(description="What the worker may be charged at most.")
    cap_currency: CurrencyType | None
    clause: auto


@fast_type(models.Protection, name="Protection")
class ProtectionType:
    kind: ProtectionKind
    details: auto
    details_km: auto
    clause: auto


@fast_type(models.Quota, name="Quota")
class QuotaType:
    year: auto
    sector: SectorType
    occupation: OccupationType | None
    cap: auto = column(description="Number of workers.")
    clause: auto


@fast_type(models.PortabilityRule, name="PortabilityRule",
                        description="How a social-security benefit works for a worker abroad.")
class PortabilityRuleType:
    branch: Branch
    scheme: auto
    scheme_km: auto
    mandatory: auto
    employer_percent: auto
    worker_percent: auto
    wage_ceiling: auto
    wage_ceiling_currency: CurrencyType | None
    totalisation: auto
    payable_abroad: auto
    lump_sum_on_leaving: auto
    lump_sum_min_months: auto
    claim_deadline: auto
    claim_deadline_km: auto
    proof_required: auto
    proof_required_km: auto
    insurer: auto
    insurer_km: auto
    premium: auto
    premium_km: auto
    premium_payer: PremiumPayer
    purchase_deadline: auto
    purchase_deadline_km: auto
    summary_en: auto = column(description="For workers, in English.")
    summary_km: auto = column(description="For workers, in Khmer.")
    clause: auto


@fast_type(
    models.AgreementVersion, name="AgreementVersion",
    description="The terms of an agreement from one date on. Each `*Clause` names the article of the signed "
    "text the term comes from.",
)
class AgreementVersionType:
    id: strawberry.ID
    number: auto
    signed_date: auto
    in_force_from: auto
    in_force_to: auto = column(description="Null while no later version replaces it.")
    source_document: auto
    source_document_km: auto
    reason: auto
    created_at: auto
    # Coverage
    sectors: list[SectorType]
    sectors_clause: auto
    occupations: list[OccupationType] = strawberry_django.field(
        description="Empty when every occupation in the covered sectors is allowed."
    )
    occupations_clause: auto
    # Employment-term floors
    hours_per_day: auto
    hours_per_week: auto
    hours_clause: auto
    min_weekly_rest_days: auto
    rest_clause: auto
    overtime_rate: auto = column(description="Multiple of the normal hourly wage.")
    overtime_clause: auto
    contract_min_months: auto
    contract_max_months: auto
    contract_clause: auto
    max_stay_months: auto
    stay_clause: auto
    reentry_rule: auto
    reentry_rule_km: auto
    cooling_off_months: auto
    reentry_clause: auto
    # Worker eligibility
    min_age: auto
    max_age: auto
    age_clause: auto
    medical_check_required: auto
    orientation_required: auto
    police_clearance_required: auto
    eligibility_clause: auto
    roster_validity_months: auto
    roster_clause: auto
    # Fees and procedure
    zero_fee: auto = column(description="Workers pay no recruitment fees or costs at all.")
    fee_clause: auto
    attestation_required: auto = column(description="Demand letters are attested by the labour attaché covering "
                                        "the employer's country before the ministry reviews them.")
    attestation_clause: auto
    review_working_days: auto
    review_clause: auto
    # Detailed terms
    wage_floors: list[WageFloorType]
    required_tests: list[RequiredTestType]
    fee_items: list[FeeItemType]
    protections: list[ProtectionType]
    quotas: list[QuotaType]
    portability_rules: list[PortabilityRuleType]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Only versions of agreements the actor may see, however they are reached."""
        return queryset.filter(agreement__in=selectors.agreement_list(actor=actor(info)))


def _versions_in_force_today(info: Info) -> Prefetch[Any]:
    """For lists of agreements: every agreement's version in force in one query, optimized for the selection."""
    queryset = models.AgreementVersion.objects.filter(selectors.in_force_on(timezone.localdate()))
    return Prefetch(
        "versions",
        queryset=optimize(queryset.order_by("-in_force_from"), info),
        to_attr="versions_in_force_today",
    )


@fast_type(models.Agreement, name="Agreement", description="A bilateral labour agreement (MoU).")
class AgreementType:
    id: strawberry.ID
    title: auto
    title_km: auto
    partner_country: CountryType
    channel: Channel
    status: AgreementStatus
    illustrative: auto = column(
        description="Demonstration terms drawn from public facts, not the signed text."
    )
    created_at: auto
    versions: Connection[AgreementVersionType] = connection(description="Every version, newest first.")

    @strawberry_django.field(
        prefetch_related=[_versions_in_force_today],
        description="The version in force today; null when none is.",
    )
    def version_in_force(self, root: models.Agreement) -> AgreementVersionType | None:
        prefetched = getattr(root, "versions_in_force_today", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return selectors.agreement_version_in_force(agreement=root)  # type: ignore[return-value]

    @connection(
        Connection[AuditEventType],
        description="Changes to this agreement, newest first; empty unless you are ministry staff.",
    )
    def audit_events(self, root: models.Agreement, info: Info) -> list[AuditEvent]:
        """Loaded for every agreement on the page at once (see CorridorContext.load_batched)."""
        user = actor(info)

        def load(agreements: Sequence[models.Agreement]) -> dict[Any, list[AuditEvent]]:
            by_target: dict[str, list[AuditEvent]] = defaultdict(list)
            for event in audit_event_list(actor=user, targets=list(agreements)):
                by_target[event.target_id].append(event)
            return {a.pk: by_target[str(a.pk)] for a in agreements}

        return info.context.load_batched("agreement.audit_events", root, load, default=list)
