"""The duplicate check of the event registration form, asked as the counsellor types (htmx): the same likely
matches and national-ID block as the registration's own check, nothing written, only for those who may register
at the event; without JavaScript the submit shows the same panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, Role, User
from coordination.events.models import Attendance, EventStatus
from coordination.jobseekers.models import JobSeeker
from tests.coordination.events.pages.test_event_register import ESSENTIALS
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db


def check(client: Any, event: Any, **typed: str) -> Any:
    return client.post(reverse("event_register_check", args=[event.pk]), typed, HTTP_HX_REQUEST="true")


@pytest.fixture
def khmer_sok_dara(users: dict[str, Any]) -> Any:
    return register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="010203040", phone="")


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> Any:
    centre = Organisation.objects.create(name="Job Centre Battambang", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("counsellor.btb", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def test_a_name_in_the_other_script_with_the_date_of_birth_shows_the_candidate(as_role, event, khmer_sok_dara):
    response = check(as_role("counsellor"), event, name_latin="Sok Dara", date_of_birth="1998-04-14")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="duplicates"' in body and "សុខ ដារា" in body
    assert reverse("jobseeker_detail", args=[khmer_sok_dara.pk]) in body
    assert "010203040" in body  # the counsellor's own job centre sees it in full
    assert "<html" not in body  # a fragment, swapped under the form
    assert JobSeeker.objects.count() == 1 and not Attendance.objects.exists()


def test_the_national_id_already_registered_is_shown_as_a_block(as_role, event, khmer_sok_dara):
    body = check(as_role("counsellor"), event, national_id="0102-03040").content.decode()
    assert 'id="national-id-taken"' in body and "សុខ ដារា" in body
    assert 'id="duplicates"' not in body  # the same record is not listed twice


def test_nothing_typed_or_nothing_near_shows_nothing(as_role, event, khmer_sok_dara):
    client = as_role("counsellor")
    assert check(client, event).content.decode().strip() == ""
    assert "duplicates" not in check(client, event, name_latin="Chan Sophea", date_of_birth="1998-04-14",
                                     phone="097 765 4321").content.decode()
    # half-typed values are not compared, not reported either
    assert check(client, event, name_latin="Sok Dara", date_of_birth="1998-04").status_code == 200


def test_another_job_centre_sees_the_candidate_with_identifiers_masked(client, users, event, khmer_sok_dara,
                                                                       other_counsellor):
    event.staff.add(other_counsellor)
    client.force_login(other_counsellor)
    body = check(client, event, name_latin="Sok Dara", date_of_birth="1998-04-14").content.decode()
    assert "សុខ ដារា" in body and "010203040" not in body and "•••••3040" in body


def test_another_job_centre_not_on_the_staff_is_told_the_event_does_not_exist(client, event, other_counsellor):
    client.force_login(other_counsellor)
    assert check(client, event, name_latin="Sok Dara").status_code == 404


def test_a_get_is_refused(as_role, event):
    assert as_role("counsellor").get(reverse("event_register_check", args=[event.pk])).status_code == 405


def test_a_closed_event_answers_an_empty_panel(as_role, users, event, khmer_sok_dara):
    event.status = EventStatus.CLOSED
    event.save()
    response = check(as_role("counsellor"), event, name_latin="Sok Dara", date_of_birth="1998-04-14")
    assert response.status_code == 200 and "duplicates" not in response.content.decode()


def test_the_form_asks_as_it_is_typed(as_role, event):
    body = as_role("counsellor").get(reverse("event_register", args=[event.pk])).content.decode()
    url = reverse("event_register_check", args=[event.pk])
    assert body.count(f'hx-post="{url}"') == 5  # both names, the date of birth, the phone, the national ID
    assert 'hx-trigger="keyup changed delay:400ms, change"' in body
    assert 'id="duplicate-check"' in body


def test_without_javascript_the_submit_shows_the_same_panel(as_role, event, khmer_sok_dara):
    client = as_role("counsellor")
    typed = {"name_latin": "Sok Dara", "date_of_birth": "1998-04-14"}
    live = check(client, event, **typed).content.decode()
    submitted = client.post(reverse("event_register", args=[event.pk]), {**ESSENTIALS, **typed}).content.decode()
    assert 'id="duplicates"' in submitted and 'href="#duplicates"' in submitted  # the error summary points at it
    link = reverse("jobseeker_detail", args=[khmer_sok_dara.pk])
    assert link in live and link in submitted
    # a national ID already registered: refused on the field, and the record is shown to open
    submitted = client.post(reverse("event_register", args=[event.pk]),
                            {**ESSENTIALS, "national_id": "010203040"}).content.decode()
    assert 'id="national-id-taken"' in submitted and link in submitted
    assert JobSeeker.objects.count() == 1
