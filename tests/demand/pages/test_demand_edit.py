"""The demand_edit page (demand_edit_view in frontend/demand/)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from demand.services import letter_create
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import thai_letter
from tests.pages import form_data


def test_editing_keeps_what_is_not_changed(as_role, setup):
    letter = thai_letter(setup, wage_amount=Decimal("380"))
    client = as_role("employer_th")
    html = client.get(reverse("demand_edit", args=[letter.pk])).content
    data = form_data(html, containing="positions-TOTAL_FORMS")
    assert data["positions-0-occupation"].startswith("8153")
    assert data["positions-0-costs"] == "Recruitment service fee; employer; 3000; THB"
    data["positions-0-wage_amount"] = "450"
    valid = (letter.valid_from, letter.valid_until)
    response = client.post(reverse("demand_edit", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    position = letter.positions.get()
    assert position.wage_amount == Decimal("450")
    assert [(c.name, c.amount) for c in position.costs.all()] == [("Recruitment service fee", Decimal("3000"))]
    letter.refresh_from_db()
    assert (letter.valid_from, letter.valid_until) == valid


def test_a_position_can_be_removed(as_role, setup):
    letter = letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position(), th_position(workers=3)]))
    client = as_role("employer_th")
    data = form_data(client.get(reverse("demand_edit", args=[letter.pk])).content,
                     containing="positions-TOTAL_FORMS")
    data["positions-0-DELETE"] = "on"
    assert client.post(reverse("demand_edit", args=[letter.pk]), data).status_code == 302
    assert [p.workers for p in letter.positions.all()] == [3]


def test_a_letter_with_too_many_positions_for_the_page_keeps_them(as_role, setup):
    from demand.models import Position
    from frontend.demand.forms import EDITOR_MAX_POSITIONS
    from tests.demand.factories import make_letter

    letter = make_letter(agreement=setup["agreements"]["TH"], employer=setup["users"]["employer_th"].organisation,
                         positions=EDITOR_MAX_POSITIONS + 1)
    client = as_role("employer_th")
    html = client.get(reverse("demand_edit", args=[letter.pk])).content
    assert f"This letter has {EDITOR_MAX_POSITIONS + 1} positions, too many to edit on one page.".encode() in html
    assert b"positions-TOTAL_FORMS" not in html
    data = form_data(html, containing="valid_until")
    later = letter.valid_until + datetime.timedelta(days=30)
    data["valid_until"] = later.isoformat()
    response = client.post(reverse("demand_edit", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    letter.refresh_from_db()
    assert letter.valid_until == later
    assert Position.objects.filter(letter=letter).count() == EDITOR_MAX_POSITIONS + 1
    assert Position.objects.filter(letter=letter, costs__name="Passport").count() == EDITOR_MAX_POSITIONS + 1
