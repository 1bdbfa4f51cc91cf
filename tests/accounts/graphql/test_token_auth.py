"""Partner systems authenticate with a personal API token: `Authorization: Bearer <token>`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from tests.api.helpers import post

QUERY = "{ me { username } agreements { edges { node { partnerCountry { iso2 } } } } }"
INVALID = {"errors": [{"message": "Invalid or revoked API token."}]}


def test_valid_token_acts_as_its_user_and_records_use(client: Client, users: dict[str, Any],
                                                      agreements: dict[str, Any]) -> None:
    token, raw = api_token_create(actor=users["employer_kr"], name="HR system")
    assert token.last_used_at is None
    before = timezone.now()
    response = post(client, QUERY, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {"data": {
        "me": {"username": "employer.kr"},
        "agreements": {"edges": [{"node": {"partnerCountry": {"iso2": "KR"}}}]},
    }}
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at >= before


def test_revoked_token_gets_401(client: Client, users: dict[str, Any]) -> None:
    token, raw = api_token_create(actor=users["agency"], name="Old system")
    api_token_revoke(actor=users["agency"], token_id=token.pk)
    response = post(client, QUERY, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json() == INVALID


def test_token_of_a_switched_off_user_gets_401(client: Client, users: dict[str, Any]) -> None:
    _token, raw = api_token_create(actor=users["counsellor"], name="Job centre system")
    users["counsellor"].is_active = False
    users["counsellor"].save()
    assert post(client, QUERY, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.parametrize("header", [
    "Bearer nonsense",
    "Bearer cor_",
    "Bearer cor_thisIsNotAnIssuedToken0123456789abcdefghijklmnop",
    "Bearer ",
])
def test_malformed_or_unknown_bearer_gets_401(header: str, client: Client, users: dict[str, Any]) -> None:
    response = post(client, QUERY, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == INVALID
    assert not ApiToken.objects.filter(last_used_at__isnull=False).exists()


def test_a_bad_token_is_not_rescued_by_a_session(client: Client, users: dict[str, Any]) -> None:
    client.force_login(users["ministry_admin"])
    assert post(client, QUERY, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
