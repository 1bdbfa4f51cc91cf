"""How the audit events of job seekers read: registration, changes, consent, exports."""

from django.utils.translation import gettext_lazy as _

from coordination.jobseekers.models import (
    Consent,
    EducationLevel,
    EvidenceKind,
    EvidenceResult,
    JobSeeker,
    LanguageTest,
    PassportStatus,
    RosterEntry,
    RosterStatus,
    SeekerStatus,
    Sex,
    VettingEvidence,
    VettingStatus,
)

AUDIT_ACTIONS = {
    "jobseeker.register": _("Job seeker registered"),
    "jobseeker.update": _("Job seeker's record changed"),
    "jobseeker.consent": _("Consent recorded"),
    "jobseeker.consent_withdraw": _("Consent withdrawn"),
    "jobseeker.subject_export": _("The seeker's own data exported for them"),
    "jobseeker.export": _("Personal data exported"),
    "jobseeker.evidence": _("Vetting evidence recorded"),
    "jobseeker.roster_enter": _("Entered on a roster"),
    "jobseeker.roster_renew": _("Roster entry renewed"),
    "jobseeker.roster_remove": _("Removed from a roster"),
    "jobseeker.roster_expire": _("Roster entry expired"),
    "jobseeker.roster_bound": _("Roster entry's end moved to the validity of its evidence"),
    "jobseeker.merge": _("Another record of the same person merged into this one"),
    "jobseeker.merged_into": _("Merged into another record of the same person"),
    "jobseeker.distinct": _("Confirmed a different person from a likely duplicate"),
    "jobseeker.import": _("Job seekers imported from a workbook"),
}
MODELS = (JobSeeker, Consent, VettingEvidence, RosterEntry)
FIELD_LABELS = {
    "province": _("Province"),
    "district": _("District"),
    "national_id_set": _("National ID given"),
    "phone_set": _("Phone given"),
    "matching": _("Matching to vacancies"),
    "agencies": _("Shared with licensed recruitment agencies"),
    "employers": _("Shared with employers once shortlisted"),
    "export": _("What was exported"),
    "people": _("People in it"),
    "clause": _("Clause"),
}
VALUE_LABELS = {
    "sex": dict(Sex.choices),
    "education_level": dict(EducationLevel.choices),
    "passport_status": dict(PassportStatus.choices),
    "status": dict(SeekerStatus.choices) | dict(RosterStatus.choices),
    "vetting_status": dict(VettingStatus.choices),
    "kind": dict(EvidenceKind.choices),
    "result": dict(EvidenceResult.choices),
    "test": dict(LanguageTest.choices),
}
