"""How stored codes read on the page: audit actions, changed fields and their values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Role, User
from mou.models import Agreement, AgreementStatus, AgreementVersion, Channel

AUDIT_ACTIONS = {
    "agreement.create": _("Agreement registered"),
    "agreement.amend": _("Agreement amended"),
    "agreement.set_status": _("Agreement status changed"),
    "user.create": _("Account created"),
    "user.set_role": _("Role changed"),
    "user.set_active": _("Account switched on or off"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
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
}

VALUE_LABELS: dict[str, dict[str, Any]] = {
    "status": dict(AgreementStatus.choices),
    "role": dict(Role.choices),
    "channel": dict(Channel.choices),
}

_MODELS = (AgreementVersion, Agreement, User, ApiToken)
LONG_TEXT = 120


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
