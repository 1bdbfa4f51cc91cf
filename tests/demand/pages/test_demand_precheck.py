"""The demand_precheck page (demand_precheck_view in frontend/demand/)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from tests.demand.pages.helpers import thai_letter


def test_precheck_shows_a_blocker_for_a_wage_below_the_floor(as_role, setup):
    letter = thai_letter(setup, wage_amount=Decimal("300"))
    page = as_role("employer_th").get(reverse("demand_precheck", args=[letter.pk])).content.decode()
    assert "1 blocker" in page
    assert '<span class="badge badge--blocker">Blocker</span>' in page
    assert "Line 1: the wage of 300 THB per day is below the agreement&#x27;s minimum wage of 370 THB" in page
    assert "Art. 11.4" in page  # the clause tag
    assert "370 THB per day" in page and "Values compared" in page  # the values compared
    assert re.search(r'<button type="submit" class="button" disabled aria-describedby="submit-why">\s*Submit', page)


def test_precheck_speaks_khmer_in_khmer(as_role, setup, settings):
    letter = thai_letter(setup, wage_amount=Decimal("300"))
    client = as_role("employer_th")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    page = client.get(reverse("demand_precheck", args=[letter.pk])).content.decode()
    assert 'lang="km"' in page
    assert "ប្រាក់ឈ្នួល 300 THB" in page
    assert "is below the agreement" not in page
    # The values compared (stored in one form, "370 THB per day") read in Khmer too, units included.
    assert "per day" not in page and "370 THB ក្នុងមួយថ្ងៃ" in page
