"""Agreement mutations: success writes a version and an audit event; bad input returns typed errors with
field paths and writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from audit.models import AuditEvent
from mou.models import AgreementVersion
from mou.services import terms_from_version
from mou.terms import FeeItemData, VersionTerms, WageFloorData
from tests.api.helpers import run
from tests.mou.helpers import terms_input

AMEND = """
mutation($input: AgreementAmendInput!) {
  agreementAmend(input: $input) {
    agreement { id versionInForce { number hoursPerWeek } versions { totalCount } }
    version { number inForceFrom inForceTo hoursPerWeek wageFloors { sector { code } amount period } }
    errors { field code message }
  }
}"""


def _th_terms(agreements: dict[str, Any]) -> VersionTerms:
    terms = terms_from_version(agreements["TH"].versions.get())
    terms.signed_date, terms.in_force_from = datetime.date(2025, 11, 1), datetime.date(2026, 1, 1)
    return terms


def test_amend_writes_version_2_and_an_audit_event(as_user: Any, agreements: dict[str, Any]) -> None:
    th = agreements["TH"]
    terms = _th_terms(agreements)
    terms.hours_per_week = Decimal("44")
    terms.wage_floors = [WageFloorData(sector="A", amount=Decimal("400"), currency="THB", period="day")]
    body = run(as_user("ministry_admin"), AMEND, {"input": {
        "agreementId": th.pk, "reason": "Exchange of letters of 1 November 2025", "terms": terms_input(terms),
    }})
    payload = body["data"]["agreementAmend"]
    assert payload["errors"] == []
    assert payload["version"]["number"] == 2
    assert payload["version"]["inForceFrom"] == "2026-01-01"
    assert payload["version"]["inForceTo"] is None
    assert payload["version"]["hoursPerWeek"] == "44.0"
    assert payload["version"]["wageFloors"][0] == {"sector": {"code": "A"}, "amount": "400.00", "period": "DAY"}
    assert payload["agreement"]["versions"]["totalCount"] == 2

    first = th.versions.get(number=1)
    assert first.in_force_to == datetime.date(2025, 12, 31)
    event = AuditEvent.objects.get(action="agreement.amend", target_id=str(th.pk))
    assert event.reason == "Exchange of letters of 1 November 2025"
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert event.before["hours_per_week"] == "48" and event.after["hours_per_week"] == "44"


def test_bad_input_returns_typed_errors_and_writes_nothing(as_user: Any, agreements: dict[str, Any]) -> None:
    th = agreements["TH"]
    terms = _th_terms(agreements)
    terms.contract_min_months, terms.contract_max_months = 24, 12
    terms.zero_fee = True  # … yet the worker pays for the passport and the medical check
    terms.fee_items = [FeeItemData(name="Passport", payer="worker", cap_amount=Decimal("20"), cap_currency="USD")]
    terms.wage_floors[1].amount = Decimal("0")
    versions, events = AgreementVersion.objects.count(), AuditEvent.objects.count()

    payload = run(as_user("ministry_admin"), AMEND, {"input": {
        "agreementId": th.pk, "reason": "Exchange of letters", "terms": terms_input(terms),
    }})["data"]["agreementAmend"]

    assert payload["agreement"] is None and payload["version"] is None
    errors = {(e["field"], e["code"]): e["message"] for e in payload["errors"]}
    assert errors == {
        ("contractMaxMonths", "invalid"): "The longest contract cannot be shorter than the shortest.",
        ("feeItems[0].payer", "invalid"):
            "Under a zero-fee agreement workers pay no cost items; the employer pays.",
        ("wageFloors[1].amount", "invalid"): "The minimum wage must be more than zero.",
    }
    assert AgreementVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events
    th.refresh_from_db()
    assert th.versions.get().in_force_to is None


def test_amend_without_reason(as_user: Any, agreements: dict[str, Any]) -> None:
    payload = run(as_user("ministry_admin"), AMEND, {"input": {
        "agreementId": agreements["TH"].pk, "reason": " ", "terms": terms_input(_th_terms(agreements)),
    }})["data"]["agreementAmend"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "invalid")]


def test_amend_of_unknown_agreement(as_user: Any, agreements: dict[str, Any]) -> None:
    payload = run(as_user("ministry_admin"), AMEND, {"input": {
        "agreementId": "999999", "reason": "x", "terms": terms_input(_th_terms(agreements)),
    }})["data"]["agreementAmend"]
    assert payload["errors"] == [
        {"field": "agreementId", "code": "not_found", "message": "That agreement does not exist."}
    ]


CREATE = """
mutation($input: AgreementCreateInput!) {
  agreementCreate(input: $input) {
    agreement { id title status channel partnerCountry { iso2 } versionInForce { number sectors { code } } }
    errors { field code message }
  }
}"""


def test_create_in_force(as_user: Any, agreements: dict[str, Any]) -> None:
    terms = terms_from_version(agreements["JP"].versions.get())
    payload = run(as_user("ministry_reviewer"), CREATE, {"input": {
        "partnerCountry": "sg", "title": "Cambodia–Singapore MoU", "channel": "G2G", "status": "IN_FORCE",
        "reason": "Signed in Phnom Penh", "terms": terms_input(terms),
    }})["data"]["agreementCreate"]
    assert payload["errors"] == []
    agreement = payload["agreement"]
    assert (agreement["status"], agreement["channel"], agreement["partnerCountry"]) == (
        "IN_FORCE", "G2G", {"iso2": "SG"}
    )
    assert agreement["versionInForce"]["number"] == 1
    assert {s["code"] for s in agreement["versionInForce"]["sectors"]} == {"C", "F", "A", "Q", "I"}
    assert AuditEvent.objects.filter(action="agreement.create", target_id=agreement["id"]).count() == 1


def test_create_reports_every_problem(as_user: Any, agreements: dict[str, Any]) -> None:
    terms = terms_from_version(agreements["JP"].versions.get())
    terms.sectors = ["ZZ"]
    terms.wage_floors, terms.quotas = terms.wage_floors[:1], []
    payload = run(as_user("ministry_admin"), CREATE, {"input": {
        "partnerCountry": "XX", "title": " ", "channel": "PRIVATE", "status": "EXPIRED",
        "terms": terms_input(terms),
    }})["data"]["agreementCreate"]
    assert payload["agreement"] is None
    assert {e["field"] for e in payload["errors"]} == {
        "partnerCountry", "title", "status", "sectors", "wageFloors[0].sector",
    }


def test_an_enum_outside_the_list_is_rejected_by_graphql(as_user: Any, agreements: dict[str, Any]) -> None:
    terms = terms_input(terms_from_version(agreements["JP"].versions.get()))
    terms["wageFloors"][0]["period"] = "FORTNIGHT"
    body = run(as_user("ministry_admin"), CREATE, {"input": {
        "partnerCountry": "SG", "title": "x", "channel": "PRIVATE", "terms": terms,
    }})
    assert body["data"] is None
    assert "FORTNIGHT" in body["errors"][0]["message"]


SET_STATUS = """
mutation($id: ID!, $status: AgreementStatus!) {
  agreementSetStatus(agreementId: $id, status: $status, reason: "Annual review") {
    agreement { status } errors { field code message }
  }
}"""


def test_set_status_checks_the_transition(as_user: Any, agreements: dict[str, Any]) -> None:
    client = as_user("ministry_admin")
    kr = agreements["KR"]
    assert run(client, SET_STATUS, {"id": kr.pk, "status": "EXPIRED"})["data"]["agreementSetStatus"] == {
        "agreement": {"status": "EXPIRED"}, "errors": [],
    }
    payload = run(client, SET_STATUS, {"id": kr.pk, "status": "IN_FORCE"})["data"]["agreementSetStatus"]
    assert payload == {"agreement": None, "errors": [{
        "field": "status", "code": "invalid", "message": "An agreement that is Expired cannot become In force.",
    }]}


KHMER_AMEND = """
mutation($input: AgreementAmendInput!) {
  agreementAmend(input: $input) {
    agreement { title titleKm }
    version { reentryRuleKm feeItems { name nameKm } requiredTests { name nameKm } protections { kind detailsKm }
              portabilityRules { scheme schemeKm insurerKm } }
    errors { field code message }
  }
}"""


def test_the_api_takes_and_gives_the_khmer_forms_of_the_terms(as_user: Any, agreements: dict[str, Any]) -> None:
    th = agreements["TH"]
    terms = _th_terms(agreements)
    terms.reentry_rule_km = "ក្រោយពីពីរឆ្នាំ កម្មករអាចបន្តបាន។"
    terms.fee_items[0].name_km = "ថ្លៃសេវាថ្មី"
    payload = run(as_user("ministry_admin"), KHMER_AMEND, {"input": {
        "agreementId": th.pk, "reason": "Khmer forms", "titleKm": "ចំណងជើងថ្មី", "terms": terms_input(terms),
    }})["data"]["agreementAmend"]
    assert payload["errors"] == []
    assert payload["agreement"]["titleKm"] == "ចំណងជើងថ្មី"
    version = payload["version"]
    assert version["reentryRuleKm"] == "ក្រោយពីពីរឆ្នាំ កម្មករអាចបន្តបាន។"
    assert {"name": terms.fee_items[0].name, "nameKm": "ថ្លៃសេវាថ្មី"} in version["feeItems"]
    assert all(p["detailsKm"] for p in version["protections"])  # carried over from version 1
    assert all(r["schemeKm"] and r["insurerKm"] for r in version["portabilityRules"])
    event = AuditEvent.objects.get(action="agreement.amend", target_id=str(th.pk))
    assert event.after["title_km"] == "ចំណងជើងថ្មី" and event.before["title_km"] != "ចំណងជើងថ្មី"


def test_a_khmer_form_too_long_is_refused_naming_the_field(as_user: Any, agreements: dict[str, Any]) -> None:
    terms = _th_terms(agreements)
    terms.fee_items[0].name_km = "ក" * 151
    versions = AgreementVersion.objects.count()
    payload = run(as_user("ministry_admin"), KHMER_AMEND, {"input": {
        "agreementId": agreements["TH"].pk, "reason": "Khmer forms", "titleKm": "ក" * 256,
        "terms": terms_input(terms),
    }})["data"]["agreementAmend"]
    fields = {e["field"] for e in payload["errors"]}
    assert {"titleKm", "feeItems[0].nameKm"} <= fields, payload["errors"]
    assert AgreementVersion.objects.count() == versions
    assert agreements["TH"].title_km == type(agreements["TH"]).objects.get(pk=agreements["TH"].pk).title_km
