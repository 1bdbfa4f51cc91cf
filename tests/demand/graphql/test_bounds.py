"""Bad input through GraphQL gets a clear error on the field, never "Unexpected error." nor a half-write
(issue 9 §2): the observed cases, as samples of their class (the column test derives the rest)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from demand.models import DemandLetter, EmployerProfile
from mou.models import Agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # called when a test runs: a suite may cross midnight
AGREEMENT_CREATE = """mutation($input: AgreementCreateInput!) { agreementCreate(input: $input) {
  agreement { id } errors { field code message } } }"""
LETTER_CREATE = """mutation($input: DemandLetterCreateInput!) { demandLetterCreate(input: $input) {
  letter { id reference } errors { field message } } }"""
LETTER = """query($id: ID!) { demandLetter(id: $id) { id } }"""
PROFILE_SAVE = """mutation($input: EmployerProfileInput!) { employerProfileSave(input: $input) {
  errors { field message } } }"""
TOKEN_CREATE = """mutation($name: String!) { apiTokenCreate(name: $name) { errors { field message } } }"""


def gql(client: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql/", data=json.dumps({"query": query, "variables": variables}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert "Unexpected error." not in json.dumps(body), body
    return body


def errors_on(payload: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in payload["errors"]}


def refused_on(body: dict[str, Any], mutation: str, field: str, says: str) -> None:
    """Refused, naming the field: either by the service (an error on the field, in the payload) or before any
    resolver runs (NUL anywhere, a number not in the one format: a request error naming the input's path)."""
    payload = (body.get("data") or {}).get(mutation)
    if payload is not None:
        assert says in errors_on(payload).get(field, ""), payload["errors"]
        return
    [error] = body["errors"]
    last = field.split(".")[-1].split("[")[0]
    assert last in error["message"] and ("NUL" in error["message"] or "digits 0-9" in error["message"]), error


def terms(**changes: Any) -> dict[str, Any]:
    base = {
        "signedDate": TODAY().isoformat(), "inForceFrom": TODAY().isoformat(), "hoursPerDay": "8",
        "hoursPerWeek": "48", "overtimeRate": "1.5", "contractMinMonths": 12, "contractMaxMonths": 24,
        "maxStayMonths": 48, "minAge": 18, "maxAge": 45, "rosterValidityMonths": 24, "sectors": ["C"],
        "wageFloors": [{"sector": "C", "amount": "300", "currency": "THB", "period": "DAY"}],
    }
    return {**base, **changes}


def agreement(title: str = "Bounds", terms_: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    return {"input": {"partnerCountry": "SG", "title": title, "channel": "G2G", "terms": terms_ or terms(),
                      **changes}}


def test_a_valid_agreement_passes(as_role, reference_data, users):
    payload = gql(as_role("ministry_admin"), AGREEMENT_CREATE, agreement())["data"]["agreementCreate"]
    assert payload["errors"] == [] and payload["agreement"]


@pytest.mark.parametrize(("variables", "field", "says"), [
    (agreement(terms_=terms(hoursPerDay="NaN")), "hoursPerDay", "digits 0–9"),
    (agreement(terms_=terms(hoursPerDay="Infinity")), "hoursPerDay", "digits 0–9"),
    (agreement(terms_=terms(contractMaxMonths=40000)), "contractMaxMonths", "32,767"),
    (agreement(terms_=terms(wageFloors=[{"sector": "C", "amount": "1e20", "currency": "THB", "period": "DAY"}])),
     "wageFloors[0].amount", "digits before the decimal point"),
    (agreement(terms_=terms(hoursClause="x" * 1000)), "hoursClause", "at most 60 characters"),
    (agreement(title="x" * 100_000), "title", "at most 255 characters"),
    (agreement(title="\u200b \u2060\ufeff"), "title", "Give the agreement a title"),
    (agreement(terms_=terms(sectors=["C\x00"])), "sectors[0]", "NUL"),
    (agreement(terms_=terms(reentryRule="a\x00b")), "reentryRule", "NUL"),
    (agreement(terms_=terms(signedDate="0001-01-01")), "signedDate", "Give a date from"),
    (agreement(terms_=terms(inForceFrom="9999-12-31")), "inForceFrom", "Give a date from"),
], ids=["nan", "infinity", "smallint", "numeric", "clause", "title", "zero-width-title", "nul-sector",
        "nul-text", "ancient", "far-future"])
def test_agreement_create_refuses_on_the_field(as_role, reference_data, users, variables, field, says):
    refused_on(gql(as_role("ministry_admin"), AGREEMENT_CREATE, variables), "agreementCreate", field, says)
    assert not Agreement.objects.filter(partner_country__iso2="SG").exists()


def position(**changes: Any) -> dict[str, Any]:
    base = {"occupation": "8211", "sector": "C", "workers": 10, "wageAmount": "2300000", "wageCurrency": "KRW",
            "wagePeriod": "MONTH", "hoursPerDay": "8", "daysPerWeek": 5, "restDaysPerWeek": 2,
            "overtimeRate": "1.5", "contractMonths": 36, "workLocation": "Ansan", "languageTest": "EPS-TOPIK",
            "languageMinScore": "80"}
    return {**base, **changes}


def letter(agreement_id: int, positions: list[dict[str, Any]] | None = None, **changes: Any) -> dict[str, Any]:
    """A letter input with those changes; a change given as TODAY becomes today's date when the test runs."""
    changes = {key: TODAY().isoformat() if value is TODAY else value for key, value in changes.items()}
    return {"input": {"agreementId": str(agreement_id), "validFrom": TODAY().isoformat(),
                      "validUntil": (TODAY() + datetime.timedelta(days=365)).isoformat(),
                      "positions": positions if positions is not None else [position()], **changes}}


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"positions": [position(skills="s" * 3_000_000)]}, "positions[0].skills", "at most 5000 characters"),
    ({"positions": [position(workLocation="Ansan\x00")]}, "positions[0].workLocation", "NUL"),
    ({"positions": [position(workLocation="\u200b\u200c ")]}, "positions[0].workLocation", "Say where the work is"),
    ({"positions": [position(skills="a\x00")]}, "positions[0].skills", "NUL"),
    ({"positions": [position(costs=[{"name": "Fee\x00", "payer": "EMPLOYER", "amount": "1", "currency": "KRW"}])]},
     "positions[0].costs[0].name", "NUL"),
    ({"positions": [position(wageAmount="NaN")]}, "positions[0].wageAmount", "wage"),
    ({"positions": [position(wageAmount="1e20")]}, "positions[0].wageAmount", "wage"),
    ({"positions": [position(occupation="8211\x00")]}, "positions[0].occupation", "NUL"),
    ({"validFrom": "0001-01-01"}, "validFrom", "validity starts between"),
    ({"validUntil": "9999-12-31"}, "validUntil", "ends by"),
    ({"attestationOfficer": "x\x00", "attestationDate": TODAY}, "attestationOfficer", "NUL"),
], ids=["3mb-skills", "nul-location", "blank-location", "nul-skills", "nul-cost", "nan-wage", "huge-wage",
        "nul-code", "ancient", "far-future", "nul-officer"])
def test_letter_create_refuses_on_the_field(as_role, agreements, employers, changes, field, says):
    refused_on(gql(as_role("employer_kr"), LETTER_CREATE, letter(agreements["KR"].pk, **changes)),
               "demandLetterCreate", field, says)
    assert not DemandLetter.objects.exists()


def test_an_id_in_other_digits_names_nothing(as_role, agreements, employers, letter_in):
    made = letter_in("draft")
    client = as_role("employer_kr")
    assert gql(client, LETTER, {"id": str(made.pk)})["data"]["demandLetter"] == {"id": str(made.pk)}
    devanagari = "".join("०१२३४५६७८९"[int(d)] for d in str(made.pk))
    assert gql(client, LETTER, {"id": devanagari})["data"]["demandLetter"] is None
    assert gql(client, LETTER, {"id": f"{made.pk}_0"})["data"]["demandLetter"] is None


@pytest.mark.parametrize(("field", "value", "says"), [
    ("address", "a" * 2_000_001, "at most 2000 characters"),
    ("registrationNumber", "REG\x00", "NUL"),
    ("legalName", "\u200b\ufeff", "legal name"),
])
def test_employer_profile_refuses_on_the_field(as_role, employers, field, value, says):
    before = list(EmployerProfile.objects.values_list("address", "registration_number", "legal_name"))
    values = {"legalName": "L", "registrationNumber": "R", "address": "A", "sector": "C", "contactName": "N",
              "contactEmail": "n@example.com", field: value}
    refused_on(gql(as_role("employer_kr"), PROFILE_SAVE, {"input": values}), "employerProfileSave", field, says)
    assert list(EmployerProfile.objects.values_list("address", "registration_number", "legal_name")) == before


@pytest.mark.parametrize(("name", "says"), [("x" * 101, "at most 100 characters"), ("token\x00", "NUL")])
def test_token_name_is_checked_not_cut(as_role, users, name, says):
    refused_on(gql(as_role("employer_kr"), TOKEN_CREATE, {"name": name}), "apiTokenCreate", "name", says)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("amount", ["١٢٣٤٥٦٧", "1_000", "1e3", "NaN", "Infinity", "0x10"])
def test_a_decimal_is_read_in_the_one_number_format(as_role, agreements, employers, amount):
    """The Decimal scalar itself reads only ASCII digits (api/scalars.py): strawberry's reads other scripts'
    digits and underscores as numbers before any service sees them."""
    body = gql(as_role("employer_kr"), LETTER_CREATE, letter(agreements["KR"].pk, [position(wageAmount=amount)]))
    refused_on(body, "demandLetterCreate", "positions[0].wageAmount", "wage")
    assert not DemandLetter.objects.exists()
