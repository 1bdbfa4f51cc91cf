"""Inputs for demand-letter mutations: they mirror demand.inputs, whose dataclasses the services take.

Defaults here equal the dataclass defaults (tests/demand/graphql/test_inputs.py checks it).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from decimal import Decimal
from typing import Any

import strawberry

from demand import inputs as d
from demand.graphql.enums import Sex
from mou.graphql.enums import Payer, Period


@strawberry.input(description="A cost of recruitment or deployment, and who pays it.")
class CostInput:
    name: str
    payer: Payer
    amount: Decimal
    currency: str = strawberry.field(description="ISO 4217 code, e.g. USD.")


@strawberry.input(description="One position: the work, the pay and the conditions.")
class PositionInput:
    occupation: str = strawberry.field(description="ISCO-08 unit group code, e.g. 7531.")
    sector: str = strawberry.field(description="ISIC Rev.4 section or division code, e.g. C or 14.")
    workers: int
    wage_amount: Decimal
    wage_currency: str = strawberry.field(description="ISO 4217 code, e.g. THB.")
    wage_period: Period
    hours_per_day: Decimal = strawberry.field(description="Normal hours per day.")
    days_per_week: int = strawberry.field(description="Working days per week.")
    rest_days_per_week: int
    overtime_rate: Decimal = strawberry.field(description="Multiple of the normal hourly wage, e.g. 1.5.")
    contract_months: int
    work_location: str = strawberry.field(description="Town and province.")
    skills: str = strawberry.field(default="", description="Skills and qualifications required.")
    experience_months: int = 0
    language_test: str = ""
    language_min_score: str = ""
    required_sex: Sex = Sex.ANY
    min_age: int | None = None
    max_age: int | None = None
    accommodation: bool = False
    food: bool = False
    transport: bool = False
    costs: list[CostInput] = strawberry.field(default_factory=list)


@strawberry.input(description="A demand letter's dates, attestation and positions. Positions replace the "
                  "letter's positions whole.")
class DemandLetterInput:
    valid_from: datetime.date
    valid_until: datetime.date
    positions: list[PositionInput] = strawberry.field(default_factory=list)
    attestation_date: datetime.date | None = strawberry.field(
        default=None, description="When the embassy or labour attaché attested the letter, where required."
    )
    attestation_officer: str = ""


@strawberry.input(description="A new draft letter under an agreement with the employer's country.")
class DemandLetterCreateInput(DemandLetterInput):
    agreement_id: strawberry.ID


@strawberry.input(description="Positions for one agency.")
class AllocationInput:
    agency_id: strawberry.ID = strawberry.field(description="A licensed recruitment agency (an Organisation id).")
    workers: int = strawberry.field(description="Number of positions.")


@strawberry.input(description="An employer's profile: what the ministry accredits it on. Every field is "
                  "replaced; the accreditation is not part of it (see `employerSetAccreditation`).")
class EmployerProfileInput:
    legal_name: str = strawberry.field(description="As registered, e.g. Siam Garments Company Limited.")
    registration_number: str = strawberry.field(description="The company registration number.")
    address: str
    sector: str = strawberry.field(description="ISIC Rev.4 section or division code, e.g. C or 14.")
    contact_name: str
    contact_email: str
    contact_phone: str = ""


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _costs(rows: list[CostInput]) -> list[d.CostData]:
    return [d.CostData(**{f.name: _plain(getattr(row, f.name)) for f in dataclasses.fields(d.CostData)})
            for row in rows]


def _position(data: PositionInput) -> d.PositionData:
    values = {f.name: _plain(getattr(data, f.name)) for f in dataclasses.fields(d.PositionData) if f.name != "costs"}
    return d.PositionData(**values, costs=_costs(data.costs))


def letter_data(data: DemandLetterInput) -> d.LetterData:
    """The input as the services' LetterData."""
    return d.LetterData(
        valid_from=data.valid_from, valid_until=data.valid_until,
        positions=[_position(p) for p in data.positions],
        attestation_date=data.attestation_date, attestation_officer=data.attestation_officer,
    )
