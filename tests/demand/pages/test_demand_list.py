"""The demand_list page (demand_list_view in frontend/demand/)."""

from __future__ import annotations

from django.urls import reverse

from demand.models import LetterStatus
from tests.demand.pages.helpers import kr_letter


def test_the_agency_sees_its_allocation_and_starts_recruiting(as_role, setup):
    letter = kr_letter(setup, "allocated")
    other = kr_letter(setup, "approved")
    client = as_role("agency")
    page = client.get(reverse("demand_list")).content.decode()
    assert "Allocated demand" in page and letter.reference in page and other.reference not in page
    url = reverse("demand_detail", args=[letter.pk])
    page = client.get(url).content.decode()
    assert "Allocated to your agency" in page and "Start recruiting" in page
    assert reverse("demand_edit", args=[letter.pk]) not in page
    assert client.post(url, {"action": "start_recruiting"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RECRUITING
    assert client.post(url, {"action": "fill"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FILLED
    assert client.get(reverse("demand_detail", args=[other.pk])).status_code == 404
