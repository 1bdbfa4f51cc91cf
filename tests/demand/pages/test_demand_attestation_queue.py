"""The demand_attestation_queue page (demand_attestation_queue_view in frontend/demand/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.demand.pages.helpers import expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_attestation_queue_by_role(as_role, waiting, role):
    response = as_role(role).get(reverse("demand_attestation_queue"))
    assert_status(response, expected(role, {"attache"}))
    if role == "attache":
        page = response.content.decode()
        assert waiting.reference in page and "1 letter waits for attestation" in page
        assert reverse("demand_detail", args=[waiting.pk]) in page
