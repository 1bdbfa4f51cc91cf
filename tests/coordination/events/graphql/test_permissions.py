"""`matchingEvents` and the event mutations, per role: the ministry sees every event and changes none; the
organising job centre's counsellor sees and works at it; everyone else sees none and is told the event does not
exist."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from coordination.events.models import Attendance, CounsellingNote, EventStatus, MatchingEvent
from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import register

EVENTS = """{ matchingEvents(first: 50) { totalCount edges { node {
  id title date venue status notes province { code } jobCentre { name } employers { name }
  letters { id reference } staffCount attendeeCount registeredCount checkedInCount } } } }"""
UPDATE = """mutation($id: ID!, $input: MatchingEventInput!) { matchingEventUpdate(eventId: $id, input: $input) {
  event { title } errors { field code message } } }"""
SET_STATUS = """mutation($id: ID!, $s: MatchingEventStatus!, $r: String!) {
  matchingEventSetStatus(eventId: $id, status: $s, reason: $r) { event { status } errors { field code message } } }"""
PRE_REGISTER = """mutation($id: ID!, $seeker: ID!) { matchingEventPreRegister(eventId: $id, seekerId: $seeker) {
  attendance { seekerId preRegistered } event { attendeeCount } errors { field code message } } }"""
CHECK_IN = """mutation($id: ID!, $seeker: ID!) { matchingEventCheckIn(eventId: $id, seekerId: $seeker) {
  attendance { seekerId checkedInAt } event { checkedInCount } errors { field code message } } }"""
NOTE = """mutation($id: ID!, $seeker: ID!) { matchingEventAddNote(eventId: $id, seekerId: $seeker,
  kind: COUNSELLING, text: "Wants to work in Korea") { note { kind text seekerId } errors { field code message } } }"""
CREATE = """mutation($input: MatchingEventInput!) { matchingEventCreate(input: $input) {
  event { id title status jobCentre { name } province { code } staffCount employers { name } letters { reference } }
  errors { field code message } } }"""

MINISTRY = ["admin", "ministry_admin", "ministry_reviewer"]
OTHERS = ["employer_th", "employer_kr", "agency", "attache"]


def event_input(event: Any, **overrides: Any) -> dict[str, Any]:
    values = {"title": event.title, "date": event.date.isoformat(), "venue": event.venue,
              "province": event.province.code, "employers": [str(o.pk) for o in event.employers.all()],
              "letters": [str(x.pk) for x in event.letters.all()], "staff": [str(u.pk) for u in event.staff.all()]}
    values.update(overrides)
    return values


@pytest.mark.parametrize("role", MINISTRY + ["counsellor"] + OTHERS)
def test_matching_events_by_role(role: str, as_user: Any, users: dict[str, Any], event: Any, attendee: Any
                                 ) -> None:
    body = run(as_user(role), EVENTS)
    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["matchingEvents"]["edges"]]
    if role in MINISTRY + ["counsellor"]:
        assert len(nodes) == 1
        node = nodes[0]
        letter = event.letters.get()
        assert node["id"] == str(event.pk) and node["title"] == "Job fair in Kampong Cham"
        assert (node["status"], node["province"]["code"]) == ("PLANNED", "KH-3")
        assert node["jobCentre"]["name"] == users["counsellor"].organisation.name
        assert node["employers"] == [{"name": users["employer_kr"].organisation.name}]
        assert node["letters"] == [{"id": str(letter.pk), "reference": letter.reference}]
        assert (node["staffCount"], node["attendeeCount"], node["registeredCount"], node["checkedInCount"]) == (
            1, 1, 0, 1)
    else:
        assert nodes == []


def test_anonymous_is_refused(as_user: Any, event: Any) -> None:
    body = run(as_user("anonymous"), EVENTS)
    assert body["data"]["matchingEvents"] is None and body["errors"]


@pytest.mark.parametrize("role", MINISTRY + ["counsellor"] + OTHERS + ["anonymous"])
def test_mutations_by_role(role: str, as_user: Any, users: dict[str, Any], event: Any, attendee: Any) -> None:
    from django.utils import timezone

    from coordination.events.models import MatchingEvent

    MatchingEvent.objects.filter(pk=event.pk).update(date=timezone.localdate())  # an event starts on its day
    event.refresh_from_db()
    client = as_user(role)
    other = register(users["counsellor"], name_latin="Chan Sophea", name_km="ចាន់ សោភា", national_id="123456789",
                     phone="", date_of_birth=datetime.date(1995, 2, 3))
    eid, sid = str(event.pk), str(other.pk)
    payloads = [
        run(client, UPDATE, {"id": eid, "input": event_input(event, title="Renamed fair")})["data"][
            "matchingEventUpdate"],
        run(client, PRE_REGISTER, {"id": eid, "seeker": sid})["data"]["matchingEventPreRegister"],
        run(client, CHECK_IN, {"id": eid, "seeker": sid})["data"]["matchingEventCheckIn"],
        run(client, NOTE, {"id": eid, "seeker": sid})["data"]["matchingEventAddNote"],
        run(client, SET_STATUS, {"id": eid, "s": "OPEN", "r": ""})["data"]["matchingEventSetStatus"],
    ]
    event.refresh_from_db()
    if role == "counsellor":
        assert all(p["errors"] == [] for p in payloads), payloads
        assert payloads[0]["event"]["title"] == "Renamed fair"
        assert payloads[1]["attendance"] == {"seekerId": sid, "preRegistered": True}
        assert payloads[1]["event"]["attendeeCount"] == 2
        assert payloads[2]["attendance"]["checkedInAt"] and payloads[2]["event"]["checkedInCount"] == 2
        assert payloads[3]["note"] == {"kind": "COUNSELLING", "text": "Wants to work in Korea", "seekerId": sid}
        assert payloads[4]["event"]["status"] == "OPEN" and event.status == EventStatus.OPEN
        return
    codes = {p["errors"][0]["code"] for p in payloads}
    if role == "anonymous":
        expected = {"unauthenticated"}
    elif role in MINISTRY:  # they see the event but do not work at it (and may not see the seeker's record)
        expected = {"permission_denied", "not_found"}
    else:
        expected = {"not_found"}
    assert codes <= expected and codes, payloads
    assert (event.title, event.status) == ("Job fair in Kampong Cham", EventStatus.PLANNED)
    assert not Attendance.objects.filter(event=event, seeker=other).exists()
    assert not CounsellingNote.objects.exists()


@pytest.mark.parametrize("role", MINISTRY + ["counsellor"] + OTHERS + ["anonymous"])
def test_create_by_role(role: str, as_user: Any, users: dict[str, Any], event: Any) -> None:
    before = MatchingEvent.objects.count()
    body = run(as_user(role), CREATE, {"input": event_input(event, title="Second fair", staff=[])})
    payload = body["data"]["matchingEventCreate"]
    if role == "counsellor":
        assert payload["errors"] == [], payload
        assert payload["event"]["title"] == "Second fair" and payload["event"]["status"] == "PLANNED"
        assert payload["event"]["jobCentre"]["name"] == users["counsellor"].organisation.name
        assert payload["event"]["staffCount"] == 0
        assert MatchingEvent.objects.count() == before + 1
    else:
        assert payload["event"] is None
        assert payload["errors"][0]["code"] == ("unauthenticated" if role == "anonymous" else "permission_denied")
        assert MatchingEvent.objects.count() == before
