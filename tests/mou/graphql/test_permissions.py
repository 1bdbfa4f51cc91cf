"""Who sees and does what with agreements through /graphql/: one test case per role and operation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from audit.models import AuditEvent
from mou.models import Agreement, AgreementStatus
from mou.services import terms_from_version
from tests.api.helpers import MANAGERS, NOT_SIGNED_IN, ROLES, error_messages, run
from tests.mou.helpers import terms_input

IN_FORCE = {"TH", "KR", "MY", "JP"}


# Which agreements each role sees in `agreements` ("draft" is a draft with Thailand).
VISIBLE_AGREEMENTS: dict[str, set[str]] = {
    "admin": IN_FORCE | {"draft"},
    "ministry_admin": IN_FORCE | {"draft"},
    "ministry_reviewer": IN_FORCE | {"draft"},
    "employer_th": {"TH"},
    "employer_kr": {"KR"},
    "agency": IN_FORCE,
    "counsellor": IN_FORCE,
    "attache": IN_FORCE,
    "no_org": set(),
}


UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."


def _label(agreement: dict[str, Any], draft_id: int) -> str:
    return "draft" if int(agreement["id"]) == draft_id else agreement["partnerCountry"]["iso2"]


@pytest.mark.parametrize("role", ROLES)
def test_agreements_list(role: str, as_user: Any, draft: Agreement) -> None:
    body = run(as_user(role), "{ agreements { totalCount edges { node { id partnerCountry { iso2 } } } } }")
    if role in NOT_SIGNED_IN:
        assert body["data"]["agreements"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        return
    assert "errors" not in body
    seen = {_label(e["node"], draft.pk) for e in body["data"]["agreements"]["edges"]}
    assert seen == VISIBLE_AGREEMENTS[role]
    assert body["data"]["agreements"]["totalCount"] == len(seen)


@pytest.mark.parametrize("role", ROLES)
def test_agreement_by_id_of_korea(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    kr = agreements["KR"]
    body = run(as_user(role), "query($id: ID!) { agreement(id: $id) { id title } }", {"id": kr.pk})
    if role in NOT_SIGNED_IN:
        assert body["data"]["agreement"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
    elif "KR" in VISIBLE_AGREEMENTS[role]:
        assert body["data"]["agreement"] == {"id": str(kr.pk), "title": kr.title}
    else:  # employer_th sees only Thailand, no_org nothing: null, no error
        assert body == {"data": {"agreement": None}}


@pytest.mark.parametrize("role", ROLES)
def test_draft_by_id_only_for_ministry(role: str, as_user: Any, draft: Agreement) -> None:
    body = run(as_user(role), "query($id: ID!) { agreement(id: $id) { id } }", {"id": draft.pk})
    expected = {"id": str(draft.pk)} if role in MANAGERS else None
    assert body["data"]["agreement"] == expected


SET_STATUS = """
mutation($id: ID!) {
  agreementSetStatus(agreementId: $id, status: SUSPENDED, reason: "Recruitment paused") {
    agreement { id status }
    errors { field code message }
  }
}"""


def _expected_error_code(role: str, visible: bool) -> str:
    if role in NOT_SIGNED_IN:
        return "unauthenticated"
    return "permission_denied" if visible else "not_found"


@pytest.mark.parametrize("role", ROLES)
def test_agreement_set_status(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    kr = agreements["KR"]
    events = AuditEvent.objects.count()
    payload = run(as_user(role), SET_STATUS, {"id": kr.pk})["data"]["agreementSetStatus"]
    kr.refresh_from_db()
    if role in MANAGERS:
        assert payload == {"agreement": {"id": str(kr.pk), "status": "SUSPENDED"}, "errors": []}
        assert kr.status == AgreementStatus.SUSPENDED
        assert AuditEvent.objects.filter(action="agreement.set_status").count() == 1
        return
    visible = "KR" in VISIBLE_AGREEMENTS.get(role, set())
    assert payload["agreement"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("agreementId" if _expected_error_code(role, visible) == "not_found" else "__all__",
         _expected_error_code(role, visible))
    ]
    assert kr.status == AgreementStatus.IN_FORCE
    assert AuditEvent.objects.count() == events


CREATE = """
mutation($input: AgreementCreateInput!) {
  agreementCreate(input: $input) { agreement { id title status channel } errors { field code } }
}"""


@pytest.mark.parametrize("role", ROLES)
def test_agreement_create(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    terms = terms_from_version(agreements["MY"].versions.get())
    variables = {"input": {
        "partnerCountry": "SG", "title": "Cambodia–Singapore MoU", "channel": "PRIVATE",
        "terms": terms_input(terms),
    }}
    count = Agreement.objects.count()
    payload = run(as_user(role), CREATE, variables)["data"]["agreementCreate"]
    if role in MANAGERS:
        assert payload["errors"] == []
        assert payload["agreement"]["title"] == "Cambodia–Singapore MoU"
        assert payload["agreement"]["status"] == "DRAFT"
        assert Agreement.objects.count() == count + 1
        return
    code = "unauthenticated" if role in NOT_SIGNED_IN else "permission_denied"
    assert payload == {"agreement": None, "errors": [{"field": "__all__", "code": code}]}
    assert Agreement.objects.count() == count


AMEND = """
mutation($input: AgreementAmendInput!) {
  agreementAmend(input: $input) { version { number } errors { field code } }
}"""


@pytest.mark.parametrize("role", ROLES)
def test_agreement_amend(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    th = agreements["TH"]
    terms = terms_from_version(th.versions.get())
    terms.signed_date, terms.in_force_from = datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)
    variables = {"input": {"agreementId": th.pk, "reason": "Exchange of letters", "terms": terms_input(terms)}}
    payload = run(as_user(role), AMEND, variables)["data"]["agreementAmend"]
    if role in MANAGERS:
        assert payload == {"version": {"number": 2}, "errors": []}
        assert th.versions.count() == 2
        return
    visible = "TH" in VISIBLE_AGREEMENTS.get(role, set())
    code = _expected_error_code(role, visible)
    assert payload["version"] is None
    assert [e["code"] for e in payload["errors"]] == [code]
    assert th.versions.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_agreement_audit_events_nested(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    body = run(as_user(role), "{ agreements { edges { node { auditEvents { edges { node { action } } } } } } }")
    if role in NOT_SIGNED_IN:
        assert body["data"]["agreements"] is None
        return
    nested = [e["node"]["auditEvents"]["edges"] for e in body["data"]["agreements"]["edges"]]
    if role in MANAGERS:
        assert nested and all(edges == [{"node": {"action": "agreement.create"}}] for edges in nested)
    else:
        assert all(edges == [] for edges in nested)


def test_employer_sees_no_version_of_an_agreement_it_cannot_see(as_user: Any, agreements: dict[str, Any]) -> None:
    """agreementVersionInForce goes through the same scoping as agreement(id)."""
    query = "query($id: ID!) { agreementVersionInForce(agreementId: $id) { number } }"
    assert run(as_user("employer_th"), query, {"id": agreements["KR"].pk}) == {
        "data": {"agreementVersionInForce": None}
    }
    assert run(as_user("employer_kr"), query, {"id": agreements["KR"].pk}) == {
        "data": {"agreementVersionInForce": {"number": 1}}
    }
