"""Demand letters and positions as plain data: what every door (web form, spreadsheet, GraphQL)
hands the services. Codes (ISCO-08, ISIC, ISO 4217) are strings; the services resolve and check them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class CostData:
    name: str
    payer: str  # mou.models.Payer
    amount: Decimal
    currency: str


@dataclass
class PositionData:
    occupation: str  # ISCO-08 unit group code, e.g. "7531"
    sector: str  # ISIC Rev.4 section or division, e.g. "C" or "14"
    workers: int
    wage_amount: Decimal
    wage_currency: str
    wage_period: str  # mou.models.Period
    hours_per_day: Decimal
    days_per_week: int
    rest_days_per_week: int
    overtime_rate: Decimal
    contract_months: int
    work_location: str
    skills: str = ""
    experience_months: int = 0
    language_test: str = ""
    language_min_score: str = ""
    required_sex: str = "any"  # demand.models.Sex
    min_age: int | None = None
    max_age: int | None = None
    accommodation: bool = False
    food: bool = False
    transport: bool = False
    costs: list[CostData] = field(default_factory=list)


@dataclass
class LetterData:
    valid_from: datetime.date
    valid_until: datetime.date
    positions: list[PositionData] = field(default_factory=list)
    attestation_date: datetime.date | None = None
    attestation_officer: str = ""
