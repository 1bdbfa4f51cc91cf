"""Demand's allocation uses the one definition: a suspended, revoked or expired agency gets no new
allocation and drops out of the agencies a reviewer can choose, at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from coordination.agencies.models import AgencyStatus
from demand.models import LetterStatus
from demand.selectors import licensed_agency_list
from demand.services import letter_allocate
from tests.coordination.agencies.helpers import expire, license, set_status


@pytest.mark.parametrize("how", ["suspended", "revoked", "expired"])
def test_a_paused_agency_gets_no_new_allocation(how: str, users: dict[str, Any], letter_in: Any,
                                                 other_agency: Any, no_screening: Any) -> None:
    letter = letter_in(LetterStatus.APPROVED)
    if how == "expired":
        expire(other_agency)
    else:
        set_status(users, other_agency, how)
    reviewer = users["ministry_reviewer"]
    assert other_agency not in licensed_agency_list(actor=reviewer)
    assert users["agency"].organisation in licensed_agency_list(actor=reviewer)
    with pytest.raises(ValidationError) as exc:
        letter_allocate(actor=reviewer, letter=letter, allocations=[(other_agency, 1)])
    message = exc.value.message_dict["allocations[0].agency"][0]
    assert "is not a licensed, active agency" in message
    assert ("expired on" if how == "expired" else how) in message
    letter_allocate(actor=reviewer, letter=letter, allocations=[(users["agency"].organisation, 1)])


def test_a_restored_agency_gets_allocations_again(users: dict[str, Any], letter_in: Any, other_agency: Any,
                                                  no_screening: Any) -> None:
    letter = letter_in(LetterStatus.APPROVED)
    license(users, other_agency)
    set_status(users, other_agency, AgencyStatus.SUSPENDED)
    set_status(users, other_agency, AgencyStatus.ACTIVE, reason="Refunds paid")
    letter = letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(other_agency, 1)])
    assert letter.allocations.get().agency == other_agency
