"""An agency's staff read their own licence record; they cannot change it; a paused agency is told why."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_own_profile_is_read_only(as_role: Any, supervised: dict[str, Any]) -> None:
    page = as_role("agency").get(reverse("agency_own_profile")).content.decode()
    assert "Angkor Manpower Recruitment (demo)" in page and "Compliant" in page
    assert 'name="action"' not in page  # no form to change anything
    assert "Bayon Overseas" not in page


def test_a_suspended_agency_sees_why(client: Any, supervised: dict[str, Any]) -> None:
    client.force_login(supervised["users"]["suspended_staff"])
    page = client.get(reverse("agency_own_profile")).content.decode()
    assert "Fees above the cap" in page and "access to job seekers are paused" in page


def test_in_khmer(as_role: Any, supervised: dict[str, Any]) -> None:
    page = as_role("agency").get(reverse("agency_own_profile"), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "Our agency&#x27;s licence" not in page
