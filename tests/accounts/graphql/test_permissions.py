"""`me` through /graphql/: one test case per role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import MANAGERS, NOT_SIGNED_IN, ROLES, error_messages, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."


ME = "{ me { username role organisation { kind country { iso2 } } permissions { canManageAgreements canViewAudit } } }"


@pytest.mark.parametrize("role", ROLES)
def test_me(role: str, as_user: Any, users: dict[str, Any]) -> None:
    body = run(as_user(role), ME)
    if role in NOT_SIGNED_IN:
        assert body["data"]["me"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
        return
    me = body["data"]["me"]
    user = users[role]
    assert me["username"] == user.username
    assert me["role"] == (user.role.upper() if user.role else None)
    assert (me["organisation"] is None) == (user.organisation_id is None)
    assert me["permissions"] == {"canManageAgreements": role in MANAGERS, "canViewAudit": role in MANAGERS}
