"""The attaché's attestation through /graphql/: the fields on DemandLetter, `attestationQueue`, and the
mutations `demandLetterAttest` and `demandLetterRefuseAttestation`, for every role; and the one-step review
(a submitted letter is decided without being taken into review first)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from demand import services
from demand.models import DemandLetter, LetterStatus
from tests.demand.helpers import letter_data, th_position
from tests.pages import ROLES

pytestmark = pytest.mark.django_db

SIGNED_OUT = {"anonymous", "inactive"}

LETTER_FIELDS = """id reference status attestationStatus attestedAt attestationRefusalReason
  attestedByOrganisation { name }"""
QUEUE = f"query {{ attestationQueue {{ totalCount edges {{ node {{ {LETTER_FIELDS} }} }} }} }}"
ONE = f"query ($id: ID!) {{ demandLetter(id: $id) {{ {LETTER_FIELDS} }} }}"
ATTEST = f"""mutation ($id: ID!) {{ demandLetterAttest(id: $id) {{
  letter {{ {LETTER_FIELDS} }} errors {{ field message }} }} }}"""
REFUSE = f"""mutation ($id: ID!, $reason: String!) {{ demandLetterRefuseAttestation(id: $id, reason: $reason) {{
  letter {{ {LETTER_FIELDS} }} errors {{ field message }} }} }}"""
REVIEW = """mutation ($id: ID!, $decision: ReviewDecision!, $reason: String!) {
  demandLetterReview(id: $id, decision: $decision, reason: $reason) { letter { status } errors { field message } } }"""


def run(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post("/graphql/", data=json.dumps({"query": query, "variables": variables or {}}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def waiting(users: dict[str, Any], agreements: dict[str, Any], employers: Any) -> DemandLetter:
    """A Thai letter submitted under the Thai agreement, which requires attestation: it waits for the attaché."""
    letter = services.letter_create(actor=users["employer_th"], agreement=agreements["TH"],
                                    data=letter_data([th_position()]))
    letter = services.letter_submit(actor=users["employer_th"], letter=letter)
    assert letter.status == LetterStatus.ATTESTATION
    return letter


# Who sees the waiting Thai letter: the ministry, its employer, and the attaché covering Thailand.
SEES = {"admin", "ministry_admin", "ministry_reviewer", "employer_th", "attache"}


@pytest.mark.parametrize("role", ROLES)
def test_the_attestation_fields_by_role(as_role, waiting, role):
    body = run(as_role(role), ONE, {"id": str(waiting.pk)})
    if role in SIGNED_OUT:
        assert body["errors"]
        return
    data = body["data"]["demandLetter"]
    if role not in SEES:
        assert data is None
        return
    assert data["status"] == "ATTESTATION" and data["attestationStatus"] == "REQUESTED"
    assert data["attestedAt"] is None and data["attestedByOrganisation"] is None


@pytest.mark.parametrize("role", ROLES)
def test_the_attestation_queue_by_role(as_role, waiting, role):
    body = run(as_role(role), QUEUE)
    if role in SIGNED_OUT:
        assert body["errors"]
        return
    edges = body["data"]["attestationQueue"]["edges"]
    assert [e["node"]["reference"] for e in edges] == ([waiting.reference] if role == "attache" else [])


@pytest.mark.parametrize("role", ROLES)
def test_attest_by_role(as_role, users, waiting, role):
    body = run(as_role(role), ATTEST, {"id": str(waiting.pk)})
    waiting.refresh_from_db()
    if role == "attache":
        payload = body["data"]["demandLetterAttest"]
        assert payload["errors"] == []
        assert payload["letter"]["status"] == "SUBMITTED" and payload["letter"]["attestationStatus"] == "ATTESTED"
        assert payload["letter"]["attestedByOrganisation"]["name"] == users["attache"].organisation.name
        assert waiting.status == LetterStatus.SUBMITTED
        assert AuditEvent.objects.filter(action="letter.attest", actor=users["attache"]).exists()
        return
    assert waiting.status == LetterStatus.ATTESTATION
    payload = body["data"]["demandLetterAttest"]
    assert payload["errors"] and payload["letter"] is None


@pytest.mark.parametrize("role", ROLES)
def test_refuse_attestation_by_role(as_role, waiting, role):
    body = run(as_role(role), REFUSE, {"id": str(waiting.pk), "reason": "The signed copy is missing."})
    waiting.refresh_from_db()
    if role == "attache":
        payload = body["data"]["demandLetterRefuseAttestation"]
        assert payload["errors"] == []
        assert payload["letter"]["status"] == "RETURNED" and payload["letter"]["attestationStatus"] == "REFUSED"
        assert payload["letter"]["attestationRefusalReason"] == "The signed copy is missing."
        return
    assert waiting.status == LetterStatus.ATTESTATION
    assert body["data"]["demandLetterRefuseAttestation"]["errors"]


def test_a_refusal_without_a_reason_names_the_field(as_role, waiting):
    payload = run(as_role("attache"), REFUSE, {"id": str(waiting.pk), "reason": "  "})[
        "data"]["demandLetterRefuseAttestation"]
    assert payload["letter"] is None
    assert payload["errors"] == [{"field": "reason",
                                  "message": "Say why the letter cannot be attested: the employer reads it."}]
    waiting.refresh_from_db()
    assert waiting.status == LetterStatus.ATTESTATION


def test_the_review_waits_for_the_attestation_then_decides_in_one_step(as_role, waiting):
    reviewer = as_role("ministry_reviewer")
    refused = run(reviewer, REVIEW, {"id": str(waiting.pk), "decision": "APPROVE", "reason": ""})[
        "data"]["demandLetterReview"]
    assert refused["letter"] is None and refused["errors"][0]["field"] == "status"
    assert run(as_role("attache"), ATTEST, {"id": str(waiting.pk)})["data"]["demandLetterAttest"]["errors"] == []
    body = run(as_role("ministry_reviewer"), REVIEW,
               {"id": str(waiting.pk), "decision": "RETURN", "reason": "Give the full work address."})
    done = body["data"]["demandLetterReview"]
    assert done["errors"] == [] and done["letter"]["status"] == "RETURNED"
    assert AuditEvent.objects.get(action="letter.return").before == {"status": "submitted"}
