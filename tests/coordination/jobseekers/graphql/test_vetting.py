"""eligibility and recordVetting over GraphQL: the agreement's own terms with their clauses, in English and Khmer;
evidence recorded moves the seeker onto the roster."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import today

pytestmark = pytest.mark.django_db

ELIGIBILITY = """query($id: ID!, $agreement: ID) { eligibility(jobSeekerId: $id, agreementId: $agreement) {
  agreement { partnerCountry { iso2 } } eligible rosterClause rosterValidUntil
  requirements { code clause status basis message messageEn messageKm } } }"""

VET = """mutation($id: ID!, $input: VettingEvidenceInput!) { recordVetting(jobSeekerId: $id, input: $input) {
  evidence { kind result test score } jobSeeker { vettingStatus rosterEntries { status } }
  errors { field code message } } }"""


def test_eligibility_per_agreement_with_the_clauses_in_english_and_khmer(as_user: Any, users: Any,
                                                                        agreements: Any) -> None:
    seeker = register(users["counsellor"])
    client = as_user("counsellor")
    out = run(client, VET, {"id": seeker.pk, "input": {"kind": "TEST", "onDate": today().isoformat(),
                                                       "test": "EPS_TOPIK", "score": "72"}})
    assert out["data"]["recordVetting"]["errors"] == []
    body = run(client, ELIGIBILITY, {"id": seeker.pk})
    assert "errors" not in body, body["errors"]
    results = {r["agreement"]["partnerCountry"]["iso2"]: r for r in body["data"]["eligibility"]}
    assert set(results) == {"TH", "KR", "MY", "JP"}
    korea = results["KR"]
    assert korea["eligible"] is False
    topik = next(r for r in korea["requirements"] if r["code"] == "test:EPS-TOPIK")
    assert topik["status"] == "FAILED" and topik["clause"]
    assert topik["messageEn"] == topik["message"] == "Needs EPS-TOPIK ≥ 80, has 72"
    assert topik["messageKm"] != topik["messageEn"] and "72" in topik["messageKm"]
    legal = next(r for r in korea["requirements"] if r["code"] == "legal_age")
    assert legal["basis"] == "law" and legal["clause"] == ""
    only = run(client, ELIGIBILITY, {"id": seeker.pk, "agreement": str(agreements["KR"].pk)})["data"]["eligibility"]
    assert [r["agreement"]["partnerCountry"]["iso2"] for r in only] == ["KR"]


@pytest.mark.parametrize("role", ["agency", "employer_kr", "attache", "no_org"])
def test_only_counsellors_and_the_ministry_read_eligibility(role: str, as_user: Any, seekers: Any) -> None:
    body = run(as_user(role), ELIGIBILITY, {"id": seekers["dara"].pk})
    assert body["data"]["eligibility"] == []


def test_the_ministry_reads_eligibility(as_user: Any, seekers: Any) -> None:
    body = run(as_user("ministry_reviewer"), ELIGIBILITY, {"id": seekers["sophea"].pk})
    assert len(body["data"]["eligibility"]) == 4


def test_bad_evidence_is_named_and_others_are_refused(as_user: Any, users: Any, other_counsellor: Any) -> None:
    seeker = register(users["counsellor"])
    out = run(as_user("counsellor"), VET, {"id": seeker.pk, "input": {"kind": "MEDICAL", "onDate": "2099-01-01"}})
    fields = [e["field"] for e in out["data"]["recordVetting"]["errors"]]
    assert fields == ["onDate", "validUntil"]  # in the future; a medical check says how long it holds
    client = as_user("anonymous")
    client.force_login(other_counsellor)
    out = run(client, VET, {"id": seeker.pk, "input": {"kind": "IDENTITY", "onDate": today().isoformat()}})
    assert [e["code"] for e in out["data"]["recordVetting"]["errors"]] == ["permission_denied"]
    out = run(as_user("agency"), VET, {"id": seeker.pk, "input": {"kind": "IDENTITY", "onDate": today().isoformat()}})
    assert [e["code"] for e in out["data"]["recordVetting"]["errors"]] == ["not_found"]
    out = run(as_user("ministry_admin"), VET, {"id": seeker.pk, "input": {"kind": "IDENTITY",
                                                                         "onDate": today().isoformat()}})
    assert out["data"]["recordVetting"]["errors"] == []
    assert out["data"]["recordVetting"]["evidence"]["kind"] == "IDENTITY"
