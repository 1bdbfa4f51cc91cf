"""A letter's history (demand.selectors.letter_events, letter_events_by_letter, event_who): who sees which
events of which letter, and which name for who did it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from demand import services
from demand.models import LetterStatus
from demand.selectors import event_status, event_who, letter_events, letter_events_by_letter

pytestmark = pytest.mark.django_db

ROLES = ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "counsellor",
         "attache", "no_org", "inactive"]
MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
# The Korean letter, allocated to the demo agency: who sees its history at all.
SEES_KR = MINISTRY | {"employer_kr", "agency"}
MOVES = ["letter.create", "letter.submit", "letter.start_review", "letter.approve", "letter.allocate",
         "letter.allocate"]


@pytest.fixture
def shared(users: dict[str, Any], letter_in: Any, run_action: Any, agency: Any, other_agency: Any) -> Any:
    """A Korean letter allocated to the demo agency (4) and to another agency (3), each with filled positions
    recorded: the demo agency's by its own staff, the other's by the ministry."""
    letter = letter_in("allocated")  # 4 to the demo agency
    letter = run_action(letter, "allocate", allocations=[(other_agency, 3)])
    mine = letter.allocations.get(agency=agency)
    theirs = letter.allocations.get(agency=other_agency)
    services.allocation_set_filled(actor=users["agency"], allocation=mine, filled=2)
    services.allocation_set_filled(actor=users["ministry_reviewer"], allocation=theirs, filled=1)
    return letter


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_events_of_a_letter(users: dict[str, Any], shared: Any, role: str) -> None:
    actions = [e.action for e in letter_events(actor=users[role], letter=shared)]
    if role not in SEES_KR:
        assert actions == []
        return
    # Every move of the letter, oldest first; the filled positions of the other agency only for who sees its
    # allocation (the ministry and the employer), not for the demo agency.
    filled = [(e.after["agency"], e.after["filled"]) for e in letter_events(actor=users[role], letter=shared)
              if e.action == "allocation.set_filled"]
    assert actions[: len(MOVES)] == MOVES
    if role == "agency":
        assert filled == [(users["agency"].organisation.name, 2)]
    else:
        assert filled == [(users["agency"].organisation.name, 2), ("Mekong Manpower (test)", 1)]


def test_anonymous_sees_no_event(shared: Any) -> None:
    assert not letter_events(actor=AnonymousUser(), letter=shared).exists()


def test_an_agency_the_letter_is_not_allocated_to_sees_nothing(users: dict[str, Any], shared: Any,
                                                               other_agency: Any) -> None:
    staff = User.objects.create_user("mekong.staff", password="x-password-123", organisation=other_agency,
                                     role=Role.AGENCY_STAFF)
    seen = [(e.action, e.after.get("agency")) for e in letter_events(actor=staff, letter=shared)
            if e.action == "allocation.set_filled"]
    assert seen == [("allocation.set_filled", "Mekong Manpower (test)")]  # allocated too: its own only
    unallocated = User.objects.create_user("other.staff", password="x-password-123", role=Role.AGENCY_STAFF,
                                           organisation=type(other_agency).objects.create(
                                               name="Not allocated", kind=other_agency.kind,
                                               country=other_agency.country, licence_number="LIC-9"))
    assert not letter_events(actor=unallocated, letter=shared).exists()


def test_who_is_named_as_the_viewer_may_know_it(users: dict[str, Any], shared: Any) -> None:
    approve = next(e for e in letter_events(actor=users["admin"], letter=shared) if e.action == "letter.approve")
    officer = users["ministry_reviewer"]
    name = officer.get_full_name() or officer.username
    assert event_who(approve, users["ministry_admin"]) == name  # ministry staff see the officer
    assert event_who(approve, users["employer_kr"]) == officer.organisation.name  # the employer, the ministry
    assert event_who(approve, users["agency"]) == officer.organisation.name
    create = next(e for e in letter_events(actor=users["admin"], letter=shared) if e.action == "letter.create")
    employer = users["employer_kr"]
    assert event_who(create, employer) == (employer.get_full_name() or employer.username)  # its own colleague
    assert event_who(create, users["agency"]) == employer.organisation.name


def test_event_status_is_the_status_moved_to(users: dict[str, Any], shared: Any) -> None:
    statuses = [(e.action, event_status(e)) for e in letter_events(actor=users["admin"], letter=shared)]
    assert statuses[:4] == [("letter.create", LetterStatus.DRAFT), ("letter.submit", LetterStatus.SUBMITTED),
                            ("letter.start_review", LetterStatus.UNDER_REVIEW),
                            ("letter.approve", LetterStatus.APPROVED)]
    assert ("allocation.set_filled", None) in statuses


def test_many_letters_in_a_constant_number_of_queries(users: dict[str, Any], letter_in: Any) -> None:
    few = [letter_in("allocated")]
    many = [letter_in("allocated") for _ in range(4)] + [letter_in("draft", country="TH")]
    counts = []
    for letters in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            found = letter_events_by_letter(actor=users["agency"], letters=letters)
        counts.append(len(ctx.captured_queries))
        # The agency sees the Korean letters allocated to it, not the Thai draft.
        assert [bool(found[letter.pk]) for letter in letters] == [letter.status == "allocated" for letter in letters]
    assert counts[0] == counts[1] <= 2
