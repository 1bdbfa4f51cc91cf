"""How the audit events of agency supervision read."""

from django.utils.translation import gettext_lazy as _

from coordination.agencies.models import AgencyProfile, AgencyStatus, Inspection, InspectionOutcome

AUDIT_ACTIONS = {
    "agency.licence": _("Licence recorded"),
    "agency.set_status": _("Agency status changed"),
    "agency.inspection": _("Inspection recorded"),
}
MODELS = (AgencyProfile, Inspection)
FIELD_LABELS = {
    "licence_number": _("Licence number"),
    "licence_issued_on": _("Licence issued on"),
    "licence_expires_on": _("Licence expires on"),
    "status": _("Status"),
    "status_reason": _("Reason for the status"),
    "inspected_on": _("Inspected on"),
    "inspector": _("Inspector"),
    "outcome": _("Outcome"),
    "findings": _("Findings"),
}
VALUE_LABELS = {
    "status": dict(AgencyStatus.choices),
    "outcome": dict(InspectionOutcome.choices),
}
