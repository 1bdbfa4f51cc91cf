"""The event mutations' answers: errors name their fields (list positions as `letters[0]`), the status follows
the transition table, a cancellation needs a reason, and the filters of `matchingEvents` keep what they say."""

from __future__ import annotations

import datetime
from typing import Any

from coordination.events.models import CounsellingNote
from tests.api.helpers import run
from tests.coordination.events.graphql.test_permissions import CREATE, NOTE, SET_STATUS, UPDATE, event_input
from tests.coordination.jobseekers.helpers import register


def _fields(payload: dict[str, Any]) -> set[str]:
    return {e["field"] for e in payload["errors"]}


def test_create_reports_every_field(as_user: Any, event: Any) -> None:
    body = run(as_user("counsellor"), CREATE, {"input": event_input(
        event, title=" ", venue="", province="KH-99", date="2099-01-01", letters=["x", "99999"], staff=["1_0"])})
    payload = body["data"]["matchingEventCreate"]
    assert payload["event"] is None
    assert _fields(payload) >= {"title", "venue", "province", "date", "letters[0]", "staff[0]"}, payload
    assert all(e["code"] == "invalid" and e["message"] for e in payload["errors"])


def test_status_transitions_and_cancel_reason(as_user: Any, event: Any) -> None:
    client = as_user("counsellor")
    eid = str(event.pk)
    body = run(client, SET_STATUS, {"id": eid, "s": "CLOSED", "r": ""})
    assert _fields(body["data"]["matchingEventSetStatus"]) == {"status"}
    body = run(client, SET_STATUS, {"id": eid, "s": "CANCELLED", "r": " "})
    assert _fields(body["data"]["matchingEventSetStatus"]) == {"reason"}
    body = run(client, SET_STATUS, {"id": eid, "s": "CANCELLED", "r": "Flooding"})
    assert body["data"]["matchingEventSetStatus"] == {"event": {"status": "CANCELLED"}, "errors": []}
    body = run(client, UPDATE, {"id": eid, "input": event_input(event, title="Too late")})
    assert _fields(body["data"]["matchingEventUpdate"]) == {"status"}


def test_note_needs_an_attendee_and_ids_must_exist(as_user: Any, users: dict[str, Any], event: Any) -> None:
    client = as_user("counsellor")
    stranger = register(users["counsellor"], name_latin="Chan Sophea", name_km="ចាន់ សោភា", national_id="123456789",
                     phone="", date_of_birth=datetime.date(1995, 2, 3))
    body = run(client, NOTE, {"id": str(event.pk), "seeker": str(stranger.pk)})
    assert _fields(body["data"]["matchingEventAddNote"]) == {"seeker"}
    assert not CounsellingNote.objects.exists()
    body = run(client, NOTE, {"id": "१२", "seeker": str(stranger.pk)})
    assert body["data"]["matchingEventAddNote"]["errors"][0] == {
        "field": "eventId", "code": "not_found", "message": "That job-matching event does not exist."}
    body = run(client, NOTE, {"id": str(event.pk), "seeker": "99999"})
    assert body["data"]["matchingEventAddNote"]["errors"][0]["field"] == "seekerId"


def test_filters(as_user: Any, users: dict[str, Any], agreements: dict[str, Any], event: Any) -> None:
    from coordination.events.services import event_set_status
    from tests.coordination.events.helpers import make_event

    later = make_event(users, agreements, title="Fair in Siem Reap", province="KH-17",
                       date=event.date + datetime.timedelta(days=20))
    event_set_status(actor=users["counsellor"], event=later, status="open", today=later.date)
    query = """query($p: String, $f: Date, $t: Date, $s: MatchingEventStatus) {
      matchingEvents(first: 10, province: $p, dateFrom: $f, dateTo: $t, status: $s) { edges { node { title } } } }"""
    client = as_user("ministry_reviewer")

    def titles(**variables: Any) -> list[str]:
        body = run(client, query, variables)
        assert "errors" not in body, body
        return [e["node"]["title"] for e in body["data"]["matchingEvents"]["edges"]]

    assert titles() == ["Fair in Siem Reap", "Job fair in Kampong Cham"]
    assert titles(p="17") == titles(p="KH-17") == ["Fair in Siem Reap"]
    assert titles(s="PLANNED") == ["Job fair in Kampong Cham"]
    assert titles(f=later.date.isoformat()) == ["Fair in Siem Reap"]
    assert titles(t=event.date.isoformat()) == ["Job fair in Kampong Cham"]
    assert titles(p="KH-99") == []


def test_forged_input_from_a_counsellor_is_answered(as_user: Any, event: Any) -> None:
    """The fuzz run signs in as ministry and employer staff, who are refused before the input is read: the
    counsellor's path gets forged ids, other scripts' digits and far dates here."""
    client = as_user("counsellor")
    big = "9" * 23
    body = run(client, CREATE, {"input": event_input(
        event, date="9999-12-31", province="0" * 40, employers=[big, "१२"], letters=["-5"], staff=["0", big])})
    assert "errors" not in body, body
    fields = _fields(body["data"]["matchingEventCreate"])
    assert fields >= {"date", "province", "employers[0]", "employers[1]", "letters[0]", "staff[0]", "staff[1]"}
    body = run(client, UPDATE, {"id": big, "input": event_input(event)})
    assert body["data"]["matchingEventUpdate"]["errors"][0]["code"] == "not_found"
