"""The terms of an agreement version as plain data: what both doors (web forms, GraphQL) hand the services.

Codes (ISIC, ISCO-08, ISO 4217) are strings here; the services resolve and validate them.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

# Scalar fields of AgreementVersion that a version's terms carry, in display order.
SCALAR_FIELDS: tuple[str, ...] = (
    "signed_date", "in_force_from", "source_document", "source_document_km",
    "sectors_clause", "occupations_clause",
    "hours_per_day", "hours_per_week", "hours_clause",
    "min_weekly_rest_days", "rest_clause",
    "overtime_rate", "overtime_clause",
    "contract_min_months", "contract_max_months", "contract_clause",
    "max_stay_months", "stay_clause",
    "reentry_rule", "reentry_rule_km", "cooling_off_months", "reentry_clause",
    "min_age", "max_age", "age_clause",
    "medical_check_required", "orientation_required", "police_clearance_required", "eligibility_clause",
    "roster_validity_months", "roster_clause",
    "zero_fee", "fee_clause",
    "attestation_required", "attestation_clause",
    "review_working_days", "review_clause",
)


@dataclass
class WageFloorData:
    sector: str
    amount: Decimal
    currency: str
    period: str
    clause: str = ""


@dataclass
class RequiredTestData:
    name: str
    kind: str
    min_score: str
    clause: str = ""
    name_km: str = ""


@dataclass
class FeeItemData:
    name: str
    payer: str
    cap_amount: Decimal | None = None
    cap_currency: str | None = None
    clause: str = ""
    name_km: str = ""


@dataclass
class ProtectionData:
    kind: str
    details: str = ""
    clause: str = ""
    details_km: str = ""


@dataclass
class QuotaData:
    year: int
    sector: str
    cap: int
    occupation: str | None = None
    clause: str = ""


@dataclass
class PortabilityData:
    branch: str
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
    premium_payer: str = "none"
    purchase_deadline: str = ""
    clause: str = ""
    scheme_km: str = ""
    claim_deadline_km: str = ""
    proof_required_km: str = ""
    insurer_km: str = ""
    premium_km: str = ""
    purchase_deadline_km: str = ""


@dataclass
class VersionTerms:
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
    sectors: list[str]
    occupations: list[str] = field(default_factory=list)
    min_weekly_rest_days: int = 1
    cooling_off_months: int = 0
    reentry_rule: str = ""
    reentry_rule_km: str = ""
    source_document: str = ""
    source_document_km: str = ""
    medical_check_required: bool = True
    orientation_required: bool = True
    police_clearance_required: bool = True
    zero_fee: bool = True
    attestation_required: bool = False
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
    wage_floors: list[WageFloorData] = field(default_factory=list)
    required_tests: list[RequiredTestData] = field(default_factory=list)
    fee_items: list[FeeItemData] = field(default_factory=list)
    protections: list[ProtectionData] = field(default_factory=list)
    quotas: list[QuotaData] = field(default_factory=list)
    portability_rules: list[PortabilityData] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        """A JSON-friendly flat view, for the audit trail's before/after."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if isinstance(value, list):
                out[key] = [_plain(v) for v in value]
            else:
                out[key] = _plain(value)
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, "")}
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
