"""The token_list page (token_list_view in frontend/accounts/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.pages.helpers import EXPECTED
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_tokens_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("token_list")), EXPECTED[role])
