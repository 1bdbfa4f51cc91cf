"""How the agreement registry's audit events read."""

from django.utils.translation import gettext_lazy as _

from mou.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Branch,
    Channel,
    Payer,
    Period,
    PremiumPayer,
    ProtectionKind,
    TestKind,
)

AUDIT_ACTIONS = {
    "agreement.create": _("Agreement registered"),
    "agreement.amend": _("Agreement amended"),
    "agreement.set_status": _("Agreement status changed"),
}
JOB_KINDS = {"mou.export_agreements": _("Export of agreements")}
MODELS = (AgreementVersion, Agreement)
FIELD_LABELS = {
    "version": _("Version"),
    "sectors": _("Sectors covered"),
    "occupations": _("Occupations covered"),
    "wage_floors": _("Minimum wage by sector"),
    "required_tests": _("Required tests"),
    "fee_items": _("Cost items"),
    "protections": _("Protections"),
    "quotas": _("Quotas"),
    "portability_rules": _("Social-security rules"),
}
VALUE_LABELS = {
    "status": dict(AgreementStatus.choices),
    "channel": dict(Channel.choices),
    # The codes inside the lists of terms (the keys of mou.terms' dataclasses), as "<list>.<field>".
    "wage_floors.period": dict(Period.choices),
    "required_tests.kind": dict(TestKind.choices),
    "fee_items.payer": dict(Payer.choices),
    "protections.kind": dict(ProtectionKind.choices),
    "portability_rules.branch": dict(Branch.choices),
    "portability_rules.premium_payer": dict(PremiumPayer.choices),
}
