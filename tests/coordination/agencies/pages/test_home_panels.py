"""Home and the allocated-demand list: a paused agency's staff see why at once; the ministry sees the agencies
that need a look."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.coordination.agencies.helpers import expire


def test_a_suspended_agency_is_told_on_home_and_the_demand_list(client: Any, supervised: dict[str, Any]) -> None:
    client.force_login(supervised["users"]["suspended_staff"])
    for url in (reverse("home"), reverse("demand_list")):
        page = client.get(url).content.decode()
        assert "The agency&#x27;s licence is suspended: Fees above the cap" in page, url
        assert "New allocations and access to job seekers are paused" in page, url


def test_an_expired_licence_is_told_with_its_date(as_role: Any, supervised: dict[str, Any]) -> None:
    expire(supervised["demo"], days_ago=2)
    page = as_role("agency").get(reverse("home")).content.decode()
    assert "The agency&#x27;s licence expired on" in page
    assert "Your agency cannot take new work" in page


def test_a_licensed_agency_sees_its_licence(as_role: Any, supervised: dict[str, Any]) -> None:
    page = as_role("agency").get(reverse("home")).content.decode()
    assert "is valid until" in page and "cannot take new work" not in page
    assert "paused" not in as_role("agency").get(reverse("demand_list")).content.decode()


def test_the_ministry_sees_what_needs_a_look(as_role: Any, supervised: dict[str, Any]) -> None:
    page = as_role("ministry_admin").get(reverse("home")).content.decode()
    assert "1 licence expires within 30 days" in page and "1 agency is suspended" in page
