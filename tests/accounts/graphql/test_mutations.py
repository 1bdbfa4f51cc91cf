"""API-token mutations: the token is shown once, a name is required, revoking ends it."""

from __future__ import annotations

from typing import Any

from accounts.models import ApiToken
from tests.api.helpers import post, run

TOKEN_CREATE = """
mutation($name: String!) {
  apiTokenCreate(name: $name) { rawToken token { id name hint isActive } errors { field code message } }
}"""


TOKEN_REVOKE = "mutation($id: ID!) { apiTokenRevoke(id: $id) { token { isActive revokedAt } errors { field code } } }"


def test_api_token_create_shows_the_token_once(as_user: Any, users: dict[str, Any]) -> None:
    client = as_user("employer_th")
    response = post(client, TOKEN_CREATE, {"name": "HR system"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    payload = response.json()["data"]["apiTokenCreate"]
    assert payload["errors"] == []
    raw = payload["rawToken"]
    assert raw.startswith("cor_") and payload["token"]["hint"] == raw[:10]
    assert payload["token"]["isActive"] is True
    token = ApiToken.objects.get(pk=payload["token"]["id"])
    assert token.user == users["employer_th"] and raw not in token.digest
    listed = run(client, "{ apiTokens { edges { node { name hint } } } }")["data"]["apiTokens"]["edges"]
    assert listed == [{"node": {"name": "HR system", "hint": raw[:10]}}]  # the token itself is never listed


def test_api_token_create_needs_a_name(as_user: Any) -> None:
    payload = run(as_user("agency"), TOKEN_CREATE, {"name": "  "})["data"]["apiTokenCreate"]
    assert payload["rawToken"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("name", "invalid")]


def test_api_token_revoke(as_user: Any, users: dict[str, Any]) -> None:
    from accounts.services import api_token_create

    mine, _ = api_token_create(actor=users["agency"], name="Mine")
    theirs, _ = api_token_create(actor=users["counsellor"], name="Theirs")
    client = as_user("agency")

    payload = run(client, TOKEN_REVOKE, {"id": mine.pk})["data"]["apiTokenRevoke"]
    assert payload["errors"] == [] and payload["token"]["isActive"] is False
    assert payload["token"]["revokedAt"]

    payload = run(client, TOKEN_REVOKE, {"id": theirs.pk})["data"]["apiTokenRevoke"]
    assert payload == {"token": None, "errors": [{"field": "id", "code": "not_found"}]}
    theirs.refresh_from_db()
    assert theirs.is_active
