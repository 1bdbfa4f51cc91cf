"""The user_list page (user_list_view in frontend/accounts/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_user_list_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("user_list")), _expected(role))


def test_list_groups_users_by_organisation_and_lists_organisations(as_role):
    html = as_role("ministry_admin").get(reverse("user_list")).content.decode()
    assert "Hanbit Manufacturing (demo)" in html
    assert "Job-centre counsellor" in html
    assert "MOLVT-LIC-0042" in html  # the agency's licence, in the organisation table
    assert "Switched off" in html
