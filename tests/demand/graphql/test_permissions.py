"""Who sees and does what with employers and demand letters through /graphql/: one case per role and
operation. The rules are demand.selectors' and demand.permissions'; these tests prove the API applies them."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from demand.models import Accreditation, DemandLetter, EmployerProfile, LetterStatus
from demand.spreadsheets import build_template
from jobs.models import Job
from tests.api.helpers import MANAGERS, NOT_SIGNED_IN, ROLES, error_messages, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."

# A small world: two Korean letters in the employer's hands, one allocated to the demo agency, a Thai draft.
ALL = {"kr_draft", "kr_submitted", "kr_allocated", "th_draft"}
SEES_LETTERS: dict[str, set[str]] = {
    "admin": ALL, "ministry_admin": ALL, "ministry_reviewer": ALL,
    "employer_kr": {"kr_draft", "kr_submitted", "kr_allocated"},
    "employer_th": {"th_draft"},
    "agency": {"kr_allocated"},  # only what is allocated to it
    "counsellor": set(), "attache": set(), "no_org": set(),
}
# Employer profiles: the ministry all; employers their own; an agency the employers of letters allocated to it.
SEES_EMPLOYERS: dict[str, set[str]] = {
    "admin": {"employer_th", "employer_kr"}, "ministry_admin": {"employer_th", "employer_kr"},
    "ministry_reviewer": {"employer_th", "employer_kr"},
    "employer_th": {"employer_th"}, "employer_kr": {"employer_kr"}, "agency": {"employer_kr"},
    "counsellor": set(), "attache": set(), "no_org": set(),
}


@pytest.fixture
def letters(letter_in: Any) -> dict[str, DemandLetter]:
    return {
        "kr_draft": letter_in("draft"),
        "kr_submitted": letter_in("submitted"),
        "kr_allocated": letter_in("allocated"),
        "th_draft": letter_in("draft", country="TH"),
    }


def _refused_query(body: dict[str, Any], field: str) -> None:
    assert body["data"][field] is None
    assert error_messages(body) == [UNAUTHENTICATED]
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# ---------------------------------------------------------------------------------------------------
# Queries


@pytest.mark.parametrize("role", ROLES)
def test_demand_letters(role: str, as_user: Any, letters: dict[str, DemandLetter]) -> None:
    body = run(as_user(role), "{ demandLetters { totalCount edges { node { id reference } } } }")
    if role in NOT_SIGNED_IN:
        return _refused_query(body, "demandLetters")
    names = {str(letter.pk): name for name, letter in letters.items()}
    seen = {names[e["node"]["id"]] for e in body["data"]["demandLetters"]["edges"]}
    assert seen == SEES_LETTERS[role]
    assert body["data"]["demandLetters"]["totalCount"] == len(seen)


@pytest.mark.parametrize("role", ROLES)
def test_demand_letter_by_id(role: str, as_user: Any, letters: dict[str, DemandLetter]) -> None:
    client = as_user(role)
    for name, letter in letters.items():
        body = run(client, "query($id: ID!) { demandLetter(id: $id) { reference } }", {"id": letter.pk})
        if role in NOT_SIGNED_IN:
            _refused_query(body, "demandLetter")
        elif name in SEES_LETTERS[role]:
            assert body == {"data": {"demandLetter": {"reference": letter.reference}}}, name
        else:  # indistinguishable from a letter that does not exist
            assert body == {"data": {"demandLetter": None}}, name


@pytest.mark.parametrize("role", ROLES)
def test_review_queue_only_for_ministry(role: str, as_user: Any, letters: dict[str, DemandLetter]) -> None:
    body = run(as_user(role), "{ reviewQueue { totalCount edges { node { id status } } } }")
    if role in NOT_SIGNED_IN:
        return _refused_query(body, "reviewQueue")
    queue = body["data"]["reviewQueue"]
    if role in MANAGERS:
        assert queue["edges"] == [{"node": {"id": str(letters["kr_submitted"].pk), "status": "SUBMITTED"}}]
    else:
        assert queue == {"totalCount": 0, "edges": []}


@pytest.mark.parametrize("role", ROLES)
def test_employers(role: str, as_user: Any, users: dict[str, Any], letters: dict[str, DemandLetter]) -> None:
    body = run(as_user(role), "{ employers { totalCount edges { node { legalName organisation { id } } } } }")
    if role in NOT_SIGNED_IN:
        return _refused_query(body, "employers")
    by_org = {str(users[r].organisation_id): r for r in ("employer_th", "employer_kr")}
    seen = {by_org[e["node"]["organisation"]["id"]] for e in body["data"]["employers"]["edges"]}
    assert seen == SEES_EMPLOYERS[role]


@pytest.mark.parametrize("role", ROLES)
def test_quota_usage_only_for_ministry(role: str, as_user: Any, agreements: dict[str, Any],
                                       letters: dict[str, DemandLetter]) -> None:
    query = """query($id: ID!) { quotaUsage(agreementId: $id) {
      sectorCode occupationCode occupationTitle clause cap approved allocated used remaining } }"""
    body = run(as_user(role), query, {"id": agreements["KR"].pk})
    if role in NOT_SIGNED_IN:
        return _refused_query(body, "quotaUsage")
    lines = body["data"]["quotaUsage"]
    if role in MANAGERS:
        manufacturing = next(line for line in lines if line["sectorCode"] == "C")
        assert manufacturing["approved"] == 10 and manufacturing["allocated"] == 4 and manufacturing["used"] == 0
        assert manufacturing["remaining"] == manufacturing["cap"] - 10
        assert manufacturing["occupationCode"] is None and manufacturing["clause"] == "Annual quota letter"
    elif role == "employer_kr":  # the agreement's country: the cap and what remains (quota_figures)
        manufacturing = next(line for line in lines if line["sectorCode"] == "C")
        assert manufacturing["remaining"] == manufacturing["cap"] - 10
        assert all(line[k] is None for line in lines for k in ("approved", "allocated", "used"))
    else:
        assert lines == []


# ---------------------------------------------------------------------------------------------------
# Mutations: the outcome per role is "ok" or the error code of the one FieldError returned.


def _outcome(payload: dict[str, Any]) -> str:
    if not payload["errors"]:
        return "ok"
    assert len(payload["errors"]) == 1, payload["errors"]
    return payload["errors"][0]["code"]


def _expected(role: str, *, allowed: set[str], visible: set[str]) -> str:
    """ok for who may act; permission_denied for who sees the letter but may not; not_found for the rest."""
    if role in NOT_SIGNED_IN:
        return "unauthenticated"
    if role in allowed:
        return "ok"
    return "permission_denied" if role in visible else "not_found"


EMPLOYER_KR = {"employer_kr"}
SEE_KR_LETTER = MANAGERS | EMPLOYER_KR

POSITION = {
    "occupation": "8211", "sector": "C", "workers": 10, "wageAmount": "2300000", "wageCurrency": "KRW",
    "wagePeriod": "MONTH", "hoursPerDay": "8", "daysPerWeek": 5, "restDaysPerWeek": 2, "overtimeRate": "1.5",
    "contractMonths": 36, "workLocation": "Ansan, Gyeonggi-do", "languageTest": "EPS-TOPIK",
    "languageMinScore": "80",
    "costs": [{"name": "Recruitment and placement", "payer": "EMPLOYER", "amount": "500000", "currency": "KRW"}],
}


def letter_input(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {"validFrom": today.isoformat(), "validUntil": (today + datetime.timedelta(days=365)).isoformat(),
            "positions": [POSITION], **changes}


CREATE = """mutation($input: DemandLetterCreateInput!) {
  demandLetterCreate(input: $input) { letter { id status } errors { field code message } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_create(role: str, as_user: Any, agreements: dict[str, Any], employers: Any) -> None:
    count, events = DemandLetter.objects.count(), AuditEvent.objects.count()
    payload = run(as_user(role), CREATE, {"input": letter_input(agreementId=agreements["KR"].pk)})[
        "data"]["demandLetterCreate"]
    # Who may see the Korean agreement (in force) but not file demand is refused; who cannot see it, not found.
    sees_agreement = MANAGERS | {"employer_kr", "agency", "counsellor", "attache"}
    assert _outcome(payload) == _expected(role, allowed=EMPLOYER_KR, visible=sees_agreement)
    if role in EMPLOYER_KR:
        assert payload["letter"]["status"] == "DRAFT"
        assert DemandLetter.objects.count() == count + 1
    else:
        assert payload["letter"] is None
        assert payload["errors"][0]["field"] in {"__all__", "agreementId"}
        assert (DemandLetter.objects.count(), AuditEvent.objects.count()) == (count, events)


UPDATE = """mutation($id: ID!, $input: DemandLetterInput!) {
  demandLetterUpdate(id: $id, input: $input) { letter { positionCount } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_update(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    payload = run(as_user(role), UPDATE, {"id": letter.pk, "input": letter_input(positions=[POSITION] * 3)})[
        "data"]["demandLetterUpdate"]
    assert _outcome(payload) == _expected(role, allowed=EMPLOYER_KR, visible=SEE_KR_LETTER)
    assert letter.positions.count() == (3 if role in EMPLOYER_KR else 1)


PRECHECK = "mutation($id: ID!) { demandLetterPrecheck(id: $id) { findings { rule } errors { field code } } }"


@pytest.mark.parametrize("role", ROLES)
def test_precheck(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    payload = run(as_user(role), PRECHECK, {"id": letter.pk})["data"]["demandLetterPrecheck"]
    assert _outcome(payload) == _expected(role, allowed=SEE_KR_LETTER, visible=SEE_KR_LETTER)


SUBMIT = "mutation($id: ID!) { demandLetterSubmit(id: $id) { letter { status } errors { field code } } }"


@pytest.mark.parametrize("role", ROLES)
def test_submit(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    payload = run(as_user(role), SUBMIT, {"id": letter.pk})["data"]["demandLetterSubmit"]
    assert _outcome(payload) == _expected(role, allowed=EMPLOYER_KR, visible=SEE_KR_LETTER)
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.SUBMITTED if role in EMPLOYER_KR else LetterStatus.DRAFT)


START_REVIEW = "mutation($id: ID!) { demandLetterStartReview(id: $id) { letter { status } errors { field code } } }"


@pytest.mark.parametrize("role", ROLES)
def test_start_review(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("submitted")
    payload = run(as_user(role), START_REVIEW, {"id": letter.pk})["data"]["demandLetterStartReview"]
    assert _outcome(payload) == _expected(role, allowed=MANAGERS, visible=SEE_KR_LETTER)
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.UNDER_REVIEW if role in MANAGERS else LetterStatus.SUBMITTED)


REVIEW = """mutation($id: ID!, $decision: ReviewDecision!) {
  demandLetterReview(id: $id, decision: $decision, reason: "Checked against the terms") {
    letter { status decisionReason } errors { field code } } }"""


@pytest.mark.parametrize("decision", ["APPROVE", "RETURN", "REJECT"])
@pytest.mark.parametrize("role", ROLES)
def test_review(role: str, decision: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("under_review")
    events = AuditEvent.objects.count()
    payload = run(as_user(role), REVIEW, {"id": letter.pk, "decision": decision})["data"]["demandLetterReview"]
    assert _outcome(payload) == _expected(role, allowed=MANAGERS, visible=SEE_KR_LETTER)
    letter.refresh_from_db()
    if role in MANAGERS:
        target = {"APPROVE": "APPROVED", "RETURN": "RETURNED", "REJECT": "REJECTED"}[decision]
        assert payload["letter"] == {"status": target, "decisionReason": "Checked against the terms"}
        assert letter.status == target.lower()
    else:
        assert letter.status == LetterStatus.UNDER_REVIEW
        assert AuditEvent.objects.count() == events


ALLOCATE = """mutation($id: ID!, $agency: ID!) {
  demandLetterAllocate(id: $id, allocations: [{agencyId: $agency, workers: 4}]) {
    letter { status allocations { agency { name } workers filled } } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_allocate(role: str, as_user: Any, letter_in: Any, agency: Any) -> None:
    letter = letter_in("approved")  # not yet allocated: the agency cannot see it
    payload = run(as_user(role), ALLOCATE, {"id": letter.pk, "agency": agency.pk})["data"]["demandLetterAllocate"]
    assert _outcome(payload) == _expected(role, allowed=MANAGERS, visible=SEE_KR_LETTER)
    letter.refresh_from_db()
    if role in MANAGERS:
        assert payload["letter"]["allocations"] == [{"agency": {"name": agency.name}, "workers": 4, "filled": 0}]
        assert letter.status == LetterStatus.ALLOCATED
    else:
        assert letter.status == LetterStatus.APPROVED and not letter.allocations.exists()


REVOKE = """mutation($id: ID!) {
  demandLetterRevoke(id: $id, reason: "Employer closed the factory") { letter { status } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_revoke(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("allocated")  # allocated to the demo agency: it sees the letter but may not revoke
    payload = run(as_user(role), REVOKE, {"id": letter.pk})["data"]["demandLetterRevoke"]
    assert _outcome(payload) == _expected(role, allowed=MANAGERS, visible=SEE_KR_LETTER | {"agency"})
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.REVOKED if role in MANAGERS else LetterStatus.ALLOCATED)


START_RECRUITING = """mutation($id: ID!) {
  demandLetterStartRecruiting(id: $id) { letter { status } errors { field code } } }"""
SEES_ALLOCATED = SEE_KR_LETTER | {"agency"}  # the Korean letter once allocated to the demo agency
WORKS_LETTER = MANAGERS | {"agency"}


@pytest.mark.parametrize("role", ROLES)
def test_start_recruiting(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("allocated")
    payload = run(as_user(role), START_RECRUITING, {"id": letter.pk})["data"]["demandLetterStartRecruiting"]
    assert _outcome(payload) == _expected(role, allowed=WORKS_LETTER, visible=SEES_ALLOCATED)
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.RECRUITING if role in WORKS_LETTER else LetterStatus.ALLOCATED)


SET_FILLED = """mutation($letter: ID!, $agency: ID!) {
  allocationSetFilled(letterId: $letter, agencyId: $agency, filled: 3) {
    allocation { agency { name } workers filled } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_allocation_set_filled(role: str, as_user: Any, letter_in: Any, agency: Any) -> None:
    letter = letter_in("allocated")  # 4 positions to the demo agency
    events = AuditEvent.objects.filter(action="allocation.set_filled").count()
    payload = run(as_user(role), SET_FILLED, {"letter": letter.pk, "agency": agency.pk})[
        "data"]["allocationSetFilled"]
    # The employer sees the allocation but may not record; who cannot see the letter finds nothing.
    assert _outcome(payload) == _expected(role, allowed=WORKS_LETTER, visible=SEES_ALLOCATED)
    filled = letter.allocations.get().filled
    if role in WORKS_LETTER:
        assert payload["allocation"] == {"agency": {"name": agency.name}, "workers": 4, "filled": 3}
        assert filled == 3
    else:
        assert payload["allocation"] is None and filled == 0
        assert AuditEvent.objects.filter(action="allocation.set_filled").count() == events


FILL = "mutation($id: ID!) { demandLetterFill(id: $id) { letter { status } errors { field code } } }"


@pytest.mark.parametrize("role", ROLES)
def test_fill(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("recruiting")
    payload = run(as_user(role), FILL, {"id": letter.pk})["data"]["demandLetterFill"]
    assert _outcome(payload) == _expected(role, allowed=WORKS_LETTER, visible=SEES_ALLOCATED)
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.FILLED if role in WORKS_LETTER else LetterStatus.RECRUITING)


CLOSE = """mutation($id: ID!) {
  demandLetterClose(id: $id, reason: "No more workers needed") { letter { status } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_close(role: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("allocated")  # the agency sees it but may not close it
    payload = run(as_user(role), CLOSE, {"id": letter.pk})["data"]["demandLetterClose"]
    closes = MANAGERS | EMPLOYER_KR
    assert _outcome(payload) == _expected(role, allowed=closes, visible=SEES_ALLOCATED)
    letter.refresh_from_db()
    assert letter.status == (LetterStatus.CLOSED if role in closes else LetterStatus.ALLOCATED)


TIMELINE = """query($id: ID!) { demandLetter(id: $id) { timeline { action status who reason } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_timeline(role: str, as_user: Any, users: dict[str, Any], letter_in: Any, run_action: Any,
                  other_agency: Any) -> None:
    from demand.services import allocation_set_filled

    letter = run_action(letter_in("allocated"), "allocate", allocations=[(other_agency, 3)])
    allocation_set_filled(actor=users["ministry_reviewer"], allocation=letter.allocations.get(agency=other_agency),
                          filled=2)
    body = run(as_user(role), TIMELINE, {"id": letter.pk})
    if role in NOT_SIGNED_IN:
        return _refused_query(body, "demandLetter")
    if role not in SEES_ALLOCATED:
        assert body == {"data": {"demandLetter": None}}
        return
    steps = body["data"]["demandLetter"]["timeline"]
    officer, employer = users["ministry_reviewer"], users["employer_kr"]
    moves = [(s["action"], s["status"]) for s in steps]
    assert moves[:5] == [("letter.create", "DRAFT"), ("letter.submit", "SUBMITTED"),
                         ("letter.start_review", "UNDER_REVIEW"), ("letter.approve", "APPROVED"),
                         ("letter.allocate", "ALLOCATED")]
    approve = steps[3]
    # Who: ministry staff see the officer; the employer and the agency only the ministry.
    assert approve["who"] == (officer.get_full_name() or officer.username if role in MANAGERS
                              else officer.organisation.name)
    # The draft's author: by name for the ministry and the author's colleagues, the employer for the agency.
    assert steps[0]["who"] == (employer.get_full_name() or employer.username if role in MANAGERS | EMPLOYER_KR
                               else employer.organisation.name)
    # The other agency's filled positions: not for the demo agency.
    filled = [s for s in steps if s["action"] == "allocation.set_filled"]
    assert len(filled) == (0 if role == "agency" else 1)
    if filled:
        assert filled[0]["status"] is None


ACCREDIT = """mutation($org: ID!, $until: Date) {
  employerSetAccreditation(organisationId: $org, status: SUSPENDED, reason: "Complaint under investigation",
                           until: $until) { employer { accreditation } errors { field code } } }"""


@pytest.mark.parametrize("role", ROLES)
def test_employer_set_accreditation(role: str, as_user: Any, users: dict[str, Any], employers: Any) -> None:
    org = users["employer_kr"].organisation
    payload = run(as_user(role), ACCREDIT, {"org": org.pk})["data"]["employerSetAccreditation"]
    # the employer sees its own profile; no letter is allocated to the agency, so it sees none
    assert _outcome(payload) == _expected(role, allowed=MANAGERS, visible=MANAGERS | EMPLOYER_KR)
    profile = EmployerProfile.objects.get(organisation=org)
    expected = Accreditation.SUSPENDED if role in MANAGERS else Accreditation.ACCREDITED
    assert profile.accreditation == expected
    if role in MANAGERS:
        assert payload["employer"] == {"accreditation": "SUSPENDED"}


SAVE_PROFILE = """mutation($org: ID, $input: EmployerProfileInput!, $reason: String!) {
  employerProfileSave(organisationId: $org, input: $input, reason: $reason) {
    employer { registrationNumber organisation { id } } errors { field code } } }"""
PROFILE_INPUT = {"legalName": "Hanbit Manufacturing Co., Ltd.", "registrationNumber": "134-81-99999",
                 "address": "Ansan, Gyeonggi-do", "sector": "C", "contactName": "Kim Min-ji",
                 "contactEmail": "hr@hanbit.example"}


@pytest.mark.parametrize("role", ROLES)
def test_employer_profile_save(role: str, as_user: Any, users: dict[str, Any], employers: Any) -> None:
    """The employer for itself; whoever manages employers (the accreditation rule) for any, with a reason."""
    org = users["employer_kr"].organisation
    reason = "" if role == "employer_kr" else "Registry extract received"
    payload = run(as_user(role), SAVE_PROFILE, {"org": org.pk, "input": PROFILE_INPUT, "reason": reason}
                  )["data"]["employerProfileSave"]
    # Employer organisations are hidden from everyone but the ministry and their own staff.
    assert _outcome(payload) == _expected(role, allowed=MANAGERS | EMPLOYER_KR, visible=MANAGERS | EMPLOYER_KR)
    saved = EmployerProfile.objects.get(organisation=org).registration_number
    assert (saved == "134-81-99999") is (role in MANAGERS | EMPLOYER_KR)
    if role in MANAGERS | EMPLOYER_KR:
        assert payload["employer"] == {"registrationNumber": "134-81-99999", "organisation": {"id": str(org.pk)}}


IMPORT = """mutation($id: ID!, $file: Upload!) {
  demandLetterImportPositions(id: $id, file: $file) { job { id status kind } errors { field code message } } }"""


def post_upload(client: Client, letter_id: int, content: bytes, name: str = "positions.xlsx", **extra: Any) -> Any:
    """A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec)."""
    return client.post("/graphql/", {
        "operations": json.dumps({"query": IMPORT, "variables": {"id": letter_id, "file": None}}),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    }, **extra)


@pytest.mark.parametrize("role", ROLES)
def test_import_positions(role: str, as_user: Any, letter_in: Any, agreements: dict[str, Any], settings: Any,
                          tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # the upload is saved there
    letter = letter_in("draft")
    jobs = Job.objects.count()
    response = post_upload(as_user(role), letter.pk, build_template(agreement=agreements["KR"]))
    assert response.status_code == 200, response.content
    payload = response.json()["data"]["demandLetterImportPositions"]
    assert _outcome(payload) == _expected(role, allowed=EMPLOYER_KR, visible=SEE_KR_LETTER)
    if role in EMPLOYER_KR:
        assert payload["job"]["status"] == "QUEUED" and payload["job"]["kind"] == "demand.import_positions"
        assert default_storage.exists(Job.objects.get(pk=payload["job"]["id"]).params["upload"])
    else:
        assert payload["job"] is None and Job.objects.count() == jobs
