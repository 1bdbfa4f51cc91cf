"""The demand_create page (demand_create_view in frontend/demand/)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from demand.models import DemandLetter, EmployerProfile, LetterStatus
from tests.demand.pages.helpers import editor_data, field_block
from tests.pages import form_data


def test_employer_creates_a_draft_and_saves_positions(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    assert b'list="isco-unit-groups"' in html and b'<datalist id="isco-unit-groups">' in html
    response = client.post(reverse("demand_create"), editor_data(html))
    assert response.status_code == 302, response.content.decode()[:3000]
    letter = DemandLetter.objects.get(employer=setup["users"]["employer_th"].organisation)
    assert response.url == reverse("demand_detail", args=[letter.pk])
    assert letter.status == LetterStatus.DRAFT and letter.agreement == setup["agreements"]["TH"]
    position = letter.positions.get()
    assert (position.occupation.code, position.sector.code, position.workers) == ("8153", "14", 20)
    assert position.wage_amount == Decimal("400") and position.accommodation and not position.food
    costs = [(c.name, c.payer, c.amount, c.currency.code) for c in position.costs.order_by("id")]
    assert costs == [("Visa and work permit", "employer", Decimal("2500"), "THB"),
                     ("Passport", "worker", Decimal("20"), "USD")]

    page = client.get(response.url).content.decode()
    assert letter.reference in page
    assert "Draft created" in page  # the status timeline, from the audit trail
    assert "Next: check the letter against the agreement" in page


def test_an_invalid_position_shows_the_error_next_to_the_field_and_saves_nothing(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    response = client.post(reverse("demand_create"), editor_data(html, **{"positions-0-workers": "0"}))
    assert response.status_code == 200
    page = response.content.decode()
    block = field_block(page, "id_positions-0-workers")
    assert "field--error" in block
    assert "Give the number of workers, a whole number from 1." in block
    assert 'aria-invalid="true"' in block
    # …and in the summary at the top, linked to the field.
    assert 'href="#id_positions-0-workers"' in page
    assert "Position, row 1, Number of workers: Give the number of workers" in page
    assert not DemandLetter.objects.exists()


def test_bad_costs_and_a_wrong_type_are_reported_on_their_fields(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    response = client.post(reverse("demand_create"), editor_data(html, **{
        "positions-0-wage_amount": "a lot", "positions-0-costs": "Passport; the worker; twenty; USD"}))
    page = response.content.decode()
    assert "Write an amount, e.g. 400 or 12000.50." in field_block(page, "id_positions-0-wage_amount")
    costs = field_block(page, "id_positions-0-costs")
    assert "Cost line 1: say who pays, employer or worker (not “the worker”)." in costs
    assert "Cost line 1: write the amount as a number" in costs
    assert not DemandLetter.objects.exists()


def test_an_employer_without_profile_is_asked_for_it_first(as_role, setup):

    EmployerProfile.objects.filter(organisation=setup["users"]["employer_kr"].organisation).delete()
    client = as_role("employer_kr")
    assert "Complete your employer profile first" in client.get(reverse("demand_create")).content.decode()
    html = client.get(reverse("employer_profile")).content
    data = form_data(html, containing="legal_name")
    data.update(registration_number="134-81-23456", address="21 Sandan-ro, Ansan", sector="C",
                contact_name="Park Min-jun", contact_email="hr@hanbit.example")
    response = client.post(reverse("employer_profile"), data)
    assert response.status_code == 302
    profile = EmployerProfile.objects.get(organisation=setup["users"]["employer_kr"].organisation)
    assert profile.accreditation == "pending" and profile.sector.code == "C"
    page = client.get(reverse("demand_list")).content.decode()
    assert "Your accreditation: Pending." in page


def test_every_field_and_row_error_comes_in_one_round(as_role, setup):
    """A missing field and a wrong value (one the forms read, that only the service judges) on the same post:
    both are reported at once, on their fields, not the missing one first and the wrong one after."""
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    data = editor_data(html, **{"positions-0-work_location": "", "positions-0-days_per_week": "7",
                                "positions-0-rest_days_per_week": "2"})
    data["valid_until"] = ""
    response = client.post(reverse("demand_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the date the demand is valid until." in field_block(page, "id_valid_until")
    assert "Working days and rest days together cannot exceed 7." in field_block(
        page, "id_positions-0-rest_days_per_week")
    assert 'href="#id_positions-0-rest_days_per_week"' in page and 'href="#id_valid_until"' in page
    assert page.count("Say where the work is (town, province).") + page.count("This field is required") >= 1
    assert not DemandLetter.objects.exists()


@pytest.mark.django_db
def test_the_letter_page_puts_a_nul_and_other_digits_on_their_fields(as_role, users, agreements, employers):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    response = client.post(reverse("demand_create"), editor_data(html, **{
        "positions-0-work_location": "Samut\x00Prakan", "positions-0-workers": "٢٠"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Work location contains a NUL character" in page
    assert 'href="#id_positions-0-workers"' in page and 'href="#id_positions-0-work_location"' in page
    assert not DemandLetter.objects.exists()
