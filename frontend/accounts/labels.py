"""How the audit events of accounts, organisations and API tokens read."""

from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Organisation, OrganisationKind, Role, User

AUDIT_ACTIONS = {
    "user.create": _("Account created"),
    "organisation.create": _("Organisation registered"),
    "organisation.update": _("Organisation changed"),
    "user.set_role": _("Role changed"),
    "user.set_active": _("Account switched on or off"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
}
MODELS = (User, ApiToken, Organisation)
FIELD_LABELS = {
    "active": _("Active"),
    "revoked": _("Revoked"),
    "organisation": _("Organisation"),
}
VALUE_LABELS = {
    "role": dict(Role.choices),
    "kind": dict(OrganisationKind.choices),
}
