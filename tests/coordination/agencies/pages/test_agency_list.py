"""The ministry's list of agencies: standing, licence expiry, ranking, filters."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_lists_every_agency_with_its_standing(as_role: Any, supervised: dict[str, Any]) -> None:
    page = as_role("ministry_reviewer").get(reverse("agency_list")).content.decode()
    assert "Angkor Manpower Recruitment (demo)" in page and "Bayon Overseas (test)" in page
    assert "LIC-57" in page and "Suspended" in page and "Licensed" in page
    assert "2 agencies" in page


def test_filters_by_status_and_search(as_role: Any, supervised: dict[str, Any]) -> None:
    client = as_role("ministry_admin")
    page = client.get(reverse("agency_list"), {"status": "suspended"}).content.decode()
    assert "Bayon Overseas (test)" in page and "Angkor Manpower" not in page
    page = client.get(reverse("agency_list"), {"status": "expiring"}).content.decode()
    assert "Bayon Overseas (test)" in page and "Angkor Manpower" not in page
    page = client.get(reverse("agency_list"), {"q": "angkor"}).content.decode()
    assert "Angkor Manpower" in page and "Bayon Overseas (test)" not in page
    page = client.get(reverse("agency_list"), {"status": "expired"}).content.decode()
    assert "No agency matches these filters." in page


def test_a_bad_filter_is_ignored_not_a_server_error(as_role: Any, supervised: dict[str, Any]) -> None:
    response = as_role("ministry_admin").get(reverse("agency_list"), {"status": "nonsense\x00", "page": "x"})
    assert response.status_code == 200


def test_in_khmer(as_role: Any, supervised: dict[str, Any]) -> None:
    client = as_role("ministry_admin")
    page = client.get(reverse("agency_list"), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "Recruitment agencies" not in page
