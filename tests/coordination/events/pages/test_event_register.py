"""The quick registration at an event: registered and checked in; a near-duplicate in the other script is shown
before anything is written; "a different person" registers; "the same person" checks the existing record in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.events.models import Attendance
from coordination.jobseekers.models import JobSeeker
from tests.coordination.jobseekers.helpers import register
from tests.pages import form_data

pytestmark = pytest.mark.django_db

ESSENTIALS = {"name_latin": "Sok Dara", "name_km": "", "sex": "male", "date_of_birth": "1998-04-14",
              "phone": "", "national_id": "", "province": "KH-12", "district": "1201", "occupation": "7531",
              "years": "3", "consent": "on"}


def test_registers_and_checks_in(as_role, event):
    client = as_role("counsellor")
    response = client.post(reverse("event_register", args=[event.pk]), ESSENTIALS)
    seeker = JobSeeker.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("event_seeker", args=[event.pk, seeker.pk])
    assert Attendance.objects.get(event=event, seeker=seeker).registered_here


def test_a_near_duplicate_in_the_other_script_is_shown_then_confirmed_distinct(as_role, users, event):
    existing = register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="", phone="")
    client = as_role("counsellor")
    url = reverse("event_register", args=[event.pk])
    response = client.post(url, ESSENTIALS)
    assert response.status_code == 200
    assert "សុខ ដារា" in response.content.decode()
    assert JobSeeker.objects.count() == 1
    again = form_data(response.content, containing="distinct_from")
    assert again["distinct_from"] == str(existing.pk)
    response = client.post(url, again)
    assert response.status_code == 302
    assert JobSeeker.objects.count() == 2


def test_missing_consent_and_bad_fields_are_named(as_role, event):
    response = as_role("counsellor").post(reverse("event_register", args=[event.pk]),
                                          {**ESSENTIALS, "consent": "", "occupation": "9999"})
    assert response.status_code == 200
    assert not JobSeeker.objects.exists()


def test_in_khmer(as_role, event):
    client = as_role("counsellor")
    response = client.get(reverse("event_register", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200
