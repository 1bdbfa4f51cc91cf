"""`matchingEvents { outcomes attendees }`: the figures and the attendee list as the event page and the attendee
workbook give them, per role: the national ID and phone in full for the seeker's own job centre and the ministry,
masked for a counsellor of another centre; nobody outside events sees any."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from accounts.models import Organisation, OrganisationKind, Role, User
from coordination.events import selectors
from coordination.events.services import attendee_add
from coordination.events.spreadsheets import attendees_workbook
from coordination.jobseekers.services import consent_withdraw
from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import put_on_roster, register

EVENTS = """{ matchingEvents(first: 50) { edges { node { id
  outcomes { attendees registered checkedIn vetted }
  attendees(first: 50) { totalCount edges { node { seekerId nameLatin nameKm displayName sex dateOfBirth
    nationalId phone identifiersMasked consentActive preRegistered registeredHere checkedInAt
    province { code } jobCentre { name } } } } } } } }"""

MINISTRY = ["admin", "ministry_admin", "ministry_reviewer"]
OUTSIDERS = ["employer_th", "employer_kr", "agency", "attache", "no_org"]


def nodes(client: Any) -> list[dict[str, Any]]:
    body = run(client, EVENTS)
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["matchingEvents"]["edges"]]


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> Any:
    centre = Organisation.objects.create(name="Job Centre Battambang", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("counsellor.btb", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


@pytest.mark.parametrize("role", MINISTRY + ["counsellor"])
def test_those_who_see_the_event_see_its_outcomes_and_attendees_in_full(role: str, as_user: Any, event: Any,
                                                                         attendee: Any) -> None:
    [node] = nodes(as_user(role))
    assert node["outcomes"] == {"attendees": 1, "registered": 0, "checkedIn": 1, "vetted": 0}
    assert node["attendees"]["totalCount"] == 1
    row = node["attendees"]["edges"][0]["node"]
    assert row["seekerId"] == str(attendee.pk) and row["nameLatin"] == "Sok Dara" and row["nameKm"] == "សុខ ដារា"
    assert (row["nationalId"], row["phone"], row["identifiersMasked"]) == ("010203040", "+85512345678", False)
    assert row["sex"] == "MALE" and row["dateOfBirth"] == "1998-04-14" and row["consentActive"] is True
    assert row["checkedInAt"] and not row["preRegistered"] and not row["registeredHere"]
    assert row["province"] == {"code": "KH-12"}


def test_a_counsellor_of_another_centre_on_the_staff_sees_identifiers_masked(
        client: Any, event: Any, attendee: Any, other_counsellor: Any) -> None:
    event.staff.add(other_counsellor)
    client.force_login(other_counsellor)
    [node] = nodes(client)
    row = node["attendees"]["edges"][0]["node"]
    assert (row["nationalId"], row["phone"], row["identifiersMasked"]) == ("•••••3040", "+855 ••• ••• 678", True)
    # the same as the attendee workbook the same counsellor exports
    sheet = load_workbook(io.BytesIO(attendees_workbook(actor=other_counsellor, event=event))).active
    assert [sheet.cell(2, 5).value, sheet.cell(2, 6).value] == [row["nationalId"], row["phone"]]


def test_a_counsellor_of_another_centre_not_on_the_staff_sees_no_event(client: Any, event: Any, attendee: Any,
                                                                       other_counsellor: Any) -> None:
    client.force_login(other_counsellor)
    assert nodes(client) == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_one_else_sees_any(role: str, as_user: Any, event: Any, attendee: Any) -> None:
    assert nodes(as_user(role)) == []


def test_anonymous_is_refused(as_user: Any, event: Any, attendee: Any) -> None:
    body = run(as_user("anonymous"), EVENTS)
    assert body["data"]["matchingEvents"] is None and body["errors"]


def test_a_seeker_who_withdrew_consent_is_listed_as_the_page_lists_them(as_user: Any, users: Any, event: Any,
                                                                         attendee: Any) -> None:
    """The circle that sees events (counsellors, the ministry) keeps seeing a seeker who withdrew consent
    (coordination.jobseekers.permissions.sees_without_consent): listed, flagged, as on the page and in the
    workbook; the list reads seekers through seeker_scope, which takes them out of any other view."""
    consent_withdraw(actor=users["counsellor"], seeker=attendee, reason="Found work at home")
    [node] = nodes(as_user("counsellor"))
    rows = [e["node"] for e in node["attendees"]["edges"]]
    assert [(r["seekerId"], r["consentActive"]) for r in rows] == [(str(attendee.pk), False)]
    page = [a.seeker_id for a in selectors.attendance_list(actor=users["counsellor"], event=event)]
    assert page == [attendee.pk]


def test_outcomes_are_the_page_s(as_user: Any, users: Any, agreements: Any, event: Any, attendee: Any) -> None:
    event.date = datetime.date.today()
    event.save()
    other = register(users["counsellor"], name_latin="Chan Sophea", name_km="ចាន់ សោភា", national_id="123456789",
                     phone="", date_of_birth=datetime.date(1995, 2, 3))
    attendee_add(actor=users["counsellor"], event=event, seeker=other)
    put_on_roster(attendee, agreements["KR"], users["counsellor"])
    attendee.vetting_status = "vetted"
    attendee.save()
    [node] = nodes(as_user("ministry_admin"))
    page = selectors.event_outcomes(event=event)
    assert node["outcomes"] == {"attendees": page.attendees, "registered": page.registered,
                                "checkedIn": page.checked_in, "vetted": page.vetted}
    assert node["outcomes"] == {"attendees": 2, "registered": 0, "checkedIn": 1, "vetted": 1}
    order = [e["node"]["seekerId"] for e in node["attendees"]["edges"]]
    assert order == [str(a.seeker_id) for a in selectors.attendance_list(actor=users["ministry_admin"], event=event)]
