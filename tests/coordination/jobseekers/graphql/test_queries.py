"""jobSeekers and jobSeeker: scoping, filters, masking, sex by role, the access log, withdrawn consent, and the
rows path answering exactly as the ordinary path."""

from __future__ import annotations

from typing import Any

import pytest

from api.fastpath import plan as fastpath_plan
from coordination.jobseekers.models import ProfileView
from tests.api.helpers import difference, run

pytestmark = pytest.mark.django_db

LIST = """query($province: String, $occupation: String, $agreementId: ID, $vettingStatus: VettingStatus,
                 $search: String) {
  jobSeekers(first: 100, province: $province, occupation: $occupation, agreementId: $agreementId,
             vettingStatus: $vettingStatus, search: $search) {
    totalCount edges { node { id nameLatin nameKm displayName dateOfBirth vettingStatus consentActive
      province { code } district { code nameEn } jobCentre { name }
      experiences { occupation { code } years } languages { language { code } test score validUntil }
      destinations { rank country { iso2 } } certifications { name issuer } } } } }"""

PROFILE = """query($id: ID!) { jobSeeker(id: $id) { id nameLatin sex nationalId phone passportNumber
  identifiersMasked consents { forMatching withdrawnAt } vettingEvidence { kind } accessLog { channel organisation }
  sectors { code } educationLevel status } }"""


def names(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body["errors"]
    return [e["node"]["nameLatin"] for e in body["data"]["jobSeekers"]["edges"]]


@pytest.mark.parametrize("role", ["counsellor", "ministry_admin", "ministry_reviewer", "admin"])
def test_the_registry_sees_everyone_newest_first(role: str, as_user: Any, seekers: Any) -> None:
    assert names(run(as_user(role), LIST)) == ["Keo Mony", "Chan Sophea", "Sok Dara"]


def test_an_agency_sees_rostered_seekers_who_consented_and_never_one_who_withdrew(as_user: Any, seekers: Any
                                                                                   ) -> None:
    client = as_user("agency")
    assert names(run(client, LIST)) == ["Sok Dara"]
    body = run(client, PROFILE, {"id": seekers["mony"].pk})
    assert body["data"]["jobSeeker"] is None
    assert run(client, PROFILE, {"id": seekers["sophea"].pk})["data"]["jobSeeker"] is None


@pytest.mark.parametrize("role", ["employer_th", "employer_kr", "attache", "no_org"])
def test_employers_and_others_see_nobody(role: str, as_user: Any, seekers: Any) -> None:
    client = as_user(role)
    assert names(run(client, LIST)) == []
    assert run(client, PROFILE, {"id": seekers["dara"].pk})["data"]["jobSeeker"] is None


def test_filters(as_user: Any, seekers: Any, agreements: Any) -> None:
    client = as_user("ministry_admin")
    assert names(run(client, LIST, {"province": "KH-3"})) == ["Chan Sophea"]
    assert names(run(client, LIST, {"province": "3"})) == ["Chan Sophea"]
    assert names(run(client, LIST, {"occupation": "75"})) == ["Keo Mony", "Sok Dara"]
    assert run(client, LIST, {"occupation": "75"})["data"]["jobSeekers"]["totalCount"] == 2
    assert names(run(client, LIST, {"agreementId": str(agreements["KR"].pk)})) == ["Keo Mony", "Sok Dara"]
    assert names(run(client, LIST, {"agreementId": str(agreements["TH"].pk)})) == []
    assert names(run(client, LIST, {"agreementId": "१२"})) == []
    assert names(run(client, LIST, {"vettingStatus": "NOT_VETTED"})) == ["Keo Mony", "Chan Sophea", "Sok Dara"]
    assert names(run(client, LIST, {"vettingStatus": "VETTED"})) == []
    assert names(run(client, LIST, {"search": "sok dara"})) == ["Sok Dara"]
    assert names(run(client, LIST, {"search": "សុខ"})) == ["Sok Dara"]
    assert names(run(client, LIST, {"search": "020304050"})) == ["Chan Sophea"]


@pytest.mark.parametrize("role", ["counsellor", "ministry_admin", "agency"])
@pytest.mark.parametrize("variables", [{}, {"occupation": "75"}, {"search": "dara"}], ids=["all", "occ", "search"])
def test_the_rows_path_answers_as_the_ordinary_path(role: str, variables: Any, as_user: Any, seekers: Any,
                                                   pages_from_rows: list[int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    client = as_user(role)
    monkeypatch.setattr(fastpath_plan, "enabled", False)
    ordinary = run(client, LIST, variables)
    monkeypatch.setattr(fastpath_plan, "enabled", True)
    rows = run(client, LIST, variables)
    assert rows == ordinary, difference(rows, ordinary)
    assert "errors" not in rows
    assert pages_from_rows, "the rows path was not taken"


def test_the_owning_job_centre_sees_identifiers_in_full_and_is_not_logged(as_user: Any, seekers: Any) -> None:
    seeker = run(as_user("counsellor"), PROFILE, {"id": seekers["dara"].pk})["data"]["jobSeeker"]
    assert seeker["nationalId"] == "010203040" and seeker["phone"] == "+85512345678"
    assert seeker["identifiersMasked"] is False and seeker["sex"] == "MALE"
    assert [c["forMatching"] for c in seeker["consents"]] == [True]
    assert seeker["sectors"] == [{"code": "C"}] and seeker["educationLevel"] == "UPPER_SECONDARY"
    assert not ProfileView.objects.exists()


def test_an_agency_sees_masked_identifiers_no_sex_and_its_view_is_logged_once(as_user: Any, seekers: Any,
                                                                             users: Any) -> None:
    query = """query($id: ID!) { a: jobSeeker(id: $id) { nationalId phone identifiersMasked sex vettingEvidence {
      kind } accessLog { channel } } b: jobSeeker(id: $id) { nameLatin } }"""
    body = run(as_user("agency"), query, {"id": seekers["dara"].pk})
    seeker = body["data"]["a"]
    assert seeker == {"nationalId": "•••••3040", "phone": "+855 ••• ••• 678", "identifiersMasked": True, "sex": None,
                      "vettingEvidence": [], "accessLog": []}
    view = ProfileView.objects.get()
    assert (view.seeker, view.viewer, view.channel) == (seekers["dara"], users["agency"], "graphql")
    # The owning job centre reads the log.
    log = run(as_user("counsellor"), PROFILE, {"id": seekers["dara"].pk})["data"]["jobSeeker"]["accessLog"]
    assert log == [{"channel": "graphql", "organisation": users["agency"].organisation.name}]


def test_a_counsellor_of_another_job_centre_sees_masked_identifiers_and_is_logged(
        as_user: Any, seekers: Any, other_counsellor: Any) -> None:
    other = other_counsellor
    client = as_user("anonymous")
    client.force_login(other)
    seeker = run(client, PROFILE, {"id": seekers["dara"].pk})["data"]["jobSeeker"]
    assert seeker["identifiersMasked"] is True and seeker["nationalId"] == "•••••3040"
    assert seeker["sex"] == "MALE"  # counsellors keep the statistics
    assert ProfileView.objects.filter(viewer=other).count() == 1


def test_the_ministry_sees_in_full_and_is_not_logged(as_user: Any, seekers: Any) -> None:
    seeker = run(as_user("ministry_reviewer"), PROFILE, {"id": seekers["mony"].pk})["data"]["jobSeeker"]
    assert seeker["nationalId"] == "030405060" and seeker["identifiersMasked"] is False
    assert [c["withdrawnAt"] is not None for c in seeker["consents"]] == [True]
    assert not ProfileView.objects.exists()


def test_anonymous_gets_unauthenticated(as_user: Any, seekers: Any) -> None:
    body = run(as_user("anonymous"), LIST)
    assert body["data"]["jobSeekers"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
