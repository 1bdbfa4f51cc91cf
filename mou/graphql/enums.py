"""GraphQL enums for the MoU registry's choices: strawberry registers the model's choices classes
themselves, so values read from the database map straight onto enum names (e.g. `in_force` → IN_FORCE)."""

from __future__ import annotations

import strawberry

from mou.models import AgreementStatus, Branch, Channel, Payer, Period, PremiumPayer, ProtectionKind, TestKind

strawberry.enum(Channel, name="Channel", description="How workers are recruited.")
strawberry.enum(AgreementStatus, name="AgreementStatus")
strawberry.enum(Period, name="Period", description="The period a wage is paid for.")
strawberry.enum(Payer, name="Payer")
strawberry.enum(TestKind, name="TestKind")
strawberry.enum(ProtectionKind, name="ProtectionKind")
strawberry.enum(Branch, name="Branch", description="Social-security benefit branch.")
strawberry.enum(PremiumPayer, name="PremiumPayer")

__all__ = ["AgreementStatus", "Branch", "Channel", "Payer", "Period", "PremiumPayer", "ProtectionKind", "TestKind"]
