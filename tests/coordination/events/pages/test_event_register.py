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


def _options(html: str, select: str) -> list[str]:
    """The option values of the select named `select` (blank first)."""
    import re

    block = re.search(rf'<select name="{select}"[^>]*>(.*?)</select>', html, re.S)
    assert block, f"no select named {select}"
    return re.findall(r'<option value="([^"]*)"', block.group(1))


def _selected(html: str, select: str) -> str | None:
    import re

    block = re.search(rf'<select name="{select}"[^>]*>(.*?)</select>', html, re.S)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', block.group(1))
    return found.group(1) if found else None


def test_the_province_starts_as_the_events_and_the_districts_are_its_own(as_role, event):
    from reference.models import District

    html = as_role("counsellor").get(reverse("event_register", args=[event.pk])).content.decode()
    assert event.province.code == "KH-3"
    assert _selected(html, "province") == "KH-3"
    districts = _options(html, "district")
    assert districts[0] == ""
    assert districts[1:] == list(District.objects.filter(province__code="KH-3").order_by("code")
                                 .values_list("code", flat=True))
    assert districts[1:] and "1201" not in districts
    assert 'name="district" type="text"' not in html  # no code to type from memory any more


def test_choosing_another_province_lists_its_districts(as_role, event):
    """htmx asks the page for the province chosen and swaps in its district list (hx-select)."""
    html = as_role("counsellor").get(reverse("event_register", args=[event.pk]),
                                     {"province": "KH-12"}).content.decode()
    assert _selected(html, "province") == "KH-12"
    districts = _options(html, "district")
    assert "1201" in districts and all(code.startswith("12") for code in districts[1:])
    assert 'id="district-field"' in html and 'hx-select="#district-field"' in html


def test_without_javascript_show_the_districts_keeps_what_was_typed_and_writes_nothing(as_role, event):
    response = as_role("counsellor").post(reverse("event_register", args=[event.pk]),
                                          {**ESSENTIALS, "district": "", "refresh_places": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert not JobSeeker.objects.exists()
    assert _selected(html, "province") == "KH-12"
    assert "1201" in _options(html, "district")
    assert 'value="Sok Dara"' in html
    assert "field--error" not in html


def test_a_district_of_another_province_is_refused_on_the_district(as_role, event):
    from reference.models import District

    other = District.objects.filter(province__code="KH-3").order_by("code").first()
    response = as_role("counsellor").post(reverse("event_register", args=[event.pk]),
                                          {**ESSENTIALS, "district": other.code})
    html = response.content.decode()
    assert response.status_code == 200
    assert not JobSeeker.objects.exists()
    assert f"District: {other.code} is not a district of this province." in html
    assert "1201" in _options(html, "district")  # the list is the chosen province's again


def test_registers_with_the_district_chosen(as_role, event):
    as_role("counsellor").post(reverse("event_register", args=[event.pk]), ESSENTIALS)
    assert JobSeeker.objects.get().district.code == "1201"


def test_enter_in_a_field_registers_rather_than_refreshing_the_districts(as_role, event):
    """A browser's implicit submission (Enter) clicks the form's first submit button: it must be "register"."""
    import re

    html = as_role("counsellor").get(reverse("event_register", args=[event.pk])).content.decode()
    form = re.search(r'<form method="post" class="card" id="register-form".*?</form>', html, re.S).group(0)
    buttons = re.findall(r'<button type="submit"[^>]*>', form)
    assert len(buttons) == 2
    assert "refresh_places" not in buttons[0] and "refresh_places" in buttons[1]
