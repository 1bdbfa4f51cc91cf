"""Agency pages, who may open them: every page, every role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.pages import LOGIN, ROLES, assert_status

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


def _expect(role: str, ok: set[str]) -> Any:
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in ok else 403


@pytest.mark.parametrize("role", ROLES)
def test_agency_list(role: str, as_role: Any, supervised: dict[str, Any]) -> None:
    assert_status(as_role(role).get(reverse("agency_list")), _expect(role, MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_agency_detail(role: str, as_role: Any, supervised: dict[str, Any]) -> None:
    url = reverse("agency_detail", args=[supervised["demo"].pk])
    assert_status(as_role(role).get(url), _expect(role, MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_agency_detail_post(role: str, as_role: Any, supervised: dict[str, Any]) -> None:
    url = reverse("agency_detail", args=[supervised["demo"].pk])
    response = as_role(role).post(url, {"action": "status", "status-status": "revoked", "status-reason": "x"})
    assert_status(response, 302 if role in MINISTRY else _expect(role, set()))


@pytest.mark.parametrize("role", ROLES)
def test_agency_own_profile(role: str, as_role: Any, supervised: dict[str, Any]) -> None:
    assert_status(as_role(role).get(reverse("agency_own_profile")), _expect(role, {"agency"}))


def test_navigation(as_role: Any, supervised: dict[str, Any]) -> None:
    assert 'href="/agencies/"' in as_role("ministry_reviewer").get(reverse("home")).content.decode()
    page = as_role("agency").get(reverse("home")).content.decode()
    assert 'href="/agencies/mine/"' in page and 'href="/agencies/"' not in page
    assert "/agencies/" not in as_role("employer_th").get(reverse("home")).content.decode()
