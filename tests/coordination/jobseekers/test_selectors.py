"""Reads of job seekers: the identifiers as each role may see them (the one function both doors call)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Organisation, OrganisationKind, Role, User
from coordination.jobseekers.selectors import SENSITIVE_IDENTIFIERS, seeker_identifiers
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db

FULL = {"national_id": "010203040", "phone": "+85512345678", "passport_number": "N1234567", "masked": False}
MASKED = {"national_id": "•••••3040", "phone": "+855 ••• ••• 678", "passport_number": "••••4567", "masked": True}


@pytest.fixture
def seeker(users: dict[str, Any]) -> Any:
    return register(users["counsellor"], passport_status="issued", passport_number="N1234567",
                    passport_expiry=datetime.date(2031, 1, 1))


def other_counsellor(users: dict[str, Any]) -> Any:
    centre = Organisation.objects.create(name="Job centre Siem Reap", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("counsellor.sr", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


@pytest.mark.parametrize(("role", "expected"), [
    ("counsellor", FULL), ("ministry_admin", FULL), ("ministry_reviewer", FULL), ("admin", FULL),
    ("agency", MASKED), ("employer_kr", MASKED), ("attache", MASKED), ("other_counsellor", MASKED),
])
def test_identifiers_by_role(users: dict[str, Any], seeker: Any, role: str, expected: dict[str, Any]) -> None:
    actor = other_counsellor(users) if role == "other_counsellor" else users[role]
    assert seeker_identifiers(actor=actor, seeker=seeker) == expected


def test_every_sensitive_identifier_is_masked() -> None:
    """A field added to SENSITIVE_IDENTIFIERS comes with a mask that hides most of it."""
    assert set(SENSITIVE_IDENTIFIERS) == {"national_id", "phone", "passport_number"}
    for mask in SENSITIVE_IDENTIFIERS.values():
        assert mask("") == ""
        assert "45678" not in mask("+85512345678")


@pytest.mark.parametrize(("role", "finds"), [
    ("counsellor", True), ("ministry_reviewer", True), ("other_counsellor", True), ("agency", False),
    ("employer_kr", False), ("attache", False),
])
def test_seeker_list_answers_a_national_id_only_to_those_who_may_search_by_it(
        users: dict[str, Any], agreements: dict[str, Any], role: str, finds: bool) -> None:
    """The seeker is in the agency's scope (on a roster, shared with agencies): its search by the number still
    finds nothing, since the number is masked for it."""
    from coordination.jobseekers.selectors import seeker_list, seeker_scope
    from tests.coordination.jobseekers.helpers import put_on_roster

    seeker = register(users["counsellor"])
    put_on_roster(seeker, agreements["KR"], users["counsellor"])
    actor = other_counsellor(users) if role == "other_counsellor" else users[role]
    assert list(seeker_list(actor=actor, search="010203040")) == ([seeker] if finds else [])
    if role == "agency":
        assert list(seeker_scope(actor)) == [seeker]
        assert list(seeker_list(actor=actor, search="Sok Dara")) == [seeker]
