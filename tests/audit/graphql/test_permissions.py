"""Who sees the audit trail through /graphql/: one test case per role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import MANAGERS, NOT_SIGNED_IN, ROLES, error_messages, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."


AUDIT = """
query($type: String, $id: ID) {
  auditEvents(targetType: $type, targetId: $id) { totalCount edges { node { action targetType targetId } } }
}"""


@pytest.mark.parametrize("role", ROLES)
def test_audit_events_only_for_ministry(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    kr = agreements["KR"]
    body = run(as_user(role), AUDIT, {"type": "mou.agreement", "id": kr.pk})
    if role in NOT_SIGNED_IN:
        assert body["data"]["auditEvents"] is None
        assert error_messages(body) == [UNAUTHENTICATED]
        return
    events = body["data"]["auditEvents"]
    if role in MANAGERS:
        assert events["totalCount"] == 1
        assert events["edges"][0]["node"] == {
            "action": "agreement.create", "targetType": "mou.agreement", "targetId": str(kr.pk),
        }
    else:
        assert events == {"totalCount": 0, "edges": []}
