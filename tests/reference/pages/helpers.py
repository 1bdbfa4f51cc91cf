"""Plain helpers of the reference page tests."""

from __future__ import annotations

from tests.pages import LOGIN, ROLES

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}
