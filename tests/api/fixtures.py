"""GraphQL test fixtures (a pytest plugin, registered in tests/conftest.py): `as_user(role)`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def as_user(client: Client, users: dict[str, Any]) -> Any:
    """as_user(role) -> the test client, signed in as that role's demo user (`anonymous`: nobody)."""

    def sign_in(role: str) -> Client:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return sign_in
