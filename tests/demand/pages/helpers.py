"""Plain helpers of the demand page tests (the positions and letters themselves are tests/demand/helpers.py's)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from demand import services
from demand.models import DemandLetter
from tests.demand.factories import make_employer_profile
from tests.demand.helpers import kr_position, letter_data

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def accredit_employers(users: dict[str, Any]) -> None:
    """Both demo employers with an accredited profile (Thai: garments, division 14; Korean: C)."""
    make_employer_profile(users["employer_th"].organisation, sector="14")
    make_employer_profile(users["employer_kr"].organisation, sector="C")


def pdf_upload(name: str = "letter.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def kr_letter(setup: dict[str, Any], status: str = "submitted", **position: Any) -> DemandLetter:
    """A Korean letter brought to `status` through the services."""
    users = setup["users"]
    reviewer = users["ministry_reviewer"]
    position.setdefault("workers", 12)
    letter = services.letter_create(actor=users["employer_kr"], agreement=setup["agreements"]["KR"],
                                    data=letter_data([kr_position(**position)]))
    steps = {"draft": [], "submitted": ["submit"], "under_review": ["submit", "start_review"],
             "approved": ["submit", "start_review", "approve"],
             "allocated": ["submit", "start_review", "approve", "allocate"]}[status]
    for step in steps:
        if step == "submit":
            letter = services.letter_submit(actor=users["employer_kr"], letter=letter)
        elif step == "allocate":
            letter = services.letter_allocate(actor=reviewer, letter=letter,
                                              allocations=[(users["agency"].organisation, 4)])
        else:
            letter = getattr(services, f"letter_{step}")(actor=reviewer, letter=letter)
    assert letter.status == status
    return letter
