"""`matchingEventRegister`: a new seeker registered at an event and checked in, in one call, through the service
the event page uses (coordination.events.services.attendee_register), per role; errors name the field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Organisation, OrganisationKind, Role, User
from coordination.events.models import Attendance, EventStatus
from coordination.jobseekers.models import Consent, JobSeeker
from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import register

REGISTER = """mutation($id: ID!, $input: JobSeekerInput!, $consent: ConsentInput, $distinct: [ID!]) {
  matchingEventRegister(eventId: $id, input: $input, consent: $consent, distinctFrom: $distinct) {
    attendance { seekerId preRegistered registeredHere checkedInAt }
    jobSeeker { id nameLatin nationalId phone identifiersMasked consentActive jobCentre { name } }
    event { attendeeCount registeredCount checkedInCount }
    duplicates { id nameKm reasons }
    errors { field code message } } }"""

MINISTRY = ["admin", "ministry_admin", "ministry_reviewer"]
OUTSIDERS = ["employer_th", "employer_kr", "agency", "attache", "no_org"]


def seeker_input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"nameLatin": "Chan Sophea", "nameKm": "ចាន់ សោភា", "sex": "FEMALE",
                              "dateOfBirth": "1996-07-21", "nationalId": "123456789", "phone": "097 765 4321",
                              "province": "KH-3", "district": "", "experiences": [{"occupation": "7531", "years": "2"}]}
    values.update(overrides)
    return values


def ask(client: Any, event: Any, consent: Any = None, distinct: Any = None, **overrides: Any) -> dict[str, Any]:
    body = run(client, REGISTER, {"id": str(event.pk), "input": seeker_input(**overrides),
                                  "consent": {} if consent is None else consent, "distinct": distinct})
    assert "errors" not in body, body
    return body["data"]["matchingEventRegister"]


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> Any:
    centre = Organisation.objects.create(name="Job Centre Battambang", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("counsellor.btb", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def test_the_organising_job_centre_registers_and_checks_in(as_user: Any, users: Any, event: Any) -> None:
    payload = ask(as_user("counsellor"), event)
    assert payload["errors"] == [], payload
    seeker = JobSeeker.objects.get()
    assert payload["jobSeeker"]["id"] == str(seeker.pk) and payload["jobSeeker"]["nationalId"] == "123456789"
    assert payload["jobSeeker"]["consentActive"] is True
    assert payload["jobSeeker"]["jobCentre"]["name"] == users["counsellor"].organisation.name
    assert payload["attendance"]["seekerId"] == str(seeker.pk)
    assert payload["attendance"]["registeredHere"] and payload["attendance"]["checkedInAt"]
    assert payload["event"] == {"attendeeCount": 1, "registeredCount": 1, "checkedInCount": 1}
    assert Consent.objects.get(seeker=seeker).for_matching
    assert Attendance.objects.get(event=event, seeker=seeker).registered_here


def test_a_counsellor_of_another_centre_on_the_staff_registers_into_their_own(
        client: Any, users: Any, event: Any, other_counsellor: Any) -> None:
    event.staff.add(other_counsellor)
    client.force_login(other_counsellor)
    payload = ask(client, event)
    assert payload["errors"] == [], payload
    assert payload["jobSeeker"]["jobCentre"]["name"] == "Job Centre Battambang"
    assert JobSeeker.objects.get().job_centre == other_counsellor.organisation


def test_a_counsellor_of_another_centre_not_on_the_staff_is_told_the_event_does_not_exist(
        client: Any, event: Any, other_counsellor: Any) -> None:
    client.force_login(other_counsellor)
    payload = ask(client, event)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("eventId", "not_found")]
    assert not JobSeeker.objects.exists()


@pytest.mark.parametrize("role", MINISTRY + OUTSIDERS + ["anonymous", "inactive"])
def test_no_one_else_registers(role: str, as_user: Any, event: Any) -> None:
    payload = ask(as_user(role), event)
    codes = {e["code"] for e in payload["errors"]}
    if role in ("anonymous", "inactive"):
        assert codes == {"unauthenticated"}
    elif role in MINISTRY:  # they see the event, but work at none
        assert codes == {"permission_denied"}
    else:
        assert codes == {"not_found"}
    assert payload["attendance"] is None and payload["jobSeeker"] is None
    assert not JobSeeker.objects.exists() and not Attendance.objects.exists()


def test_a_national_id_already_registered_is_refused_on_the_field(as_user: Any, users: Any, event: Any) -> None:
    register(users["counsellor"], national_id="123456789")
    payload = ask(as_user("counsellor"), event, nationalId="1234-56789")
    assert [e["field"] for e in payload["errors"]] == ["nationalId"]
    assert "already registered" in payload["errors"][0]["message"]
    assert JobSeeker.objects.count() == 1 and not Attendance.objects.exists()


def test_a_likely_duplicate_is_answered_with_the_candidates_then_confirmed(as_user: Any, users: Any,
                                                                           event: Any) -> None:
    existing = register(users["counsellor"], name_latin="", name_km="ចាន់ សោភា", national_id="", phone="",
                        date_of_birth=datetime.date(1996, 7, 21))
    client = as_user("counsellor")
    payload = ask(client, event)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("duplicates", "likely_duplicate")]
    assert payload["duplicates"] == [{"id": str(existing.pk), "nameKm": "ចាន់ សោភា", "reasons": ["NAME_DOB"]}]
    assert JobSeeker.objects.count() == 1
    payload = ask(client, event, distinct=[str(existing.pk)])
    assert payload["errors"] == [] and JobSeeker.objects.count() == 2
    payload = ask(client, event, distinct=["x"], nationalId="")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("distinctFrom[0]", "not_found")]


def test_without_consent_to_matching_nothing_is_saved_and_every_problem_is_named(as_user: Any,
                                                                                event: Any) -> None:
    body = run(as_user("counsellor"), REGISTER, {"id": str(event.pk), "input": seeker_input(province="KH-99"),
                                                 "consent": None})
    fields = {e["field"] for e in body["data"]["matchingEventRegister"]["errors"]}
    assert fields == {"consent", "province"}
    payload = ask(as_user("counsellor"), event, consent={"forMatching": False, "shareWithAgencies": False,
                                                         "shareWithEmployers": False})
    assert [e["field"] for e in payload["errors"]] == ["consent"]
    assert not JobSeeker.objects.exists()


def test_a_closed_event_refuses_on_status(as_user: Any, event: Any) -> None:
    event.status = EventStatus.CLOSED
    event.save()
    payload = ask(as_user("counsellor"), event)
    assert [e["field"] for e in payload["errors"]] == ["status"]
    assert not JobSeeker.objects.exists()
