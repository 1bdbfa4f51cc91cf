"""Job seekers as GraphQL types, as each actor may see them (coordination.jobseekers.permissions decides).

Who sees what, field by field (docs/api.md, "Job seekers"):
- the national ID, the phone and the passport number: in full for the owning job centre and ministry staff,
  masked for everyone else (`identifiersMasked` says which), read only through selectors.seeker_identifiers;
- sex: counsellors and ministry staff (statistics and fairness audits); null for anyone else, agencies included;
- vetting evidence and the access log: counsellors and ministry staff (the access log: the owning job centre and
  the ministry); consent: the history for counsellors and ministry staff, the consent in force for others.

Fields that depend on who is asking read the actor, so a list that selects them is answered the ordinary way
(api/fastpath/ answers rows without an actor); every other field is read from rows.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Prefetch, QuerySet
from strawberry import auto
from strawberry.types import Info
from strawberry_django.optimizer import optimize

from accounts.graphql.types import OrganisationType
from accounts.permissions import is_ministry
from api import fastpath
from api.context import actor
from api.fields import column, fast_type
from coordination.jobseekers import models, selectors
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.duplicates import Candidate
from coordination.jobseekers.graphql.enums import (
    EducationLevel,
    EvidenceKind,
    EvidenceResult,
    LanguageTest,
    PassportStatus,
    RosterStatus,
    SeekerStatus,
    Sex,
    VettingStatus,
)
from mou.graphql.types import AgreementType
from reference import models as reference
from reference.graphql.types import CountryType, CurrencyType, LanguageType, OccupationType, ProvinceType, SectorType


@fast_type(reference.District, name="District", description="A district, khan or municipality of Cambodia (MEF "
           "2025 list).")
class DistrictType:
    code: auto
    name_en: auto
    name_km: auto


@fast_type(reference.Commune, name="Commune", description="A commune or quarter (sangkat) of Cambodia (MEF 2025 "
           "list).")
class CommuneType:
    code: auto
    name_en: auto
    name_km: auto


@fast_type(reference.Village, name="Village", description="A village of Cambodia (MEF 2025 list).")
class VillageType:
    code: auto
    name_en: auto
    name_km: auto


@fast_type(models.Experience, name="Experience", description="Work experience in an ISCO-08 occupation.")
class ExperienceType:
    occupation: OccupationType
    years: auto


@fast_type(models.Certification, name="Certification", description="A skill or certificate, with its issuer.")
class CertificationType:
    name: auto
    issuer: auto
    issued_on: auto


@fast_type(models.LanguageSkill, name="LanguageSkill",
           description="A language the seeker speaks, with a test result when one was taken.")
class LanguageSkillType:
    language: LanguageType
    score: auto = column(description="A number (e.g. 72) or a level (e.g. N4); empty without a test.")
    taken_on: auto
    valid_until: auto

    @strawberry_django.field(only=["test"], description="The test taken; null when none was.")
    def test(self, root: models.LanguageSkill) -> LanguageTest | None:
        return LanguageTest(root.test) if root.test else None


@fast_type(models.DestinationPreference, name="DestinationPreference")
class DestinationPreferenceType:
    rank: auto = column(description="1 is the most wanted.")
    country: CountryType


@fast_type(models.RosterEntry, name="RosterEntry",
           description="The seeker on an agreement's roster (vetted), for the roster's validity period.")
class RosterEntryType:
    agreement: AgreementType
    entered_on: auto
    valid_until: auto
    status: RosterStatus


@fast_type(models.Consent, name="Consent", description="What the seeker agreed their data may be used for.")
class ConsentType:
    for_matching: auto = column(description="Matching to vacancies.")
    share_with_agencies: auto = column(description="Shared with licensed recruitment agencies.")
    share_with_employers: auto = column(description="Shared with employers once shortlisted.")
    recorded_at: auto
    withdrawn_at: auto = column(description="Null while the consent is in force.")
    withdrawal_reason: auto


@fast_type(models.VettingEvidence, name="VettingEvidence",
           description="One piece of vetting evidence a counsellor saw; a newer record of a kind supersedes an "
           "older one.")
class VettingEvidenceType:
    id: strawberry.ID
    kind: EvidenceKind
    result: EvidenceResult
    on_date: auto
    valid_until: auto
    score: auto = column(description="For a test result: the score or level it shows.")
    reference: auto = column(description="The document's reference number.")
    notes: auto
    recorded_at: auto

    @strawberry_django.field(only=["test"], description="For a test result: which test; null otherwise.")
    def test(self, root: models.VettingEvidence) -> LanguageTest | None:
        return LanguageTest(root.test) if root.test else None


@strawberry.type(name="ProfileView", description="A full profile seen by someone outside the owning job centre "
                 "and the ministry (the access log).")
class ProfileViewType:
    viewed_at: datetime.datetime
    organisation: str = strawberry.field(description="The viewer's organisation; empty when they have none.")
    channel: str = strawberry.field(description="`page`, `graphql` or `export`.")


# Each list field below reads its items from one source, a fastpath.Rows registered at the end of this module: its
# prefetch on the ordinary path and the rows path (api/fastpath/) both call `rows.queryset(actor)`, so both read
# the same items in the same order.
EXPERIENCE_ROWS = fastpath.Rows(
    queryset=lambda actor: models.Experience.objects.order_by("seeker_id", "-years", "pk"), parent="seeker_id")
CERTIFICATION_ROWS = fastpath.Rows(
    queryset=lambda actor: models.Certification.objects.order_by("seeker_id", "name", "pk"), parent="seeker_id")
LANGUAGE_ROWS = fastpath.Rows(
    queryset=lambda actor: models.LanguageSkill.objects.order_by("seeker_id", "language__name", "pk"),
    parent="seeker_id")
DESTINATION_ROWS = fastpath.Rows(
    queryset=lambda actor: models.DestinationPreference.objects.order_by("seeker_id", "rank"), parent="seeker_id")
ROSTER_ROWS = fastpath.Rows(
    queryset=lambda actor: models.RosterEntry.objects.order_by("seeker_id", "-entered_on", "-pk"),
    parent="seeker_id")


def _prefetch(relation: str, rows: fastpath.Rows) -> Any:
    def make(info: Info) -> Prefetch[Any]:
        queryset = optimize(rows.queryset(actor(info)), info)
        return Prefetch(relation, queryset=queryset, to_attr=f"graphql_{relation}")

    return make


def _listed(root: models.JobSeeker, relation: str, rows: fastpath.Rows, info: Info) -> list[Any]:
    found = getattr(root, f"graphql_{relation}", None)
    if found is None:
        found = list(rows.queryset(actor(info)).filter(seeker=root))
    return found  # type: ignore[no-any-return]


_IDENTIFIERS = ["national_id", "phone", "passport_number", "job_centre"]


def identifiers(info: Info, seeker: models.JobSeeker) -> dict[str, Any]:
    """selectors.seeker_identifiers, once per seeker and request."""
    cache = info.context.batches.setdefault("jobseekers.identifiers", {})
    if seeker.pk not in cache:
        cache[seeker.pk] = selectors.seeker_identifiers(actor=actor(info), seeker=seeker)
    return cache[seeker.pk]  # type: ignore[no-any-return]


def sees_sex(user: Any) -> bool:
    """Sex is for statistics and fairness audits: counsellors and ministry staff (coordination.jobseekers
    .permissions.sees_without_consent is the same circle: the registry's own staff)."""
    return perms.is_counsellor(user) or is_ministry(user)


@fast_type(models.JobSeeker, name="JobSeeker",
           description="A job seeker registered by a job centre, as you may see them: see each field for who sees "
           "what.")
class JobSeekerType:
    id: strawberry.ID
    name_km: auto = column(description="The name in Khmer script; may be empty when the Latin one is given.")
    name_latin: auto = column(description="The name in Latin letters, as on the passport; may be empty.")
    date_of_birth: auto
    province: ProvinceType
    district: DistrictType | None
    commune: CommuneType | None
    village: VillageType | None
    min_wage: auto = column(description="The minimum acceptable monthly wage; null when not given.")
    min_wage_currency: CurrencyType | None
    available_from: auto
    passport_status: PassportStatus
    passport_expiry: auto
    status: SeekerStatus
    vetting_status: VettingStatus
    consent_active: auto = column(description="Consent to matching is in force. A seeker without it is in no "
                                  "agency's or employer's view and in no matching.")
    job_centre: OrganisationType = column(description="The job centre that registered the seeker and keeps their "
                                          "record.")
    created_at: auto = column(description="When the seeker was registered.")
    updated_at: auto
    sectors: list[SectorType] = column(field_name="preferred_sectors", description="Sectors the seeker wants to "
                                       "work in (ISIC Rev.4).")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Only seekers the actor may see (selectors.seeker_scope decides), however they are reached."""
        return queryset.filter(pk__in=selectors.seeker_scope(actor(info)).values("pk"))

    @strawberry_django.field(only=["name_km", "name_latin"],
                             description="Both names, e.g. `Sok Dara (សុខ ដារា)`.")
    def display_name(self, root: models.JobSeeker) -> str:
        return root.display_name

    @strawberry_django.field(only=["education_level"], description="Null when not given.")
    def education_level(self, root: models.JobSeeker) -> EducationLevel | None:
        return EducationLevel(root.education_level) if root.education_level else None

    @strawberry_django.field(only=["sex"], description="For statistics and fairness audits only, never used in "
                             "matching: counsellors and ministry staff see it; null for anyone else.")
    def sex(self, root: models.JobSeeker, info: Info) -> Sex | None:
        return Sex(root.sex) if sees_sex(actor(info)) else None

    @strawberry_django.field(only=_IDENTIFIERS, description="In full for the owning job centre and ministry staff, "
                             "masked (•••••6789) for everyone else; empty when not recorded.")
    def national_id(self, root: models.JobSeeker, info: Info) -> str:
        return identifiers(info, root)["national_id"]  # type: ignore[no-any-return]

    @strawberry_django.field(only=_IDENTIFIERS, description="International form (+85512345678), in full for the "
                             "owning job centre and ministry staff, masked for everyone else.")
    def phone(self, root: models.JobSeeker, info: Info) -> str:
        return identifiers(info, root)["phone"]  # type: ignore[no-any-return]

    @strawberry_django.field(only=_IDENTIFIERS, description="Whether `nationalId`, `phone` and `passportNumber` "
                             "are masked for you.")
    def identifiers_masked(self, root: models.JobSeeker, info: Info) -> bool:
        return bool(identifiers(info, root)["masked"])

    @strawberry_django.field(only=_IDENTIFIERS, description="Once issued; masked like the national ID.")
    def passport_number(self, root: models.JobSeeker, info: Info) -> str:
        return identifiers(info, root)["passport_number"]  # type: ignore[no-any-return]

    @strawberry_django.field(prefetch_related=[_prefetch("experiences", EXPERIENCE_ROWS)],
                             description="Work experience, most years first.")
    def experiences(self, root: models.JobSeeker, info: Info) -> list[ExperienceType]:
        return _listed(root, "experiences", EXPERIENCE_ROWS, info)

    @strawberry_django.field(prefetch_related=[_prefetch("certifications", CERTIFICATION_ROWS)],
                             description="Skills and certifications, by name.")
    def certifications(self, root: models.JobSeeker, info: Info) -> list[CertificationType]:
        return _listed(root, "certifications", CERTIFICATION_ROWS, info)

    @strawberry_django.field(prefetch_related=[_prefetch("languages", LANGUAGE_ROWS)],
                             description="Languages and test results.")
    def languages(self, root: models.JobSeeker, info: Info) -> list[LanguageSkillType]:
        return _listed(root, "languages", LANGUAGE_ROWS, info)

    @strawberry_django.field(prefetch_related=[_prefetch("destination_preferences", DESTINATION_ROWS)],
                             description="Destination countries, most wanted first.")
    def destinations(self, root: models.JobSeeker, info: Info) -> list[DestinationPreferenceType]:
        return _listed(root, "destination_preferences", DESTINATION_ROWS, info)

    @strawberry_django.field(prefetch_related=[_prefetch("roster_entries", ROSTER_ROWS)],
                             description="The agreement rosters the seeker is or was on, newest first.")
    def roster_entries(self, root: models.JobSeeker, info: Info) -> list[RosterEntryType]:
        return _listed(root, "roster_entries", ROSTER_ROWS, info)

    @strawberry_django.field(
        prefetch_related=[lambda info: Prefetch("consents", queryset=models.Consent.objects.order_by(
            "-recorded_at", "-pk"), to_attr="graphql_consents")],
        description="Counsellors and ministry staff: every consent recorded, newest first (withdrawn ones kept). "
        "Anyone else: the consent in force.",
    )
    def consents(self, root: models.JobSeeker, info: Info) -> list[ConsentType]:
        found = getattr(root, "graphql_consents", None)
        if found is None:
            found = list(root.consents.order_by("-recorded_at", "-pk"))
        if perms.sees_without_consent(actor(info)):
            return found  # type: ignore[no-any-return]
        return [c for c in found if c.is_active]  # type: ignore[misc]

    @strawberry_django.field(
        prefetch_related=[lambda info: Prefetch("evidence", queryset=models.VettingEvidence.objects.order_by(
            "-on_date", "-pk"), to_attr="graphql_evidence")],
        description="Vetting evidence, newest first: counsellors and ministry staff; empty for anyone else (the "
        "vetting status and rosters say what an agency needs).",
    )
    def vetting_evidence(self, root: models.JobSeeker, info: Info) -> list[VettingEvidenceType]:
        user = actor(info)
        if not perms.can_counsel(user, root):
            return []
        found = getattr(root, "graphql_evidence", None)
        if found is None:
            found = list(root.evidence.order_by("-on_date", "-pk"))
        return found  # type: ignore[no-any-return]

    @strawberry_django.field(
        only=_IDENTIFIERS,
        prefetch_related=[lambda info: Prefetch("profile_views", queryset=models.ProfileView.objects.select_related(
            "organisation").order_by("-viewed_at", "-pk"), to_attr="graphql_profile_views")],
        description="Who outside the owning job centre and the ministry opened the full profile, newest first: "
        "for the owning job centre and ministry staff; empty for anyone else.",
    )
    def access_log(self, root: models.JobSeeker, info: Info) -> list[ProfileViewType]:
        if not perms.sees_identifiers(actor(info), root):
            return []
        views = getattr(root, "graphql_profile_views", None)
        if views is None:
            views = list(root.profile_views.select_related("organisation").order_by("-viewed_at", "-pk"))
        return [ProfileViewType(viewed_at=v.viewed_at, organisation=v.organisation.name if v.organisation_id else "",
                                channel=v.channel) for v in views]


@strawberry.enum(name="DuplicateReason", description="Why a record may be the same person.")
class DuplicateReason(enum.Enum):
    NAME_DOB = "name_dob"
    PHONE = "phone"


@strawberry.type(name="DuplicateCandidate",
                 description="A registered seeker who may be the person being registered: open them with "
                 "`jobSeeker(id)`, merge, or send their `id` in `distinctFrom` to confirm a different person. "
                 "Identifiers are masked unless the record is your job centre's (or you are ministry staff).")
class DuplicateCandidateType:
    id: strawberry.ID
    name_km: str
    name_latin: str
    date_of_birth: datetime.date
    province: ProvinceType
    job_centre: OrganisationType
    national_id: str
    phone: str
    identifiers_masked: bool
    score: float = strawberry.field(description="Name similarity 0–100 (100 for the same phone).")
    reasons: list[DuplicateReason] = strawberry.field(
        description="NAME_DOB: a similar name in either script with the same date of birth; PHONE: the same phone.")

    @classmethod
    def from_candidate(cls, candidate: Candidate, viewer: Any) -> DuplicateCandidateType:
        seeker = candidate.seeker
        shown = selectors.seeker_identifiers(actor=viewer, seeker=seeker)
        return cls(id=strawberry.ID(str(seeker.pk)), name_km=seeker.name_km, name_latin=seeker.name_latin,
                   date_of_birth=seeker.date_of_birth, province=seeker.province,  # type: ignore[arg-type]
                   job_centre=seeker.job_centre, national_id=shown["national_id"],  # type: ignore[arg-type]
                   phone=shown["phone"], identifiers_masked=bool(shown["masked"]), score=float(candidate.score),
                   reasons=[DuplicateReason(r) for r in candidate.reasons])


# Lists read for a whole page of seekers at once when `jobSeekers` is answered from rows (api/fastpath/): each
# field's own source, the one its prefetch reads above.
fastpath.register(JobSeekerType, "experiences", EXPERIENCE_ROWS)
fastpath.register(JobSeekerType, "certifications", CERTIFICATION_ROWS)
fastpath.register(JobSeekerType, "languages", LANGUAGE_ROWS)
fastpath.register(JobSeekerType, "destinations", DESTINATION_ROWS)
fastpath.register(JobSeekerType, "roster_entries", ROSTER_ROWS)


@strawberry.enum(name="RequirementStatus", description="Whether the seeker meets one condition of an agreement.")
class RequirementStatus(enum.Enum):
    MET = "met"
    MISSING = "missing"
    EXPIRED = "expired"
    FAILED = "failed"


@strawberry.type(name="EligibilityRequirement",
                 description="One condition of an agreement (or of the law) and whether the seeker meets it.")
class RequirementType:
    code: str = strawberry.field(description="Stable: `legal_age`, `age`, `identity`, `medical`, `orientation`, "
                                 "`police`, `test:<name>`.")
    clause: str = strawberry.field(description="The agreement article it rests on; empty for the legal minimum age "
                                   "(the law's, not the agreement's).")
    status: RequirementStatus
    basis: str = strawberry.field(description="`law` or `agreement`.")
    message: str = strawberry.field(description="What is met or missing, in the request's language (e.g. \"needs "
                                    "EPS-TOPIK ≥ 80, has 72\").")
    message_en: str
    message_km: str

    @classmethod
    def from_requirement(cls, requirement: Any) -> RequirementType:
        from django.utils import translation

        def rendered(language: str) -> str:
            with translation.override(language):
                return str(requirement.message)

        return cls(code=requirement.code, clause=requirement.clause, status=RequirementStatus(requirement.status),
                   basis=requirement.basis, message=str(requirement.message), message_en=rendered("en"),
                   message_km=rendered("km"))


@strawberry.type(name="AgreementEligibility",
                 description="A seeker's eligibility under an agreement in force, computed from the agreement's own "
                 "terms.")
class EligibilityType:
    agreement: AgreementType
    eligible: bool = strawberry.field(description="Every requirement met.")
    roster_clause: str = strawberry.field(description="The clause that sets the roster's validity.")
    roster_valid_until: datetime.date | None = strawberry.field(
        description="On the agreement's roster until this day; null when not on it.")
    requirements: list[RequirementType]

    @classmethod
    def from_result(cls, result: Any) -> EligibilityType:
        return cls(agreement=result.agreement, eligible=result.eligible,  # type: ignore[arg-type]
                   roster_clause=result.roster_clause or "",
                   roster_valid_until=result.roster_entry.valid_until if result.roster_entry else None,
                   requirements=[RequirementType.from_requirement(r) for r in result.requirements])
