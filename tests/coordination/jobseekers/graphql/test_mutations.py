"""registerJobSeeker, updateJobSeeker, recordConsent, withdrawConsent: the services' checks as FieldErrors, likely
duplicates as data a partner system can act on."""

from __future__ import annotations

from typing import Any

import pytest

from coordination.jobseekers.models import Consent, JobSeeker
from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db

REGISTER = """mutation($input: JobSeekerInput!, $consent: ConsentInput, $distinctFrom: [ID!]) {
  registerJobSeeker(input: $input, consent: $consent, distinctFrom: $distinctFrom) {
    jobSeeker { id nameLatin nationalId phone consentActive identifiersMasked experiences { occupation { code } } }
    duplicates { id nameLatin nameKm nationalId phone identifiersMasked score reasons jobCentre { name }
                 province { code } }
    errors { field code message } } }"""

UPDATE = """mutation($id: ID!, $input: JobSeekerInput!, $distinctFrom: [ID!]) {
  updateJobSeeker(id: $id, input: $input, distinctFrom: $distinctFrom) {
    jobSeeker { id nameLatin phone } duplicates { id } errors { field code message } } }"""

CONSENT = """mutation($id: ID!, $input: ConsentInput!) { recordConsent(jobSeekerId: $id, input: $input) {
  consent { forMatching shareWithAgencies withdrawnAt } jobSeeker { consentActive } errors { field code message } } }"""

WITHDRAW = """mutation($id: ID!, $reason: String!) { withdrawConsent(jobSeekerId: $id, reason: $reason) {
  consent { withdrawnAt withdrawalReason } jobSeeker { consentActive } errors { field code message } } }"""


def seeker_input(**overrides: Any) -> dict[str, Any]:
    values = {"nameKm": "សុខ ដារា", "nameLatin": "Sok Dara", "sex": "MALE", "dateOfBirth": "1998-04-14",
              "nationalId": "010203040", "phone": "012 345 678", "province": "KH-12", "district": "1201",
              "educationLevel": "UPPER_SECONDARY", "experiences": [{"occupation": "7531", "years": "3"}],
              "languages": [{"language": "ko", "test": "EPS_TOPIK", "score": "72", "takenOn": "2026-05-01"}],
              "destinations": ["KR"], "sectors": ["C"], "minWage": "800", "minWageCurrency": "USD"}
    values.update(overrides)
    return values


def answer(body: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    return body["data"][name]  # type: ignore[no-any-return]


def test_a_counsellor_registers_with_consent(as_user: Any, users: Any) -> None:
    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input(), "consent": {}}), "registerJobSeeker")
    assert out["errors"] == [] and out["duplicates"] == []
    seeker = out["jobSeeker"]
    assert seeker["nationalId"] == "010203040" and seeker["phone"] == "+85512345678"
    assert seeker["consentActive"] is True and seeker["identifiersMasked"] is False
    assert seeker["experiences"] == [{"occupation": {"code": "7531"}}]
    assert JobSeeker.objects.get().job_centre == users["counsellor"].organisation


def test_without_consent_the_seeker_is_registered_out_of_matching(as_user: Any) -> None:
    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input()}), "registerJobSeeker")
    assert out["jobSeeker"]["consentActive"] is False
    assert not Consent.objects.exists()


def test_every_problem_is_named_by_its_input_field(as_user: Any) -> None:
    bad = seeker_input(nameKm="Sok", phone="12", province="KH-99", nationalId="1 2", minWage="-1",
                       experiences=[{"occupation": "0000", "years": "3"}])
    out = answer(run(as_user("counsellor"), REGISTER, {"input": bad}), "registerJobSeeker")
    assert out["jobSeeker"] is None
    fields = {e["field"] for e in out["errors"]}
    assert {"nameKm", "phone", "province", "nationalId", "minWage"} <= fields
    assert any(f.startswith("experiences[0]") for f in fields)
    assert not JobSeeker.objects.exists()


def test_the_same_national_id_is_refused(as_user: Any, users: Any) -> None:
    register(users["counsellor"])
    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input(phone="")}), "registerJobSeeker")
    assert [e["field"] for e in out["errors"]] == ["nationalId"]
    assert JobSeeker.objects.count() == 1


def test_a_likely_duplicate_lists_masked_candidates_until_confirmed_distinct(
        as_user: Any, users: Any, other_counsellor: Any) -> None:
    first = register(users["counsellor"])
    client = as_user("anonymous")
    client.force_login(other_counsellor)  # another job centre: the candidate's identifiers are masked
    same_person = seeker_input(nameLatin="", nationalId="999888777", phone="")  # "សុខ ដារា", the same birthday
    out = answer(run(client, REGISTER, {"input": same_person}), "registerJobSeeker")
    assert out["jobSeeker"] is None
    assert [(e["field"], e["code"]) for e in out["errors"]] == [("duplicates", "likely_duplicate")]
    [candidate] = out["duplicates"]
    assert candidate["id"] == str(first.pk) and candidate["reasons"] == ["NAME_DOB"]
    assert candidate["nationalId"] == "•••••3040" and candidate["phone"] == "+855 ••• ••• 678"
    assert candidate["identifiersMasked"] is True and candidate["score"] >= 85
    assert JobSeeker.objects.count() == 1
    out = answer(run(client, REGISTER, {"input": same_person, "distinctFrom": [str(first.pk)]}), "registerJobSeeker")
    assert out["errors"] == [] and out["jobSeeker"]["id"]
    assert JobSeeker.objects.count() == 2


def test_the_owning_job_centre_sees_its_own_candidate_in_full(as_user: Any, users: Any) -> None:
    register(users["counsellor"])
    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input(nationalId="999888777")}),
                 "registerJobSeeker")
    assert out["duplicates"][0]["nationalId"] == "010203040"
    assert set(out["duplicates"][0]["reasons"]) == {"NAME_DOB", "PHONE"}


def test_a_forged_distinct_from_id_is_named(as_user: Any) -> None:
    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input(), "distinctFrom": ["1", "१२"]}),
                 "registerJobSeeker")
    assert [(e["field"], e["code"]) for e in out["errors"]] == [("distinctFrom[1]", "not_found")]
    assert not JobSeeker.objects.exists()


@pytest.mark.parametrize("role", ["ministry_admin", "agency", "employer_th", "attache"])
def test_only_counsellors_register(role: str, as_user: Any) -> None:
    out = answer(run(as_user(role), REGISTER, {"input": seeker_input()}), "registerJobSeeker")
    assert [e["code"] for e in out["errors"]] == ["permission_denied"]
    assert not JobSeeker.objects.exists()


def test_the_owning_job_centre_updates(as_user: Any, users: Any, other_counsellor: Any) -> None:
    seeker = register(users["counsellor"])
    changed = seeker_input(phone="097 1234 567", nameLatin="Sok Dara")
    client = as_user("anonymous")
    client.force_login(other_counsellor)
    out = answer(run(client, UPDATE, {"id": seeker.pk, "input": changed}), "updateJobSeeker")
    assert [e["code"] for e in out["errors"]] == ["permission_denied"]
    out = answer(run(as_user("counsellor"), UPDATE, {"id": seeker.pk, "input": changed}), "updateJobSeeker")
    assert out["errors"] == [] and out["jobSeeker"]["phone"] == "+855971234567"
    out = answer(run(as_user("counsellor"), UPDATE, {"id": "999999", "input": changed}), "updateJobSeeker")
    assert [(e["field"], e["code"]) for e in out["errors"]] == [("id", "not_found")]


def test_consent_recorded_and_withdrawn(as_user: Any, users: Any) -> None:
    seeker = register(users["counsellor"], consent=None)
    client = as_user("counsellor")
    out = answer(run(client, CONSENT, {"id": seeker.pk, "input": {"forMatching": False}}), "recordConsent")
    assert out["errors"][0]["field"] == "forMatching"  # sharing needs matching
    out = answer(run(client, CONSENT, {"id": seeker.pk, "input": {"shareWithEmployers": False}}), "recordConsent")
    assert out["errors"] == [] and out["jobSeeker"]["consentActive"] is True
    out = answer(run(client, WITHDRAW, {"id": seeker.pk, "reason": "Moved abroad"}), "withdrawConsent")
    assert out["errors"] == [] and out["consent"]["withdrawalReason"] == "Moved abroad"
    assert out["jobSeeker"]["consentActive"] is False
    out = answer(run(client, WITHDRAW, {"id": seeker.pk, "reason": ""}), "withdrawConsent")
    assert [e["field"] for e in out["errors"]] == ["consent"]
    assert Consent.objects.filter(seeker=seeker).count() == 1


def test_the_ministry_withdraws_consent_but_does_not_record_it(as_user: Any, users: Any) -> None:
    seeker = register(users["counsellor"])
    client = as_user("ministry_admin")
    out = answer(run(client, CONSENT, {"id": seeker.pk, "input": {}}), "recordConsent")
    assert [e["code"] for e in out["errors"]] == ["permission_denied"]
    out = answer(run(client, WITHDRAW, {"id": seeker.pk, "reason": "Asked by phone"}), "withdrawConsent")
    assert out["errors"] == [] and out["jobSeeker"]["consentActive"] is False


def test_messages_come_in_khmer(as_user: Any, users: Any) -> None:
    register(users["counsellor"])
    body = run(as_user("counsellor"), REGISTER, {"input": seeker_input(nationalId="999888777")},
               HTTP_ACCEPT_LANGUAGE="km")
    message = answer(body, "registerJobSeeker")["errors"][0]["message"]
    assert any("\u1780" <= ch <= "\u17ff" for ch in message), message


def test_a_16_year_old_is_refused_on_date_of_birth(as_user: Any) -> None:
    """Cambodian law sets 18 as the minimum age to work abroad: the cleaner every door shares refuses younger."""
    from tests.coordination.jobseekers.vetting_helpers import born_aged

    out = answer(run(as_user("counsellor"), REGISTER, {"input": seeker_input(
        dateOfBirth=born_aged(16).isoformat())}), "registerJobSeeker")
    assert out["jobSeeker"] is None
    [error] = [e for e in out["errors"] if e["field"] == "dateOfBirth"]
    assert "minimum age to work abroad" in error["message"]
    assert not JobSeeker.objects.exists()
