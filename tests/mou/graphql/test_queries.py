"""Agreement query arguments and fields: filters, a version on a date, scoping of nested types."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from mou.models import AgreementVersion
from mou.services import agreement_amend, terms_from_version
from tests.api.helpers import run


def _codes(body: dict[str, Any], field: str, key: str = "code") -> list[str]:
    return [e["node"][key] for e in body["data"][field]["edges"]]


def test_agreement_filters(as_user: Any, draft: Any) -> None:
    client = as_user("ministry_reviewer")
    query = """query($status: AgreementStatus, $country: String, $search: String) {
      agreements(status: $status, country: $country, search: $search) { edges { node { id status } } } }"""
    drafts = run(client, query, {"status": "DRAFT"})["data"]["agreements"]["edges"]
    assert drafts == [{"node": {"id": str(draft.pk), "status": "DRAFT"}}]
    assert len(run(client, query, {"country": "th"})["data"]["agreements"]["edges"]) == 2
    assert len(run(client, query, {"search": "Korea"})["data"]["agreements"]["edges"]) == 1
    assert len(run(client, query, {"search": None})["data"]["agreements"]["edges"]) == 5


def test_agreement_by_a_malformed_id_is_null(as_user: Any, agreements: dict[str, Any]) -> None:
    assert run(as_user("ministry_admin"), '{ agreement(id: "abc") { id } }') == {"data": {"agreement": None}}


def test_version_in_force_on_a_date(as_user: Any, users: dict[str, Any], agreements: dict[str, Any]) -> None:
    th = agreements["TH"]
    terms = terms_from_version(th.versions.get())
    terms.signed_date, terms.in_force_from = datetime.date(2021, 12, 1), datetime.date(2022, 1, 1)
    agreement_amend(actor=users["ministry_admin"], agreement=th, terms=terms, reason="Exchange of letters")
    query = "query($id: ID!, $on: Date) { agreementVersionInForce(agreementId: $id, on: $on) { number inForceTo } }"
    client = as_user("agency")
    assert run(client, query, {"id": th.pk, "on": "2021-06-30"})["data"]["agreementVersionInForce"] == {
        "number": 1, "inForceTo": "2021-12-31",
    }
    assert run(client, query, {"id": th.pk})["data"]["agreementVersionInForce"] == {"number": 2, "inForceTo": None}
    assert run(client, query, {"id": th.pk, "on": "2015-01-01"})["data"]["agreementVersionInForce"] is None
    nested = run(client, "query($id: ID!) { agreement(id: $id) { versionInForce { number } } }", {"id": th.pk})
    assert nested["data"]["agreement"]["versionInForce"] == {"number": 2}


def test_version_terms_are_all_readable(as_user: Any, agreements: dict[str, Any]) -> None:
    query = """query($id: ID!) { agreement(id: $id) { versionInForce {
      hoursPerDay overtimeRate zeroFee feeClause sectorsClause
      feeItems { name payer capAmount capCurrency { code } clause }
      requiredTests { name kind minScore clause }
      protections { kind details clause }
      quotas { year cap sector { code } occupation { code } }
      portabilityRules { branch scheme employerPercent workerPercent premiumPayer lumpSumOnLeaving
                         lumpSumMinMonths summaryEn summaryKm clause }
    } } }"""
    version = run(as_user("counsellor"), query, {"id": agreements["KR"].pk})["data"]["agreement"]["versionInForce"]
    assert version["hoursPerDay"] == "8.0" and version["overtimeRate"] == "1.50" and version["zeroFee"] is False
    assert {"name": "EPS-TOPIK", "kind": "LANGUAGE", "minScore": "80", "clause": "Art. 5.2"} in version[
        "requiredTests"]
    assert {"name": "Air ticket to Korea", "payer": "WORKER", "capAmount": "450.00", "capCurrency": {"code": "USD"},
            "clause": "Art. 12.2"} in version["feeItems"]
    assert {p["kind"] for p in version["protections"]} == {
        "DOCUMENT_RETENTION_PROHIBITED", "COMPLAINT_CHANNEL", "NON_DISCRIMINATION", "EQUAL_PAY",
    }
    pension = next(r for r in version["portabilityRules"] if r["branch"] == "OLD_AGE")
    assert pension["employerPercent"] == "4.50" and pension["premiumPayer"] == "SHARED"
    assert pension["summaryKm"].startswith("អ្នក")


def test_version_type_is_scoped_however_it_is_reached(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    """Nested edges cannot leak: the type's get_queryset keeps only versions of visible agreements."""
    from mou.graphql.types import AgreementVersionType

    def visible(role: str) -> set[str]:
        info = SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(user=users[role])))
        qs = AgreementVersionType.get_queryset(AgreementVersion.objects.all(), info)  # type: ignore[arg-type]
        return {v.agreement.partner_country.iso2 for v in qs.select_related("agreement__partner_country")}

    assert visible("employer_th") == {"TH"}
    assert visible("agency") == {"TH", "KR", "MY", "JP"}
    assert visible("no_org") == set()
