"""The agreement_status page (agreement_status_view in frontend/mou/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mou.models import AgreementStatus
from tests.mou.pages.helpers import MINISTRY, _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_status_page_by_role(as_role, agreements, role):
    url = reverse("agreement_status", args=[agreements["TH"].pk])
    assert_status(as_role(role).get(url), _expected(role, allowed=MINISTRY))


def test_status_change_requires_a_reason(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    url = reverse("agreement_status", args=[thai.pk])
    page = client.get(url).content.decode()
    assert 'value="suspended"' in page and 'value="expired"' in page and 'value="draft"' not in page
    response = client.post(url, {"status": "suspended", "reason": " "})
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    thai.refresh_from_db()
    assert thai.status == AgreementStatus.IN_FORCE

    response = client.post(url, {"status": "suspended", "reason": "Partner paused recruitment"})
    assert_status(response, 302)
    thai.refresh_from_db()
    assert thai.status == AgreementStatus.SUSPENDED
    html = client.get(reverse("agreement_detail", args=[thai.pk])).content.decode()
    assert "Agreement status changed" in html and "Partner paused recruitment" in html


def test_status_change_rejects_a_transition_not_offered(as_role, agreements):
    client = as_role("ministry_admin")
    url = reverse("agreement_status", args=[agreements["TH"].pk])
    response = client.post(url, {"status": "draft", "reason": "Try"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
