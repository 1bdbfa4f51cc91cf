"""The user_detail page (user_detail_view in frontend/accounts/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.accounts.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_user_detail_by_role(as_role, users, role):
    url = reverse("user_detail", args=[users["counsellor"].pk])
    assert_status(as_role(role).get(url), _expected(role))


def test_change_role_needs_a_reason(as_role, users):
    client = as_role("ministry_admin")
    reviewer = users["ministry_reviewer"]
    url = reverse("user_detail", args=[reviewer.pk])
    response = client.post(url, {"action": "role", "role-role": "ministry_admin", "role-reason": ""})
    assert "Say why the role changes." in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.role == "ministry_reviewer"
    response = client.post(url, {"action": "role", "role-role": "ministry_admin", "role-reason": "Promoted"})
    assert_status(response, 302)
    reviewer.refresh_from_db()
    assert reviewer.role == "ministry_admin"
    assert AuditEvent.objects.filter(action="user.set_role", reason="Promoted").exists()


def test_switch_an_account_off(as_role, users):
    client = as_role("admin")
    agency = users["agency"]
    url = reverse("user_detail", args=[agency.pk])
    response = client.post(url, {"action": "active", "active-reason": "Left the agency"})
    assert_status(response, 302)
    agency.refresh_from_db()
    assert not agency.is_active
    html = client.get(url).content.decode()
    assert "Left the agency" in html and "Switch the account on" in html


def test_cannot_switch_oneself_off(as_role, users):
    client = as_role("ministry_admin")
    url = reverse("user_detail", args=[users["ministry_admin"].pk])
    response = client.post(url, {"action": "active", "active-reason": "Testing"})
    assert response.status_code == 200
    assert "You cannot switch off your own account." in response.content.decode()
