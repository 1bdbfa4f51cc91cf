"""How the audit events of demand letters, allocations and employers read."""

from django.utils.translation import gettext_lazy as _

from demand.models import (
    Accreditation,
    Allocation,
    AttachmentKind,
    AttestationStatus,
    DemandLetter,
    EmployerProfile,
    LetterStatus,
)

AUDIT_ACTIONS = {
    "letter.create": _("Draft created"),
    "letter.update": _("Changes saved"),
    "letter.attach": _("Document attached"),
    "letter.submit": _("Submitted for review"),
    "letter.resubmit": _("Resubmitted for review"),
    "letter.attest": _("Attested by the labour attaché"),
    "letter.refuse_attestation": _("Attestation refused"),
    "letter.attachment_remove": _("Document removed"),
    "letter.start_review": _("Review started"),
    "letter.return": _("Returned for changes"),
    "letter.approve": _("Approved"),
    "letter.reject": _("Rejected"),
    "letter.allocate": _("Allocated to agencies"),
    "letter.start_recruiting": _("Recruiting started"),
    "letter.fill": _("Marked filled"),
    "letter.close": _("Closed"),
    "letter.expire": _("Expired"),
    "letter.revoke": _("Approval revoked"),
    "allocation.set_filled": _("Filled positions recorded"),
    "employer_profile.create": _("Employer profile created"),
    "employer_profile.update": _("Employer profile changed"),
    "employer.set_accreditation": _("Accreditation changed"),
}
JOB_KINDS = {"demand.import_positions": _("Import of positions")}
MODELS = (DemandLetter, EmployerProfile, Allocation)
FIELD_LABELS = {
    "positions": _("Positions"),
    "workers": _("Workers"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "attestation_date": _("Attested on"),
    "attestation_officer": _("Attesting officer"),
    "review_due": _("Review due by"),
    "attestation_status": _("Attestation"),
    "warnings": _("Warnings"),
    "quota": _("Drawn from the quota"),
    "allocations": _("Positions allocated now"),
    "allocated": _("Positions allocated in all"),
    "filled": _("Positions filled"),
    "returned_to_quota": _("Returned to the quota"),
    "attachment": _("Document"),
    "kind": _("Kind"),
    "content_type": _("File type"),
    "size": _("Size (bytes)"),
    "agency": _("Agency"),
    "accreditation": _("Accreditation"),
    "accredited_until": _("Accredited until"),
    "banned_until": _("Banned until"),
    "legal_name": _("Legal name"),
    "registration_number": _("Registration number"),
    "address": _("Address"),
    "sector": _("Sector"),
    "contact_name": _("Contact person"),
    "contact_email": _("Contact e-mail"),
    "contact_phone": _("Contact phone"),
    "organisation": _("Organisation"),
}
VALUE_LABELS = {
    "status": dict(LetterStatus.choices),
    "accreditation": dict(Accreditation.choices),
    "kind": dict(AttachmentKind.choices),
    "attestation_status": dict(AttestationStatus.choices),
}
