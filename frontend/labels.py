"""How stored codes read on the page: audit actions, changed fields and their values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Role, User
from demand.models import Accreditation, AttachmentKind, LetterStatus
from mou.models import Agreement, AgreementStatus, AgreementVersion, Channel

AUDIT_ACTIONS = {
    "agreement.create": _("Agreement registered"),
    "agreement.amend": _("Agreement amended"),
    "agreement.set_status": _("Agreement status changed"),
    "user.create": _("Account created"),
    "organisation.create": _("Organisation registered"),
    "organisation.update": _("Organisation changed"),
    "user.set_role": _("Role changed"),
    "user.set_active": _("Account switched on or off"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    # Demand letters and employers (demand.services)
    "letter.create": _("Draft created"),
    "letter.update": _("Changes saved"),
    "letter.attach": _("Document attached"),
    "letter.submit": _("Submitted for review"),
    "letter.resubmit": _("Resubmitted for review"),
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
    # Notification deliveries (notifications.services)
    "delivery.resend": _("Delivery queued again by hand"),
    "delivery.requeue_stuck": _("Stuck delivery queued again"),
    "delivery.give_up": _("Stuck delivery marked failed"),
}

# Keys in audit before/after that are not model fields.
EXTRA_FIELD_LABELS = {
    "version": _("Version"),
    "sectors": _("Sectors covered"),
    "occupations": _("Occupations covered"),
    "wage_floors": _("Minimum wage by sector"),
    "required_tests": _("Required tests"),
    "fee_items": _("Cost items"),
    "protections": _("Protections"),
    "quotas": _("Quotas"),
    "portability_rules": _("Social-security rules"),
    "active": _("Active"),
    "revoked": _("Revoked"),
    "organisation": _("Organisation"),
    "attempts": _("Attempts"),
    "requeues": _("Re-queued when stuck"),
    "error": _("Error"),
}

VALUE_LABELS: dict[str, dict[str, Any]] = {
    "status": dict(AgreementStatus.choices),
    "role": dict(Role.choices),
    "channel": dict(Channel.choices),
}

_MODELS = (AgreementVersion, Agreement, User, ApiToken)
LONG_TEXT = 120

# Demand letters and employers: the keys their audit events record, and their stored codes.
EXTRA_FIELD_LABELS.update({
    "positions": _("Positions"),
    "workers": _("Workers"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "attestation_date": _("Attested on"),
    "attestation_officer": _("Attesting officer"),
    "review_due": _("Review due by"),
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
})
VALUE_LABELS["status"] = {**dict(LetterStatus.choices), **VALUE_LABELS["status"]}
VALUE_LABELS["accreditation"] = dict(Accreditation.choices)
VALUE_LABELS["kind"] = dict(AttachmentKind.choices)


def audit_action_label(action: str) -> Any:
    return AUDIT_ACTIONS.get(action, action)


def field_label(name: str) -> Any:
    if name in EXTRA_FIELD_LABELS:
        return EXTRA_FIELD_LABELS[name]
    for model in _MODELS:
        try:
            return capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name.replace("_", " ")


def value_lines(value: Any, key: str = "") -> list[str]:
    """A stored value as one or more short lines of text."""
    if isinstance(value, list):
        return [_one(item, key) for item in value] or ["—"]
    return [_one(value, key)]


def _one(value: Any, key: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        return " · ".join(_one(v, k) for k, v in value.items())
    text = str(VALUE_LABELS.get(key, {}).get(value, value))
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"
