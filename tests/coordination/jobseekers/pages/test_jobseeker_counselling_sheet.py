"""The jobseeker_counselling_sheet page (frontend/jobseekers/views/counselling.py): printable, in English and
Khmer, with eligibility per agreement; counsellors and ministry staff only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coordination.jobseekers.models import JobSeeker
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import record
from tests.pages import LOGIN, ROLES, assert_status

pytestmark = pytest.mark.django_db

ALLOWED = {"admin", "ministry_admin", "ministry_reviewer", "counsellor"}


@pytest.fixture
def seeker(users: dict[str, Any], agreements: dict[str, Any]) -> JobSeeker:
    seeker = register(users["counsellor"])
    record(users["counsellor"], seeker, "test", test="EPS-TOPIK", score="72")
    return seeker


def url(seeker: JobSeeker, agreement: Any) -> str:
    return reverse("jobseeker_counselling_sheet", kwargs={"pk": seeker.pk, "agreement_id": agreement.pk})


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_sheet(as_role: Any, seeker: JobSeeker, agreements: dict[str, Any], role: str) -> None:
    response = as_role(role).get(url(seeker, agreements["KR"]))
    if role in ("anonymous", "inactive"):
        assert_status(response, LOGIN)
    elif role in ALLOWED:
        assert_status(response, 200)
    else:
        assert response.status_code in (403, 404), response.status_code


def test_the_sheet_shows_the_terms_the_clauses_and_what_is_missing(as_role: Any, seeker: JobSeeker,
                                                                   agreements: dict[str, Any]) -> None:
    page = as_role("counsellor").get(url(seeker, agreements["KR"])).content.decode()
    assert "What you must never pay" in page
    assert "Recruitment and placement: paid by the employer, never by you" in page
    assert "EPS-TOPIK test fee: you may be asked to pay at most 24.00 USD" in page
    assert "The documents you keep" in page and "Art. 9" in page
    assert "How your social security carries over" in page and "National Pension" in page
    assert "Needs EPS-TOPIK ≥ 80, has 72" in page and "Art. 5.2" in page
    assert "No police clearance recorded" in page
    assert 'id="eligibility"' in page and "Cambodian law" in page
    assert "jobseekers/counselling.css" in page  # the print stylesheet


def test_the_sheet_in_khmer(as_role: Any, seeker: JobSeeker, agreements: dict[str, Any]) -> None:
    client = as_role("counsellor")
    client.cookies["django_language"] = "km"
    page = client.get(url(seeker, agreements["KR"]), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert '<html lang="km">' in page
    assert "What you must never pay" not in page
    assert "ប្រាក់សោធននិវត្តន៍ជាតិ" in page  # the agreement's own Khmer summary


def test_an_agreement_not_in_force_or_unknown_is_not_found(as_role: Any, seeker: JobSeeker,
                                                           draft: Any) -> None:
    client = as_role("ministry_admin")
    assert client.get(url(seeker, draft)).status_code == 404
    assert client.get(reverse("jobseeker_counselling_sheet",
                              kwargs={"pk": seeker.pk, "agreement_id": 999999})).status_code == 404
    assert client.get(reverse("jobseeker_counselling_sheet",
                              kwargs={"pk": 999999, "agreement_id": draft.pk})).status_code == 404
