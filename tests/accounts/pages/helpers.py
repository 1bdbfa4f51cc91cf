"""Plain helpers of the accounts page tests."""

from __future__ import annotations

from tests.pages import LOGIN, ROLES

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


MANAGERS = {"admin", "ministry_admin"}


def _expected(role):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in MANAGERS else 403
