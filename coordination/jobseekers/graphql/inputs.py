"""Inputs for job-seeker mutations: they mirror coordination.jobseekers.inputs, whose dataclasses the services
take. Codes are strings the services resolve and check, each problem named by its field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from coordination.jobseekers import inputs as d
from coordination.jobseekers.graphql.enums import (
    EducationLevel,
    EvidenceKind,
    EvidenceResult,
    LanguageTest,
    PassportStatus,
    Sex,
)


@strawberry.input(description="Work experience in an occupation.")
class ExperienceInput:
    occupation: str = strawberry.field(description="ISCO-08 unit group code, e.g. 7531.")
    years: Decimal


@strawberry.input(description="A skill or certificate.")
class CertificationInput:
    name: str
    issuer: str = ""
    issued_on: datetime.date | None = None


@strawberry.input(description="A language, with a test result when one was taken.")
class LanguageInput:
    language: str = strawberry.field(description="ISO 639-1 code, e.g. ko.")
    test: LanguageTest | None = None
    score: str = strawberry.field(default="", description="A number (e.g. 72) or a level (e.g. N4).")
    taken_on: datetime.date | None = None
    valid_until: datetime.date | None = None


@strawberry.input(description="A job seeker's record. On update it replaces the record whole (lists included).")
class JobSeekerInput:
    name_km: str = strawberry.field(default="", description="In Khmer script. Give this, `nameLatin`, or both.")
    name_latin: str = strawberry.field(default="", description="In Latin letters, as on the passport.")
    sex: Sex = strawberry.field(description="For statistics and fairness audits only; never used in matching.")
    date_of_birth: datetime.date
    national_id: str = strawberry.field(default="", description="As on the card; spaces and hyphens are dropped.")
    phone: str = strawberry.field(default="", description="Cambodian (012 345 678) or international (+82 10 …).")
    province: str = strawberry.field(description="ISO 3166-2:KH code (KH-12) or MEF code (12).")
    district: str = strawberry.field(default="", description="MEF code, within the province, e.g. 1201.")
    commune: str = strawberry.field(default="", description="MEF code, within the district.")
    village: str = strawberry.field(default="", description="MEF code, within the commune.")
    education_level: EducationLevel | None = None
    experiences: list[ExperienceInput] = strawberry.field(default_factory=list)
    certifications: list[CertificationInput] = strawberry.field(default_factory=list)
    languages: list[LanguageInput] = strawberry.field(default_factory=list)
    destinations: list[str] = strawberry.field(default_factory=list,
                                               description="ISO 3166 alpha-2 codes, most wanted first.")
    sectors: list[str] = strawberry.field(default_factory=list, description="ISIC Rev.4 codes.")
    min_wage: Decimal | None = strawberry.field(default=None, description="Monthly, in `minWageCurrency`.")
    min_wage_currency: str = strawberry.field(default="", description="ISO 4217 code, e.g. USD.")
    available_from: datetime.date | None = None
    passport_status: PassportStatus = PassportStatus.NONE
    passport_number: str = ""
    passport_expiry: datetime.date | None = None


@strawberry.input(description="What the seeker agrees their data may be used for.")
class ConsentInput:
    for_matching: bool = strawberry.field(default=True, description="Matching to vacancies.")
    share_with_agencies: bool = strawberry.field(default=True, description="Shared with licensed recruitment "
                                                 "agencies (needs matching).")
    share_with_employers: bool = strawberry.field(default=True, description="Shared with employers once shortlisted "
                                                  "(needs matching).")


@strawberry.input(description="One piece of vetting evidence a counsellor saw.")
class VettingEvidenceInput:
    kind: EvidenceKind
    on_date: datetime.date = strawberry.field(description="When the check was made or the result issued.")
    result: EvidenceResult = EvidenceResult.PASSED
    valid_until: datetime.date | None = None
    test: LanguageTest | None = strawberry.field(default=None, description="For a test result: which test.")
    test_name: str = strawberry.field(default="", description="For a test not in the list, as the agreement names "
                                      "it (e.g. a skills test).")
    score: str = strawberry.field(default="", description="For a test result: the score or level.")
    reference: str = strawberry.field(default="", description="The document's reference number.")
    notes: str = ""


def seeker_data(value: JobSeekerInput) -> d.SeekerData:
    return d.SeekerData(
        name_km=value.name_km, name_latin=value.name_latin, sex=value.sex.value, date_of_birth=value.date_of_birth,
        national_id=value.national_id, phone=value.phone, province=value.province, district=value.district,
        commune=value.commune, village=value.village,
        education_level=value.education_level.value if value.education_level is not None else "",
        experiences=[d.ExperienceData(occupation=x.occupation, years=x.years) for x in value.experiences],
        certifications=[d.CertificationData(name=c.name, issuer=c.issuer, issued_on=c.issued_on)
                        for c in value.certifications],
        languages=[d.LanguageData(language=x.language, test=x.test.value if x.test is not None else "",
                                  score=x.score, taken_on=x.taken_on, valid_until=x.valid_until)
                   for x in value.languages],
        destinations=list(value.destinations), sectors=list(value.sectors), min_wage=value.min_wage,
        min_wage_currency=value.min_wage_currency, available_from=value.available_from,
        passport_status=value.passport_status.value, passport_number=value.passport_number,
        passport_expiry=value.passport_expiry,
    )


def consent_data(value: ConsentInput | None) -> d.ConsentData:
    if value is None:
        return d.ConsentData()
    return d.ConsentData(for_matching=value.for_matching, share_with_agencies=value.share_with_agencies,
                         share_with_employers=value.share_with_employers)
