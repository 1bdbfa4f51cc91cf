"""GraphQL enums for demand: strawberry registers the model's choices classes themselves, so values read
from the database map straight onto enum names (e.g. `under_review` → UNDER_REVIEW)."""

from __future__ import annotations

import enum

import strawberry

from demand.models import Accreditation, AttachmentKind, AttestationStatus, LetterStatus, Severity, Sex

strawberry.enum(Accreditation, name="Accreditation", description="An employer's standing with the ministry.")
strawberry.enum(LetterStatus, name="DemandLetterStatus")
strawberry.enum(Severity, name="FindingSeverity", description="A BLOCKER prevents submission; a WARNING is for "
                "the reviewer.")
strawberry.enum(Sex, name="RequiredSex")
strawberry.enum(AttachmentKind, name="AttachmentKind")
strawberry.enum(AttestationStatus, name="AttestationStatus",
                description="The labour attaché's attestation of a letter, where the agreement requires it before "
                "review: REQUESTED at submission, then ATTESTED or REFUSED.")


@strawberry.enum(name="ReviewDecision", description="What a reviewer decides on a submitted letter, in one step.")
class ReviewDecision(enum.Enum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


@strawberry.enum(
    name="DemandLetterOrder",
    description="OLDEST (or NEWEST) submission first, letters not yet submitted last; DUE: earliest review "
    "deadline first; REFERENCE: by reference number.",
)
class DemandLetterOrder(enum.Enum):
    OLDEST = "oldest"
    NEWEST = "newest"
    DUE = "due"
    REFERENCE = "reference"


__all__ = [
    "Accreditation", "AttachmentKind", "AttestationStatus", "DemandLetterOrder", "LetterStatus", "ReviewDecision",
    "Severity", "Sex",
]
