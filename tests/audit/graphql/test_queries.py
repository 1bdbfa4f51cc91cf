"""Audit query arguments: an unknown target type."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import error_messages, run


def test_audit_events_with_an_unknown_target_type(as_user: Any) -> None:
    body = run(as_user("ministry_admin"), '{ auditEvents(targetType: "mou.nothing") { totalCount } }')
    assert error_messages(body) == ["Unknown targetType mou.nothing: use app_label.model, e.g. mou.agreement."]
