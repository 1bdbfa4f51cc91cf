"""The demand pages refuse what the shared input rules refuse, on the field, in one round (validation)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from demand.models import DemandLetter
from tests.demand.pages.test_employer import editor_data

pytestmark = pytest.mark.django_db


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
