"""`agencies` and the agency mutations, per role: the ministry sees and manages every agency; an agency's staff
see their own and manage nothing; everyone else sees none."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coordination.agencies.models import AgencyProfile, AgencyStatus
from tests.api.helpers import run

AGENCIES = """{ agencies(first: 50) { totalCount edges { node {
  id name licenceNumber status statusReason licenceIssuedOn licenceExpiresOn licensed licenceProblem
  ranking { score tier reasons computedAt }
  inspections { inspectedOn inspector findings outcome }
  statusHistory { statusFrom statusTo reason changedAt } } } } }"""
SET_STATUS = """mutation($id: ID!, $status: AgencyStatus!, $reason: String!) {
  agencySetStatus(agencyId: $id, status: $status, reason: $reason) {
    agency { status licensed licenceProblem } errors { field code message } } }"""
SET_LICENCE = """mutation($id: ID!, $n: String!, $i: Date!, $e: Date!) {
  agencySetLicence(agencyId: $id, licenceNumber: $n, issuedOn: $i, expiresOn: $e) {
    agency { licenceNumber licenceExpiresOn } errors { field code message } } }"""
INSPECT = """mutation($id: ID!, $d: Date!) {
  agencyRecordInspection(agencyId: $id, inspectedOn: $d, inspector: "Keo Dara", findings: "Fine", outcome: MINOR) {
    inspection { outcome } agency { ranking { score } } errors { field code message } } }"""

MINISTRY = ["admin", "ministry_admin", "ministry_reviewer"]
OTHERS = ["employer_th", "counsellor", "attache", "no_org"]


@pytest.mark.parametrize("role", MINISTRY + ["agency"] + OTHERS)
def test_agencies_by_role(role: str, as_user: Any, supervised: dict[str, Any]) -> None:
    body = run(as_user(role), AGENCIES)
    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["agencies"]["edges"]]
    names = sorted(n["name"] for n in nodes)
    if role in MINISTRY:
        assert names == ["Angkor Manpower Recruitment (demo)", "Bayon Overseas (test)"]
        other = next(n for n in nodes if n["name"] == "Bayon Overseas (test)")
        assert (other["status"], other["licensed"], other["statusReason"]) == ("SUSPENDED", False, "Fees above the cap")
        assert "suspended" in other["licenceProblem"]
        assert other["ranking"]["tier"] == "C" and other["inspections"][0]["outcome"] == "MAJOR"
        assert other["statusHistory"][0]["statusTo"] == "SUSPENDED"
    elif role == "agency":
        assert names == ["Angkor Manpower Recruitment (demo)"]
        assert nodes[0]["licensed"] is True and nodes[0]["licenceProblem"] is None
    else:
        assert names == []


def test_anonymous_is_refused(as_user: Any, supervised: dict[str, Any]) -> None:
    body = run(as_user("anonymous"), AGENCIES)
    assert body["data"]["agencies"] is None and body["errors"]


@pytest.mark.parametrize("role", MINISTRY + ["agency"] + OTHERS + ["anonymous"])
def test_mutations_by_role(role: str, as_user: Any, supervised: dict[str, Any]) -> None:
    client = as_user(role)
    demo = supervised["demo"]
    today = timezone.localdate()
    status = run(client, SET_STATUS, {"id": str(demo.pk), "status": "REVOKED", "reason": "Forged contracts"})
    licence = run(client, SET_LICENCE, {"id": str(demo.pk), "n": "LIC-NEW", "i": today.isoformat(),
                                        "e": (today + datetime.timedelta(days=30)).isoformat()})
    inspect = run(client, INSPECT, {"id": str(demo.pk), "d": today.isoformat()})
    payloads = [status["data"]["agencySetStatus"], licence["data"]["agencySetLicence"],
                inspect["data"]["agencyRecordInspection"]]
    if role in MINISTRY:
        assert all(p["errors"] == [] for p in payloads), payloads
        assert payloads[0]["agency"] == {"status": "REVOKED", "licensed": False,
                                         "licenceProblem": "The agency's licence is revoked: Forged contracts"}
        assert payloads[1]["agency"]["licenceNumber"] == "LIC-NEW"
        assert payloads[2]["inspection"]["outcome"] == "MINOR"
    else:
        codes = {p["errors"][0]["code"] for p in payloads}
        expected = {"unauthenticated"} if role == "anonymous" else (
            {"permission_denied"} if role == "agency" else {"not_found"})
        assert codes == expected, payloads
        assert AgencyProfile.objects.get(organisation=demo).status == AgencyStatus.ACTIVE


def test_mutation_errors_name_the_fields(as_user: Any, supervised: dict[str, Any]) -> None:
    client = as_user("ministry_admin")
    today = timezone.localdate()
    body = run(client, SET_LICENCE, {"id": str(supervised["demo"].pk), "n": " ", "i": today.isoformat(),
                                     "e": today.isoformat()})
    fields = {e["field"] for e in body["data"]["agencySetLicence"]["errors"]}
    assert fields == {"licenceNumber", "expiresOn"}
    body = run(client, SET_STATUS, {"id": "१२", "status": "ACTIVE", "reason": "x"})
    assert body["data"]["agencySetStatus"]["errors"][0]["code"] == "not_found"
    body = run(client, SET_STATUS, {"id": str(supervised["users"]["employer_th"].organisation_id),
                                    "status": "ACTIVE", "reason": "x"})
    assert body["data"]["agencySetStatus"]["errors"][0]["field"] == "agencyId"


def test_a_licence_number_another_agency_holds_is_a_field_error(as_user: Any, supervised: dict[str, Any]) -> None:
    from accounts.models import Organisation

    demo, other = supervised["demo"], supervised["other"]
    number_before = Organisation.objects.get(pk=demo.pk).licence_number
    today = timezone.localdate()
    body = run(as_user("ministry_admin"), SET_LICENCE, {"id": str(demo.pk), "n": "Lic-57", "i": today.isoformat(),
                                                        "e": (today + datetime.timedelta(days=30)).isoformat()})
    payload = body["data"]["agencySetLicence"]
    assert payload["agency"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("licenceNumber", "invalid")]
    assert payload["errors"][0]["message"] == (f"Licence number LIC-57 is already held by {other.name}: each agency "
                                               "has a licence of its own. Check the number on the licence.")
    assert Organisation.objects.get(pk=demo.pk).licence_number == number_before
