"""The audit trail page: ministry only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mou.services import agreement_set_status
from tests.pages import LOGIN, ROLES, assert_status

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


@pytest.mark.parametrize("role", ROLES)
def test_audit_by_role(as_role, agreements, role):
    expected = LOGIN if role in ("anonymous", "inactive") else 200 if role in MINISTRY else 403
    assert_status(as_role(role).get(reverse("audit_list")), expected)


def test_audit_lists_and_filters_events(as_role, users, agreements):
    agreement_set_status(actor=users["ministry_admin"], agreement=agreements["MY"], status="suspended",
                         reason="Recruitment paused by the partner")
    client = as_role("ministry_reviewer")
    html = client.get(reverse("audit_list")).content.decode()
    assert "5 events" in html
    assert "Agreement registered" in html and agreements["JP"].title in html
    html = client.get(reverse("audit_list"), {"action": "agreement.set_status"}).content.decode()
    assert "1 event" in html
    assert "Recruitment paused by the partner" in html
    assert "<strong>Agreement registered</strong>" not in html
