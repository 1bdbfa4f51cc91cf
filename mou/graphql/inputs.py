"""Inputs for agreement mutations: they mirror mou.terms, whose dataclasses the services take.

Defaults here equal the dataclass defaults (tests/mou/graphql/test_inputs.py checks it).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from decimal import Decimal
from typing import Any

import strawberry

from mou import terms as t
from mou.graphql.enums import AgreementStatus, Branch, Channel, Payer, Period, PremiumPayer, ProtectionKind, TestKind


@strawberry.input
class WageFloorInput:
    sector: str = strawberry.field(description="ISIC Rev.4 code of a covered sector.")
    amount: Decimal
    currency: str = strawberry.field(description="ISO 4217 code, e.g. THB.")
    period: Period
    clause: str = ""


@strawberry.input
class RequiredTestInput:
    name: str
    kind: TestKind
    min_score: str
    clause: str = ""
    name_km: str = strawberry.field(default="", description="The test's name in Khmer.")


@strawberry.input
class FeeItemInput:
    name: str
    payer: Payer
    cap_amount: Decimal | None = None
    cap_currency: str | None = None
    clause: str = ""
    name_km: str = strawberry.field(default="", description="The cost item in Khmer.")


@strawberry.input
class ProtectionInput:
    kind: ProtectionKind
    details: str = ""
    clause: str = ""
    details_km: str = strawberry.field(default="", description="The details in Khmer.")


@strawberry.input
class QuotaInput:
    year: int
    sector: str
    cap: int
    occupation: str | None = strawberry.field(default=None, description="ISCO-08 code; null for any.")
    clause: str = ""


@strawberry.input
class PortabilityRuleInput:
    branch: Branch
    summary_en: str
    summary_km: str
    scheme: str = ""
    mandatory: bool = True
    employer_percent: Decimal | None = None
    worker_percent: Decimal | None = None
    wage_ceiling: Decimal | None = None
    wage_ceiling_currency: str | None = None
    totalisation: bool = False
    payable_abroad: bool = False
    lump_sum_on_leaving: bool = False
    lump_sum_min_months: int | None = None
    claim_deadline: str = ""
    proof_required: str = ""
    insurer: str = ""
    premium: str = ""
    premium_payer: PremiumPayer = PremiumPayer.NONE
    purchase_deadline: str = ""
    clause: str = ""
    scheme_km: str = ""
    claim_deadline_km: str = ""
    proof_required_km: str = ""
    insurer_km: str = ""
    premium_km: str = ""
    purchase_deadline_km: str = ""


@strawberry.input(description="All the terms of a version. Lists replace the previous version's lists whole.")
class VersionTermsInput:
    signed_date: datetime.date
    in_force_from: datetime.date
    hours_per_day: Decimal
    hours_per_week: Decimal
    overtime_rate: Decimal
    contract_min_months: int
    contract_max_months: int
    max_stay_months: int
    min_age: int
    max_age: int
    roster_validity_months: int
    sectors: list[str] = strawberry.field(description="ISIC Rev.4 codes of the sectors covered.")
    occupations: list[str] = strawberry.field(
        default_factory=list, description="ISCO-08 codes; empty when every occupation is allowed."
    )
    min_weekly_rest_days: int = 1
    cooling_off_months: int = 0
    reentry_rule: str = ""
    reentry_rule_km: str = strawberry.field(default="", description="The re-entry rule in Khmer.")
    source_document: str = ""
    source_document_km: str = strawberry.field(default="", description="The signed text's Khmer title.")
    medical_check_required: bool = True
    orientation_required: bool = True
    police_clearance_required: bool = True
    zero_fee: bool = True
    attestation_required: bool = strawberry.field(
        default=False, description="Demand letters are attested by the labour attaché covering the employer's "
        "country before the ministry reviews them."
    )
    review_working_days: int = 7
    sectors_clause: str = ""
    occupations_clause: str = ""
    hours_clause: str = ""
    rest_clause: str = ""
    overtime_clause: str = ""
    contract_clause: str = ""
    stay_clause: str = ""
    reentry_clause: str = ""
    age_clause: str = ""
    eligibility_clause: str = ""
    roster_clause: str = ""
    fee_clause: str = ""
    attestation_clause: str = ""
    review_clause: str = ""
    wage_floors: list[WageFloorInput] = strawberry.field(default_factory=list)
    required_tests: list[RequiredTestInput] = strawberry.field(default_factory=list)
    fee_items: list[FeeItemInput] = strawberry.field(default_factory=list)
    protections: list[ProtectionInput] = strawberry.field(default_factory=list)
    quotas: list[QuotaInput] = strawberry.field(default_factory=list)
    portability_rules: list[PortabilityRuleInput] = strawberry.field(default_factory=list)


@strawberry.input
class AgreementCreateInput:
    partner_country: str = strawberry.field(description="ISO 3166 alpha-2 code, e.g. TH.")
    title: str
    channel: Channel
    terms: VersionTermsInput
    status: AgreementStatus = strawberry.field(default=AgreementStatus.DRAFT, description="DRAFT or IN_FORCE.")
    illustrative: bool = False
    reason: str = ""
    title_km: str = strawberry.field(default="", description="The agreement's title in Khmer.")


@strawberry.input
class AgreementAmendInput:
    agreement_id: strawberry.ID
    reason: str = strawberry.field(description="Why: e.g. the exchange of letters that amends the agreement.")
    terms: VersionTermsInput = strawberry.field(description="The complete terms of the new version.")
    title_km: str | None = strawberry.field(
        default=None, description="The agreement's title in Khmer; null keeps the present one."
    )


# Which dataclass each list of VersionTerms holds.
_ROWS: dict[str, type] = {
    "wage_floors": t.WageFloorData,
    "required_tests": t.RequiredTestData,
    "fee_items": t.FeeItemData,
    "protections": t.ProtectionData,
    "quotas": t.QuotaData,
    "portability_rules": t.PortabilityData,
}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _row(cls: type, data: Any) -> Any:
    return cls(**{f.name: _plain(getattr(data, f.name)) for f in dataclasses.fields(cls)})


def version_terms(data: VersionTermsInput) -> t.VersionTerms:
    """The input as the services' VersionTerms."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(t.VersionTerms):
        value = getattr(data, f.name)
        values[f.name] = [_row(_ROWS[f.name], row) for row in value] if f.name in _ROWS else _plain(value)
    return t.VersionTerms(**values)
