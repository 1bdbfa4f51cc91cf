"""Who may read and do what with job seekers over GraphQL, role by role: every query field, every field that
depends on who is asking, and every mutation (coordination.jobseekers.permissions is the rule; this is the
matrix). Sok Dara is registered by the demo counsellor's job centre, on the Korean roster, with consent."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from coordination.jobseekers.models import EvidenceKind, ProfileView, VettingEvidence
from tests.api.helpers import ROLES, run
from tests.coordination.jobseekers.graphql.test_mutations import seeker_input

pytestmark = pytest.mark.django_db

REGISTRY = {"admin", "ministry_admin", "ministry_reviewer", "counsellor"}  # the national registry
MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
SIGNED_OUT = {"anonymous", "inactive"}

# How many of the three seekers `jobSeekers` lists, and whether `jobSeeker(Dara)` answers.
LISTED = {**dict.fromkeys(REGISTRY, 3), "agency": 1}
OPENS = REGISTRY | {"agency"}
# The fields that depend on who is asking, for those who can open the profile.
IN_FULL = MINISTRY | {"counsellor"}  # the owning job centre and the ministry
SEES_SEX = REGISTRY
SEES_EVIDENCE = REGISTRY
LOGGED = {"agency"}  # opening the profile goes in the access log
# Mutations: "ok", "permission_denied", "not_found" (the seeker is not visible) or "unauthenticated".
REGISTER = {"counsellor": "ok"}
UPDATE = {"counsellor": "ok"}
RECORD_CONSENT = {"counsellor": "ok"}
WITHDRAW_CONSENT = {"counsellor": "ok", **dict.fromkeys(MINISTRY, "ok")}

PROFILE = """query($id: ID!) { jobSeeker(id: $id) { nameLatin nationalId phone passportNumber identifiersMasked
  sex vettingEvidence { kind } accessLog { channel } consents { forMatching } } }"""


@pytest.fixture
def dara(seekers: dict[str, Any], users: dict[str, Any]) -> Any:
    seeker = seekers["dara"]
    VettingEvidence.objects.create(seeker=seeker, kind=EvidenceKind.IDENTITY, on_date=datetime.date(2026, 1, 5),
                                   recorded_by=users["counsellor"])
    seeker.passport_number = "N1234567"
    seeker.save(update_fields=["passport_number"])
    return seeker


def _refused(role: str, found: bool) -> str:
    if role in SIGNED_OUT:
        return "unauthenticated"
    return "permission_denied" if found else "not_found"


@pytest.mark.parametrize("role", ROLES)
def test_job_seekers(role: str, as_user: Any, dara: Any) -> None:
    body = run(as_user(role), "{ jobSeekers(first: 10) { totalCount edges { node { id } } } }")
    if role in SIGNED_OUT:
        assert body["data"]["jobSeekers"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        return
    assert "errors" not in body, body["errors"]
    assert body["data"]["jobSeekers"]["totalCount"] == LISTED.get(role, 0)


@pytest.mark.parametrize("role", ROLES)
def test_job_seeker_and_the_fields_that_depend_on_who_asks(role: str, as_user: Any, dara: Any, users: Any) -> None:
    body = run(as_user(role), PROFILE, {"id": dara.pk})
    if role in SIGNED_OUT:
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        return
    seeker = body["data"]["jobSeeker"]
    if role not in OPENS:
        assert seeker is None
        assert not ProfileView.objects.exists()
        return
    assert seeker["nameLatin"] == "Sok Dara"
    full = role in IN_FULL
    assert seeker["identifiersMasked"] is not full
    assert (seeker["nationalId"], seeker["phone"], seeker["passportNumber"]) == (
        ("010203040", "+85512345678", "N1234567") if full else ("•••••3040", "+855 ••• ••• 678", "••••4567"))
    assert seeker["sex"] == ("MALE" if role in SEES_SEX else None)
    assert seeker["vettingEvidence"] == ([{"kind": "IDENTITY"}] if role in SEES_EVIDENCE else [])
    assert seeker["consents"] == [{"forMatching": True}]
    assert ProfileView.objects.filter(viewer=users[role]).count() == (1 if role in LOGGED else 0)
    assert seeker["accessLog"] == ([{"channel": "graphql"}] if role in LOGGED and full else [])


def _outcome(role: str, payload: dict[str, Any], subject: str | None, found: bool) -> None:
    errors = payload["errors"]
    if subject == "ok":
        assert errors == [], errors
    else:
        assert [e["code"] for e in errors] == [_refused(role, found)], errors


@pytest.mark.parametrize("role", ROLES)
def test_register_job_seeker(role: str, as_user: Any, dara: Any) -> None:
    mutation = """mutation($input: JobSeekerInput!) { registerJobSeeker(input: $input) { jobSeeker { id }
      errors { code } } }"""
    body = run(as_user(role), mutation, {"input": seeker_input(nameLatin="Chan Dara", nameKm="", nationalId="77",
                                                               phone="", dateOfBirth="1990-01-01")})
    payload = body["data"]["registerJobSeeker"]
    if REGISTER.get(role) == "ok":
        # "77" is too short: the counsellor reaches the checks, anyone else stops at permission.
        assert [e["code"] for e in payload["errors"]] == ["invalid"]
    else:
        _outcome(role, payload, None, True)


@pytest.mark.parametrize("role", ROLES)
def test_update_job_seeker(role: str, as_user: Any, dara: Any) -> None:
    mutation = """mutation($id: ID!, $input: JobSeekerInput!) { updateJobSeeker(id: $id, input: $input) {
      jobSeeker { id } errors { code } } }"""
    body = run(as_user(role), mutation, {"id": dara.pk, "input": seeker_input(phone="012 999 888")})
    _outcome(role, body["data"]["updateJobSeeker"], UPDATE.get(role), role in OPENS)


@pytest.mark.parametrize("role", ROLES)
def test_record_consent(role: str, as_user: Any, dara: Any) -> None:
    mutation = """mutation($id: ID!) { recordConsent(jobSeekerId: $id, input: {shareWithEmployers: false}) {
      consent { shareWithEmployers } errors { code } } }"""
    body = run(as_user(role), mutation, {"id": dara.pk})
    _outcome(role, body["data"]["recordConsent"], RECORD_CONSENT.get(role), role in OPENS)


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_consent(role: str, as_user: Any, dara: Any) -> None:
    mutation = """mutation($id: ID!) { withdrawConsent(jobSeekerId: $id, reason: "Asked") {
      jobSeeker { consentActive } errors { code } } }"""
    body = run(as_user(role), mutation, {"id": dara.pk})
    _outcome(role, body["data"]["withdrawConsent"], WITHDRAW_CONSENT.get(role), role in OPENS)


READS_ELIGIBILITY = REGISTRY
RECORD_VETTING = {"counsellor": "ok", **dict.fromkeys(MINISTRY, "ok")}


@pytest.mark.parametrize("role", ROLES)
def test_eligibility(role: str, as_user: Any, dara: Any) -> None:
    body = run(as_user(role), "query($id: ID!) { eligibility(jobSeekerId: $id) { eligible } }", {"id": dara.pk})
    if role in SIGNED_OUT:
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        return
    assert len(body["data"]["eligibility"]) == (4 if role in READS_ELIGIBILITY else 0)


@pytest.mark.parametrize("role", ROLES)
def test_record_vetting(role: str, as_user: Any, dara: Any) -> None:
    mutation = """mutation($id: ID!, $on: Date!) { recordVetting(jobSeekerId: $id, input: {kind: POLICE, onDate: $on})
      { evidence { kind } errors { code } } }"""
    body = run(as_user(role), mutation, {"id": dara.pk, "on": datetime.date(2026, 11, 1).isoformat()})
    _outcome(role, body["data"]["recordVetting"], RECORD_VETTING.get(role), role in OPENS)


# Merging and confirming distinct: a counsellor of either record's job centre, or the ministry. Importing: counsellors.
MERGE = {"counsellor": "ok", **dict.fromkeys(MINISTRY, "ok")}
CONFIRM_DISTINCT = MERGE
IMPORT = {"counsellor": "ok"}


@pytest.fixture
def dara_twice(dara: Any, users: dict[str, Any], agreements: dict[str, Any]) -> Any:
    """Dara registered again in Khmer only, without a national ID, and on the roster too (so that the agency sees
    both records, and is refused by the rule, not by not seeing them)."""
    from tests.coordination.jobseekers.helpers import put_on_roster, register

    twin = register(users["counsellor"], name_latin="", national_id="", phone="096 555 4321", distinct_from=[dara.pk])
    put_on_roster(twin, agreements["KR"], users["counsellor"])
    return twin


@pytest.mark.parametrize("role", ROLES)
def test_merge_job_seekers(role: str, as_user: Any, dara: Any, dara_twice: Any) -> None:
    mutation = """mutation($keep: ID!, $merge: ID!) { mergeJobSeekers(keepId: $keep, mergeId: $merge,
      reason: "Same card") { jobSeeker { id } errors { code } } }"""
    body = run(as_user(role), mutation, {"keep": dara.pk, "merge": dara_twice.pk})
    _outcome(role, body["data"]["mergeJobSeekers"], MERGE.get(role), role in OPENS)
    dara_twice.refresh_from_db()
    assert (dara_twice.merged_into_id == dara.pk) is (MERGE.get(role) == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_confirm_distinct_job_seekers(role: str, as_user: Any, dara: Any, dara_twice: Any) -> None:
    from coordination.jobseekers.models import DuplicateDecision

    DuplicateDecision.objects.all().delete()
    mutation = """mutation($a: ID!, $b: ID!) { confirmDistinctJobSeekers(firstId: $a, secondId: $b) {
      confirmed errors { code } } }"""
    body = run(as_user(role), mutation, {"a": dara.pk, "b": dara_twice.pk})
    payload = body["data"]["confirmDistinctJobSeekers"]
    _outcome(role, payload, CONFIRM_DISTINCT.get(role), role in OPENS)
    assert payload["confirmed"] is (CONFIRM_DISTINCT.get(role) == "ok")
    assert DuplicateDecision.objects.exists() is (CONFIRM_DISTINCT.get(role) == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_import_job_seekers(role: str, as_user: Any, dara: Any, settings: Any, tmp_path: Any) -> None:
    from jobs.models import Job
    from tests.coordination.jobseekers.graphql.test_merge import post_upload
    from tests.coordination.jobseekers.import_helpers import fill, person

    settings.MEDIA_ROOT = str(tmp_path)
    response = post_upload(as_user(role), fill([person(1)]))
    assert response.status_code == 200, response.content
    payload = response.json()["data"]["importJobSeekers"]
    _outcome(role, payload, IMPORT.get(role), True)
    assert Job.objects.filter(kind="jobseekers.import").count() == (1 if IMPORT.get(role) == "ok" else 0)


# `jobSeekers(search:)` by the whole national ID: Dara (in the agency's scope, ID masked for it), Sophea (on no
# roster) and Mony (withdrew consent): the registry's own staff find each; anyone else, an agency included, none.
BY_NATIONAL_ID = {"010203040": "Sok Dara", "020304050": "Chan Sophea", "030405060": "Keo Mony"}
SEARCHES_BY_NATIONAL_ID = REGISTRY


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("number", list(BY_NATIONAL_ID))
def test_a_search_by_national_id_reveals_nothing_outside_what_the_role_may_see(role: str, number: str,
                                                                               as_user: Any, dara: Any) -> None:
    body = run(as_user(role), """query($q: String) { jobSeekers(first: 10, search: $q) { totalCount
      edges { node { nameLatin } } } }""", {"q": number})
    if role in SIGNED_OUT:
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        return
    assert "errors" not in body, body["errors"]
    found = [e["node"]["nameLatin"] for e in body["data"]["jobSeekers"]["edges"]]
    assert found == ([BY_NATIONAL_ID[number]] if role in SEARCHES_BY_NATIONAL_ID else [])
    assert body["data"]["jobSeekers"]["totalCount"] == len(found)
    if role == "agency":  # the name still finds the seeker the agency may see
        body = run(as_user(role), '{ jobSeekers(first: 10, search: "Sok Dara") { totalCount } }')
        assert body["data"]["jobSeekers"]["totalCount"] == 1
