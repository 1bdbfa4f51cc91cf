"""A job seeker as plain data: what every door (the registration form, event mode, the import, GraphQL) hands
the services. Codes are strings (province KH-12 or 12, district 1201, ISCO-08 7531, ISO 3166 KR, ISO 639 ko,
ISO 4217 USD); the services resolve and check them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExperienceData:
    occupation: str
    years: Any


@dataclass
class CertificationData:
    name: str
    issuer: str = ""
    issued_on: datetime.date | None = None


@dataclass
class LanguageData:
    language: str
    test: str = ""
    score: str = ""
    taken_on: datetime.date | None = None
    valid_until: datetime.date | None = None


@dataclass
class SeekerData:
    name_km: str = ""
    name_latin: str = ""
    sex: str = ""
    date_of_birth: datetime.date | None = None
    national_id: str = ""
    phone: str = ""
    province: str = ""
    district: str = ""
    commune: str = ""
    village: str = ""
    education_level: str = ""
    experiences: list[ExperienceData] = field(default_factory=list)
    certifications: list[CertificationData] = field(default_factory=list)
    languages: list[LanguageData] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)  # country ISO2 codes, most wanted first
    sectors: list[str] = field(default_factory=list)  # ISIC Rev.4 codes
    min_wage: Any = None
    min_wage_currency: str = ""
    available_from: datetime.date | None = None
    passport_status: str = "none"
    passport_number: str = ""
    passport_expiry: datetime.date | None = None


@dataclass
class ConsentData:
    for_matching: bool = True
    share_with_agencies: bool = True
    share_with_employers: bool = True
