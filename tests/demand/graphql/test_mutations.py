"""Demand-letter mutations end to end: the workflow from draft to allocation with real screening, and
bad input answered with typed errors (camelCase paths) while nothing is written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from demand.models import DemandLetter, EmployerProfile, Finding, LetterStatus, Position, PositionCost, QuotaUse
from mou.models import Quota
from notifications.models import Notification
from tests.api.helpers import run
from tests.demand.graphql.test_permissions import POSITION, letter_input

LETTER = """
  id reference status positionCount workerCount nextStatuses reviewDue submittedAt decisionReason
  version { number }
  positions { totalCount edges { node { line workers wageAmount wagePeriod costs { name payer amount } } } }
  findings { rule severity positionLine message }
  allocations { agency { name } workers filled }
"""
CREATE = f"""mutation($input: DemandLetterCreateInput!) {{
  demandLetterCreate(input: $input) {{ letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: DemandLetterInput!) {{
  demandLetterUpdate(id: $id, input: $input) {{ letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
PRECHECK = """mutation($id: ID!) { demandLetterPrecheck(id: $id) {
  findings { rule severity clause values positionLine message messageEn messageKm } errors { field code message } } }"""
SUBMIT = f"""mutation($id: ID!) {{ demandLetterSubmit(id: $id) {{
  letter {{ {LETTER} }} findings {{ rule severity positionLine values message }}
  errors {{ field code message }} }} }}"""
START_REVIEW = f"""mutation($id: ID!) {{ demandLetterStartReview(id: $id) {{
  letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
REVIEW = f"""mutation($id: ID!, $decision: ReviewDecision!, $reason: String!) {{
  demandLetterReview(id: $id, decision: $decision, reason: $reason) {{
    letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
ALLOCATE = f"""mutation($id: ID!, $allocations: [AllocationInput!]!) {{
  demandLetterAllocate(id: $id, allocations: $allocations) {{
    letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
REVOKE = """mutation($id: ID!, $reason: String!) {
  demandLetterRevoke(id: $id, reason: $reason) { letter { status } errors { field code message } } }"""
QUOTA = """query($id: ID!) { quotaUsage(agreementId: $id) { sectorCode cap approved allocated used remaining } }"""


def _errors(payload: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(e["field"], e["code"]): e["message"] for e in payload["errors"]}


def _counts() -> tuple[int, ...]:
    return (DemandLetter.objects.count(), Position.objects.count(), PositionCost.objects.count(),
            Finding.objects.count(), AuditEvent.objects.count())


def test_from_draft_to_allocation(as_user: Any, agreements: dict[str, Any], employers: Any, agency: Any) -> None:
    kr = agreements["KR"]
    employer = as_user("employer_kr")
    second = {**POSITION, "workers": 5, "occupation": "8219", "costs": []}
    payload = run(employer, CREATE, {"input": letter_input(agreementId=kr.pk, positions=[POSITION, second])})[
        "data"]["demandLetterCreate"]
    assert payload["errors"] == []
    letter = payload["letter"]
    year = timezone.localdate().year
    assert letter["reference"] == f"DL-KR-{year}-00001"
    assert (letter["status"], letter["positionCount"], letter["workerCount"]) == ("DRAFT", 2, 15)
    assert letter["nextStatuses"] == ["ATTESTATION", "SUBMITTED"]
    assert letter["version"] is None and letter["submittedAt"] is None
    assert letter["positions"]["edges"][0]["node"] == {
        "line": 1, "workers": 10, "wageAmount": "2300000.00", "wagePeriod": "MONTH",
        "costs": [{"name": "Recruitment and placement", "payer": "EMPLOYER", "amount": "500000.00"}],
    }
    letter_id = letter["id"]

    precheck = run(employer, PRECHECK, {"id": letter_id})["data"]["demandLetterPrecheck"]
    assert precheck == {"findings": [], "errors": []}  # the illustrative EPS terms are met

    submitted = run(employer, SUBMIT, {"id": letter_id})["data"]["demandLetterSubmit"]
    assert submitted["errors"] == [] and submitted["findings"] == []
    assert submitted["letter"]["status"] == "SUBMITTED"
    assert submitted["letter"]["version"] == {"number": 1}
    assert submitted["letter"]["reviewDue"] and submitted["letter"]["submittedAt"]

    reviewer = as_user("ministry_reviewer")
    queue = run(reviewer, "{ reviewQueue { edges { node { id overdue } } } }")["data"]["reviewQueue"]["edges"]
    assert queue == [{"node": {"id": letter_id, "overdue": False}}]
    started = run(reviewer, START_REVIEW, {"id": letter_id})["data"]["demandLetterStartReview"]
    assert (started["errors"], started["letter"]["status"]) == ([], "UNDER_REVIEW")

    approved = run(reviewer, REVIEW, {"id": letter_id, "decision": "APPROVE", "reason": "Complies with the MoU"})[
        "data"]["demandLetterReview"]
    assert approved["errors"] == []
    assert approved["letter"]["status"] == "APPROVED"
    assert approved["letter"]["decisionReason"] == "Complies with the MoU"
    assert approved["letter"]["nextStatuses"] == ["ALLOCATED", "CLOSED", "EXPIRED", "REVOKED"]

    allocated = run(reviewer, ALLOCATE, {"id": letter_id, "allocations": [{"agencyId": agency.pk, "workers": 12}]})[
        "data"]["demandLetterAllocate"]
    assert allocated["errors"] == []
    assert allocated["letter"]["status"] == "ALLOCATED"
    assert allocated["letter"]["allocations"] == [{"agency": {"name": agency.name}, "workers": 12, "filled": 0}]

    lines = run(reviewer, QUOTA, {"id": kr.pk})["data"]["quotaUsage"]
    manufacturing = next(line for line in lines if line["sectorCode"] == "C")
    assert (manufacturing["approved"], manufacturing["allocated"], manufacturing["used"]) == (15, 12, 0)
    assert manufacturing["remaining"] == manufacturing["cap"] - 15

    # The agency now sees the letter; the audit trail has every step.
    seen = run(as_user("agency"), "{ demandLetters { edges { node { id status } } } }")["data"]["demandLetters"]
    assert seen["edges"] == [{"node": {"id": letter_id, "status": "ALLOCATED"}}]
    actions = list(AuditEvent.objects.filter(target_id=letter_id, action__startswith="letter.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["letter.create", "letter.submit", "letter.start_review", "letter.approve", "letter.allocate"]


def test_bad_input_returns_every_problem_and_writes_nothing(
    as_user: Any, agreements: dict[str, Any], employers: Any
) -> None:
    today = timezone.localdate()
    positions = [
        {**POSITION, "occupation": "9999"},
        {**POSITION, "wageAmount": "0", "daysPerWeek": 6, "restDaysPerWeek": 3,
         "costs": [{"name": "Visa", "payer": "WORKER", "amount": "-5", "currency": "XYZ"}]},
    ]
    before = _counts()
    payload = run(as_user("employer_kr"), CREATE, {"input": letter_input(
        agreementId=agreements["KR"].pk, validUntil=(today - datetime.timedelta(days=1)).isoformat(),
        positions=positions,
    )})["data"]["demandLetterCreate"]
    assert payload["letter"] is None
    assert _errors(payload) == {
        ("validUntil", "invalid"): "The letter cannot end before it starts.",
        ("positions[0].occupation", "invalid"): "9999 is not an ISCO-08 code.",
        ("positions[1].wageAmount", "invalid"): "Give the wage, an amount more than zero.",
        ("positions[1].restDaysPerWeek", "invalid"): "Working days and rest days together cannot exceed 7.",
        ("positions[1].costs[0].amount", "invalid"): "Give the amount, zero or more.",
        ("positions[1].costs[0].currency", "invalid"): "Choose the currency (ISO 4217 code, e.g. USD).",
    }
    assert _counts() == before


def test_an_enum_outside_the_list_is_rejected_by_graphql(as_user: Any, agreements: dict[str, Any]) -> None:
    body = run(as_user("employer_kr"), CREATE, {"input": letter_input(
        agreementId=agreements["KR"].pk, positions=[{**POSITION, "wagePeriod": "FORTNIGHT"}])})
    assert body["data"] is None
    assert "FORTNIGHT" in body["errors"][0]["message"]


def test_create_needs_an_employer_that_may_file(as_user: Any, agreements: dict[str, Any], employers: Any,
                                               users: dict[str, Any]) -> None:
    EmployerProfile.objects.filter(organisation=users["employer_kr"].organisation).update(accreditation="suspended")
    before = _counts()
    payload = run(as_user("employer_kr"), CREATE, {"input": letter_input(agreementId=agreements["KR"].pk)})[
        "data"]["demandLetterCreate"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("employer", "invalid")]
    assert "Suspended" in payload["errors"][0]["message"]
    assert _counts() == before


def test_create_under_an_unknown_agreement(as_user: Any, employers: Any) -> None:
    payload = run(as_user("employer_kr"), CREATE, {"input": letter_input(agreementId="999999")})[
        "data"]["demandLetterCreate"]
    assert payload == {"letter": None, "errors": [
        {"field": "agreementId", "code": "not_found", "message": "That agreement does not exist."}]}


def test_update_replaces_the_positions(as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    payload = run(as_user("employer_kr"), UPDATE, {"id": letter.pk, "input": letter_input(
        positions=[{**POSITION, "workers": 3}, {**POSITION, "workers": 4}], attestationOfficer="Labour attaché",
        attestationDate=timezone.localdate().isoformat(),
    )})["data"]["demandLetterUpdate"]
    assert payload["errors"] == []
    assert (payload["letter"]["positionCount"], payload["letter"]["workerCount"]) == (2, 7)
    letter.refresh_from_db()
    assert letter.attestation_officer == "Labour attaché"


def test_update_with_bad_input_keeps_the_letter(as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    before = _counts()
    payload = run(as_user("employer_kr"), UPDATE, {"id": letter.pk, "input": letter_input(
        positions=[POSITION, {**POSITION, "hoursPerDay": "25", "minAge": 40, "maxAge": 30}])})[
        "data"]["demandLetterUpdate"]
    assert set(_errors(payload)) == {("positions[1].hoursPerDay", "invalid"), ("positions[1].maxAge", "invalid")}
    assert _counts() == before
    assert list(letter.positions.values_list("workers", flat=True)) == [10]


def test_update_after_submission_is_refused(as_user: Any, letter_in: Any) -> None:
    letter = letter_in("submitted")
    payload = run(as_user("employer_kr"), UPDATE, {"id": letter.pk, "input": letter_input()})[
        "data"]["demandLetterUpdate"]
    assert payload["letter"] is None
    assert _errors(payload) == {("status", "invalid"): "This letter is submitted: it can only be changed while it "
                                "is a draft or returned for changes."}


@pytest.fixture
def low_wage_thai_letter(as_user: Any, agreements: dict[str, Any], employers: Any) -> str:
    """A Thai draft, not attested, paying 300 THB a day where the floor is 370: two blockers."""
    position = {
        "occupation": "8153", "sector": "14", "workers": 10, "wageAmount": "300", "wageCurrency": "THB",
        "wagePeriod": "DAY", "hoursPerDay": "8", "daysPerWeek": 6, "restDaysPerWeek": 1, "overtimeRate": "1.5",
        "contractMonths": 24, "workLocation": "Samut Prakan",
    }
    payload = run(as_user("employer_th"), CREATE, {"input": letter_input(
        agreementId=agreements["TH"].pk, positions=[position])})["data"]["demandLetterCreate"]
    assert payload["errors"] == []
    return payload["letter"]["id"]


def test_precheck_reports_findings_in_the_request_language(as_user: Any, low_wage_thai_letter: str) -> None:
    client = as_user("employer_th")
    findings = run(client, PRECHECK, {"id": low_wage_thai_letter})["data"]["demandLetterPrecheck"]["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert {"attestation", "wage_floor"} <= set(by_rule)
    wage = by_rule["wage_floor"]
    assert (wage["severity"], wage["positionLine"]) == ("BLOCKER", 1)
    assert wage["values"]["floor"] == "370 THB per day" and wage["values"]["offered"] == "300 THB per day"
    assert wage["clause"]
    assert wage["message"] == wage["messageEn"]
    assert by_rule["attestation"]["positionLine"] is None

    khmer = run(client, PRECHECK, {"id": low_wage_thai_letter}, HTTP_ACCEPT_LANGUAGE="km")[
        "data"]["demandLetterPrecheck"]["findings"]
    wage_km = next(f for f in khmer if f["rule"] == "wage_floor")
    assert wage_km["message"] == wage_km["messageKm"] != wage_km["messageEn"]


def test_submit_with_blockers_returns_errors_and_findings_and_changes_nothing(
    as_user: Any, low_wage_thai_letter: str
) -> None:
    before = _counts()
    payload = run(as_user("employer_th"), SUBMIT, {"id": low_wage_thai_letter})["data"]["demandLetterSubmit"]
    assert payload["letter"] is None
    fields = {(e["field"], e["code"]) for e in payload["errors"]}
    assert fields == {("positions[0]", "invalid")}  # attestation is the attaché's, after submission: no blocker
    wage = next(f for f in payload["findings"] if f["rule"] == "wage_floor")
    assert wage["severity"] == "BLOCKER" and wage["positionLine"] == 1
    assert wage["message"] in {e["message"] for e in payload["errors"]}
    assert _counts() == before
    assert DemandLetter.objects.get(pk=low_wage_thai_letter).status == LetterStatus.DRAFT


def test_submit_records_warnings_for_the_reviewer(as_user: Any, letter_in: Any, no_screening: list[Any]) -> None:
    from tests.demand.helpers import FakeFinding

    letter = letter_in("draft")
    no_screening.append(FakeFinding(rule="protected_terms", severity="warning", position_line=1,
                                    values={"terms": ["young"]}, message_en="Mentions age", message_km="អាយុ"))
    payload = run(as_user("employer_kr"), SUBMIT, {"id": letter.pk})["data"]["demandLetterSubmit"]
    assert payload["errors"] == []
    expected = {"rule": "protected_terms", "severity": "WARNING", "positionLine": 1, "values": {"terms": ["young"]},
                "message": "Mentions age"}
    assert payload["findings"] == [expected]
    assert payload["letter"]["findings"] == [{k: expected[k] for k in ("rule", "severity", "positionLine",
                                                                         "message")}]
    query = "query($id: ID!) { demandLetter(id: $id) { blockerCount warningCount findings { message } } }"
    body = run(as_user("ministry_reviewer"), query, {"id": letter.pk}, HTTP_ACCEPT_LANGUAGE="km")
    assert body["data"]["demandLetter"] == {"blockerCount": 0, "warningCount": 1, "findings": [{"message": "អាយុ"}]}


def test_an_invalid_transition_is_a_clear_error(as_user: Any, letter_in: Any) -> None:
    letter = letter_in("draft")
    payload = run(as_user("ministry_reviewer"), START_REVIEW, {"id": letter.pk})["data"]["demandLetterStartReview"]
    assert payload["letter"] is None
    assert _errors(payload) == {("status", "invalid"): "This letter is draft, so it cannot be taken into review: "
                                "that is only possible when it is submitted."}


@pytest.mark.parametrize("decision", ["RETURN", "REJECT"])
def test_return_and_reject_need_a_reason(decision: str, as_user: Any, letter_in: Any) -> None:
    letter = letter_in("under_review")
    events = AuditEvent.objects.count()
    payload = run(as_user("ministry_admin"), REVIEW, {"id": letter.pk, "decision": decision, "reason": "  "})[
        "data"]["demandLetterReview"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "invalid")]
    # the service's words (demand.services.letter_decide), the same the review page shows
    assert payload["errors"][0]["message"] == {"RETURN": "Say what the employer must change.",
                                               "REJECT": "Say why the demand is rejected."}[decision]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.UNDER_REVIEW and AuditEvent.objects.count() == events


def test_returned_letter_goes_back_to_the_employer(as_user: Any, letter_in: Any) -> None:
    letter = letter_in("under_review")
    payload = run(as_user("ministry_admin"), REVIEW, {"id": letter.pk, "decision": "RETURN",
                                                      "reason": "Add the attestation"})["data"]["demandLetterReview"]
    assert payload["letter"]["status"] == "RETURNED"
    assert payload["letter"]["nextStatuses"] == ["ATTESTATION", "SUBMITTED"]
    resubmitted = run(as_user("employer_kr"), SUBMIT, {"id": letter.pk})["data"]["demandLetterSubmit"]
    assert resubmitted["letter"]["status"] == "SUBMITTED"


def test_approval_never_exceeds_the_quota(as_user: Any, letter_in: Any, agreements: dict[str, Any]) -> None:
    from tests.demand.helpers import kr_position

    year = timezone.localdate().year
    cap = Quota.objects.filter(version__agreement=agreements["KR"], year=year, sector__code="C",
                               occupation=None).values_list("cap", flat=True).get()
    letter = letter_in("under_review", positions=[kr_position(workers=cap + 1)])
    payload = run(as_user("ministry_reviewer"), REVIEW, {"id": letter.pk, "decision": "APPROVE", "reason": ""})[
        "data"]["demandLetterReview"]
    assert payload["letter"] is None
    [(field, code)] = _errors(payload)
    assert (field, code) == ("quota", "invalid")
    assert "Not enough quota for sector C" in payload["errors"][0]["message"]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.UNDER_REVIEW
    assert not QuotaUse.objects.filter(agreement=agreements["KR"], approved__gt=0).exists()


def test_allocation_problems_name_the_agency_ids(as_user: Any, letter_in: Any, agency: Any,
                                                 users: dict[str, Any]) -> None:
    letter = letter_in("approved")  # 10 workers approved
    employer_org = users["employer_kr"].organisation
    payload = run(as_user("ministry_reviewer"), ALLOCATE, {"id": letter.pk, "allocations": [
        {"agencyId": "999999", "workers": 2}, {"agencyId": employer_org.pk, "workers": 2},
        {"agencyId": agency.pk, "workers": 0},
    ]})["data"]["demandLetterAllocate"]
    assert payload["letter"] is None
    assert set(_errors(payload)) == {
        ("allocations[0].agencyId", "invalid"), ("allocations[1].agencyId", "invalid"),
        ("allocations[2].workers", "invalid"),
    }
    too_many = run(as_user("ministry_reviewer"), ALLOCATE, {"id": letter.pk, "allocations": [
        {"agencyId": agency.pk, "workers": 11}]})["data"]["demandLetterAllocate"]
    assert [(e["field"], e["code"]) for e in too_many["errors"]] == [("allocations", "invalid")]
    assert not letter.allocations.exists()


def test_revoke_needs_a_reason_and_returns_the_quota(as_user: Any, letter_in: Any,
                                                     agreements: dict[str, Any]) -> None:
    letter = letter_in("approved")
    client = as_user("ministry_admin")
    payload = run(client, REVOKE, {"id": letter.pk, "reason": ""})["data"]["demandLetterRevoke"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "invalid")]
    payload = run(client, REVOKE, {"id": letter.pk, "reason": "Fraudulent demand"})["data"]["demandLetterRevoke"]
    assert payload == {"letter": {"status": "REVOKED"}, "errors": []}
    lines = run(client, QUOTA, {"id": agreements["KR"].pk})["data"]["quotaUsage"]
    assert next(line for line in lines if line["sectorCode"] == "C")["approved"] == 0


ACCREDIT = """mutation($org: ID!, $status: Accreditation!, $until: Date, $reason: String!) {
  employerSetAccreditation(organisationId: $org, status: $status, until: $until, reason: $reason) {
    employer { accreditation accreditedUntil bannedUntil legalName } errors { field code message } } }"""


def test_employer_set_accreditation(as_user: Any, users: dict[str, Any], employers: Any) -> None:
    client = as_user("ministry_admin")
    org = users["employer_th"].organisation
    today = timezone.localdate()
    events = AuditEvent.objects.filter(action="employer.set_accreditation").count()

    payload = run(client, ACCREDIT, {"org": org.pk, "status": "BANNED", "until": None, "reason": ""})[
        "data"]["employerSetAccreditation"]
    assert set(_errors(payload)) == {("until", "invalid"), ("reason", "invalid")}
    payload = run(client, ACCREDIT, {"org": org.pk, "status": "ACCREDITED", "reason": "Renewed",
                                     "until": (today - datetime.timedelta(days=1)).isoformat()})[
        "data"]["employerSetAccreditation"]
    assert _errors(payload) == {("until", "invalid"): "The end date cannot be in the past."}
    assert AuditEvent.objects.filter(action="employer.set_accreditation").count() == events

    until = (today + datetime.timedelta(days=30)).isoformat()
    payload = run(client, ACCREDIT, {"org": org.pk, "status": "BANNED", "until": until,
                                     "reason": "Withheld passports"})["data"]["employerSetAccreditation"]
    assert payload["errors"] == []
    assert payload["employer"]["accreditation"] == "BANNED" and payload["employer"]["bannedUntil"] == until
    assert payload["employer"]["accreditedUntil"] is None
    assert AuditEvent.objects.filter(action="employer.set_accreditation").count() == events + 1


def test_employer_without_a_profile_is_not_found(as_user: Any, users: dict[str, Any]) -> None:
    payload = run(as_user("ministry_admin"), ACCREDIT, {
        "org": users["employer_th"].organisation_id, "status": "ACCREDITED", "reason": "x", "until": None,
    })["data"]["employerSetAccreditation"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("organisationId", "not_found")]


def test_mutations_on_a_letter_that_does_not_exist(as_user: Any) -> None:
    payload = run(as_user("ministry_admin"), START_REVIEW, {"id": "abc"})["data"]["demandLetterStartReview"]
    assert payload == {"letter": None, "errors": [
        {"field": "id", "code": "not_found", "message": "That demand letter does not exist."}]}


START_RECRUITING = f"""mutation($id: ID!) {{ demandLetterStartRecruiting(id: $id) {{
  letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
SET_FILLED = f"""mutation($letter: ID!, $agency: ID!, $filled: Int!) {{
  allocationSetFilled(letterId: $letter, agencyId: $agency, filled: $filled) {{
    allocation {{ agency {{ name }} workers filled }} letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
FILL = f"""mutation($id: ID!) {{ demandLetterFill(id: $id) {{
  letter {{ {LETTER} }} errors {{ field code message }} }} }}"""
CLOSE = """mutation($id: ID!, $reason: String!) {
  demandLetterClose(id: $id, reason: $reason) { letter { status decisionReason } errors { field code message } } }"""


def _quota_c(client: Any, agreement: Any) -> dict[str, Any]:
    lines = run(client, QUOTA, {"id": agreement.pk})["data"]["quotaUsage"]
    return next(line for line in lines if line["sectorCode"] == "C")


def test_from_allocation_to_filled_by_the_agency(as_user: Any, letter_in: Any, run_action: Any, agency: Any,
                                                 other_agency: Any, agreements: dict[str, Any]) -> None:
    letter = run_action(letter_in("allocated"), "allocate", allocations=[(other_agency, 3)])  # 4 + 3 of 10
    client = as_user("agency")
    payload = run(client, START_RECRUITING, {"id": letter.pk})["data"]["demandLetterStartRecruiting"]
    assert payload["errors"] == [] and payload["letter"]["status"] == "RECRUITING"
    # The letter comes back as the agency sees it everywhere: with its own allocation only.
    assert payload["letter"]["allocations"] == [{"agency": {"name": agency.name}, "workers": 4, "filled": 0}]
    assert payload["letter"]["nextStatuses"] == ["FILLED", "CLOSED", "EXPIRED", "REVOKED"]

    payload = run(client, SET_FILLED, {"letter": letter.pk, "agency": agency.pk, "filled": 3})[
        "data"]["allocationSetFilled"]
    assert payload["errors"] == []
    assert payload["allocation"] == {"agency": {"name": agency.name}, "workers": 4, "filled": 3}
    assert payload["letter"]["allocations"] == [{"agency": {"name": agency.name}, "workers": 4, "filled": 3}]
    assert _quota_c(as_user("ministry_admin"), agreements["KR"])["used"] == 3

    client = as_user("agency")
    payload = run(client, FILL, {"id": letter.pk})["data"]["demandLetterFill"]
    assert payload["errors"] == [] and payload["letter"]["status"] == "FILLED"
    assert payload["letter"]["allocations"] == [{"agency": {"name": agency.name}, "workers": 4, "filled": 4}]
    line = _quota_c(as_user("ministry_admin"), agreements["KR"])
    assert (line["approved"], line["allocated"], line["used"]) == (7, 7, 7)  # the 3 never allocated went back


def test_allocation_set_filled_problems_are_typed_and_change_nothing(
    as_user: Any, letter_in: Any, run_action: Any, agency: Any, other_agency: Any, users: dict[str, Any]
) -> None:
    letter = run_action(letter_in("allocated"), "allocate", allocations=[(other_agency, 3)])
    client = as_user("ministry_reviewer")
    events = AuditEvent.objects.count()

    def attempt(client: Any, agency_id: Any, filled: int, letter_id: Any = letter.pk) -> dict[str, Any]:
        return run(client, SET_FILLED, {"letter": letter_id, "agency": agency_id, "filled": filled})[
            "data"]["allocationSetFilled"]

    out_of_range = attempt(client, agency.pk, 5)
    assert out_of_range["allocation"] is None
    assert _errors(out_of_range) == {("filled", "invalid"): "Give a number from 0 to 4, the positions allocated."}
    assert set(_errors(attempt(client, agency.pk, -1))) == {("filled", "invalid")}
    # An agency without an allocation on the letter, an id that cannot be one, a letter that does not exist.
    assert set(_errors(attempt(client, users["employer_kr"].organisation_id, 1))) == {("agencyId", "not_found")}
    assert set(_errors(attempt(client, "seven", 1))) == {("agencyId", "not_found")}
    assert set(_errors(attempt(client, agency.pk, 1, letter_id=999999))) == {("letterId", "not_found")}
    # Another agency on the same letter cannot see the demo agency's allocation, let alone record it.
    staff = users["agency"].__class__.objects.create_user(
        "mekong.staff", password="x-password-123", organisation=other_agency, role="agency_staff")
    client.force_login(staff)
    assert set(_errors(attempt(client, agency.pk, 1))) == {("agencyId", "not_found")}
    assert attempt(client, other_agency.pk, 1)["allocation"]["filled"] == 1  # its own: yes
    assert {a.agency_id: a.filled for a in letter.allocations.all()} == {agency.pk: 0, other_agency.pk: 1}
    assert AuditEvent.objects.count() == events + 1
    # Once the letter is closed, nothing more is recorded.
    run_action(letter, "close")
    closed = attempt(as_user("ministry_reviewer"), agency.pk, 1)
    assert set(_errors(closed)) == {("status", "invalid")}
    assert {a.agency_id: a.filled for a in letter.allocations.all()} == {agency.pk: 0, other_agency.pk: 1}


def test_start_recruiting_and_fill_follow_the_workflow(as_user: Any, letter_in: Any) -> None:
    client = as_user("ministry_admin")
    approved = letter_in("approved")
    payload = run(client, START_RECRUITING, {"id": approved.pk})["data"]["demandLetterStartRecruiting"]
    assert payload["letter"] is None and set(_errors(payload)) == {("status", "invalid")}
    allocated = letter_in("allocated")
    payload = run(client, FILL, {"id": allocated.pk})["data"]["demandLetterFill"]
    assert payload["letter"] is None
    assert _errors(payload) == {("status", "invalid"): "This letter is allocated to agencies, so it cannot be "
                                "marked filled: that is only possible when it is recruiting."}
    allocated.refresh_from_db()
    assert allocated.status == LetterStatus.ALLOCATED


def test_the_employer_closes_its_demand_with_a_reason(as_user: Any, letter_in: Any,
                                                      agreements: dict[str, Any]) -> None:
    letter = letter_in("allocated")
    client = as_user("employer_kr")
    payload = run(client, CLOSE, {"id": letter.pk, "reason": "  "})["data"]["demandLetterClose"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "invalid")]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ALLOCATED
    payload = run(client, CLOSE, {"id": letter.pk, "reason": "The order was cancelled"})["data"]["demandLetterClose"]
    assert payload == {"letter": {"status": "CLOSED", "decisionReason": "The order was cancelled"}, "errors": []}
    assert _quota_c(as_user("ministry_admin"), agreements["KR"])["approved"] == 0  # nothing filled: all back


SAVE_PROFILE = """mutation($org: ID, $input: EmployerProfileInput!, $reason: String) {
  employerProfileSave(organisationId: $org, input: $input, reason: $reason) {
    employer { legalName registrationNumber contactPhone accreditation } errors { field code message } } }"""
PROFILE_INPUT = {"legalName": "Siam Garments Company Limited", "registrationNumber": "0105548012345",
                 "address": "88 Moo 4, Samut Prakan", "sector": "14", "contactName": "Somchai Wong",
                 "contactEmail": "hr@siam.example"}


def test_an_employer_saves_its_own_profile_without_saying_which(as_user: Any, users: dict[str, Any],
                                                                reference_data: None) -> None:
    client = as_user("employer_th")
    payload = run(client, SAVE_PROFILE, {"input": PROFILE_INPUT})["data"]["employerProfileSave"]
    assert payload == {"errors": [], "employer": {
        "legalName": "Siam Garments Company Limited", "registrationNumber": "0105548012345", "contactPhone": "",
        "accreditation": "PENDING"}}
    assert EmployerProfile.objects.get().organisation == users["employer_th"].organisation
    assert AuditEvent.objects.get(action="employer_profile.create").reason == ""
    assert not Notification.objects.exists()  # nobody is told of one's own change


def test_profile_errors_name_the_input_fields_and_write_nothing(as_user: Any, users: dict[str, Any],
                                                                reference_data: None) -> None:
    bad = {**PROFILE_INPUT, "legalName": " ", "contactEmail": "not-an-address", "sector": "ZZ"}
    payload = run(as_user("ministry_admin"), SAVE_PROFILE, {
        "org": users["employer_th"].organisation_id, "input": bad})["data"]["employerProfileSave"]
    assert payload["employer"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("legalName", "invalid"), ("contactEmail", "invalid"), ("sector", "invalid"), ("reason", "invalid")}
    assert "Say why you change this employer's profile." in {e["message"] for e in payload["errors"]}
    assert not EmployerProfile.objects.exists()


def test_the_ministry_says_which_employer_and_why_and_the_employer_is_told(
        as_user: Any, users: dict[str, Any], employers: Any) -> None:
    client = as_user("ministry_reviewer")
    payload = run(client, SAVE_PROFILE, {"input": PROFILE_INPUT, "reason": "x"})["data"]["employerProfileSave"]
    assert payload["errors"] == [{"field": "organisationId", "code": "invalid",
                                  "message": "Say which employer's profile to save."}]
    payload = run(client, SAVE_PROFILE, {"org": users["agency"].organisation_id, "input": PROFILE_INPUT,
                                         "reason": "x"})["data"]["employerProfileSave"]
    assert [e["code"] for e in payload["errors"]] == ["not_found"]  # an agency has no employer profile

    org = users["employer_th"].organisation
    payload = run(client, SAVE_PROFILE, {"org": org.pk, "input": {**PROFILE_INPUT, "contactPhone": "+66 2 123 4567"},
                                         "reason": "Phone number confirmed by letter"})["data"]["employerProfileSave"]
    assert payload["errors"] == [] and payload["employer"]["accreditation"] == "ACCREDITED"
    event = AuditEvent.objects.filter(action="employer_profile.update").get()
    assert (event.actor, event.reason) == (users["ministry_reviewer"], "Phone number confirmed by letter")
    [note] = Notification.objects.filter(kind="demand.employer_profile")
    assert (note.user, note.body, note.link) == (users["employer_th"], "Phone number confirmed by letter",
                                                 "/demand/profile/")
