"""GraphQL enums for job seekers: strawberry registers the model's choices classes themselves, so values read
from the database map straight onto enum names (e.g. `upper_secondary` → UPPER_SECONDARY)."""

from __future__ import annotations

import strawberry

from coordination.jobseekers.models import (
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

strawberry.enum(Sex, name="Sex", description="Kept for statistics and fairness audits only; never used in matching.")
strawberry.enum(EducationLevel, name="EducationLevel")
strawberry.enum(PassportStatus, name="PassportStatus", description="The passport is held by the worker.")
strawberry.enum(SeekerStatus, name="JobSeekerStatus", description="MERGED: the record was merged into another.")
strawberry.enum(VettingStatus, name="VettingStatus")
strawberry.enum(LanguageTest, name="LanguageTest")
strawberry.enum(EvidenceKind, name="EvidenceKind")
strawberry.enum(EvidenceResult, name="EvidenceResult")
strawberry.enum(RosterStatus, name="RosterStatus")

__all__ = ["EducationLevel", "EvidenceKind", "EvidenceResult", "LanguageTest", "PassportStatus", "RosterStatus",
           "SeekerStatus", "Sex", "VettingStatus"]
