"""Reference lists through /graphql/: one test case per role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import NOT_SIGNED_IN, ROLES, error_messages, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."


@pytest.mark.parametrize("role", ROLES)
def test_reference_lists_for_everyone_signed_in(role: str, as_user: Any) -> None:
    body = run(as_user(role), '{ countries(search: "Cambodia") { edges { node { iso2 name } } } }')
    if role in NOT_SIGNED_IN:
        assert body["data"]["countries"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
    else:
        assert body["data"]["countries"]["edges"] == [{"node": {"iso2": "KH", "name": "Cambodia"}}]
