"""Plain helpers of the jobs page tests."""

from __future__ import annotations

from tests.pages import LOGIN

OWNERS = {"ministry_reviewer", "ministry_admin", "admin"}


def _expected(role):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in OWNERS else 404
