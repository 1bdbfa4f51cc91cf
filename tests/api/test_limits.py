"""Limits on what one request may ask: depth, aliases, tokens, page size; introspection and GraphiQL
only with DEBUG; CSRF for cookie requests; unexpected errors masked in production."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.services import api_token_create
from tests.api.helpers import error_messages, post, run


def test_query_deeper_than_the_maximum_is_rejected(as_user: Any, settings: Any) -> None:
    client = as_user("agency")
    parents = "parent { " * 8 + "code" + " }" * 8  # occupations > edges > node > 8 parents = depth 11
    query = "{ occupations(first: 1) { edges { node { " + parents + " } } } }"
    body = run(client, query)
    assert body["data"] is None
    assert error_messages(body) == ["'anonymous' exceeds maximum operation depth of 10"]

    settings.GRAPHQL_MAX_DEPTH = 11
    assert "errors" not in run(client, query)


def test_too_many_aliases_are_rejected(as_user: Any) -> None:
    client = as_user("agency")
    body = run(client, "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(16)) + " }")
    assert body["data"] is None
    assert error_messages(body) == ["16 aliases found. Allowed: 15"]
    assert "errors" not in run(client, "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(15)) + " }")


def test_too_many_tokens_are_rejected(as_user: Any) -> None:
    client = as_user("agency")
    body = run(client, "{ me { " + " id" * 2100 + " } }")
    assert body["data"] is None
    assert error_messages(body) == ["Syntax Error: Document contains more than 2000 tokens. Parsing aborted."]


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_refused_without_debug(as_user: Any, settings: Any) -> None:
    settings.DEBUG = False
    body = run(as_user("ministry_admin"), INTROSPECTION)
    assert body["data"] is None
    assert "introspection" in error_messages(body)[0].lower()
    # __typename is not introspection of the schema: clients rely on it.
    assert run(as_user("ministry_admin"), "{ me { __typename } }") == {"data": {"me": {"__typename": "Me"}}}


def test_introspection_allowed_with_debug(as_user: Any, settings: Any) -> None:
    settings.DEBUG = True
    assert run(as_user("ministry_admin"), INTROSPECTION) == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


@pytest.mark.parametrize("debug", [True, False])
def test_graphiql_only_with_debug(debug: bool, client: Client, settings: Any) -> None:
    settings.DEBUG = debug
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    if debug:
        assert response.status_code == 200
        assert b"graphiql" in response.content.lower()
        assert "csrftoken" in response.cookies  # GraphiQL sends it back as X-CSRFToken
    else:
        assert response.status_code == 404


def test_queries_are_not_accepted_by_get(as_user: Any) -> None:
    response = as_user("agency").get("/graphql/", {"query": "{ me { id } }"})
    assert response.status_code == 400  # "queries are not allowed when using GET"
    assert b"data" not in response.content


def test_first_above_the_maximum_is_rejected(as_user: Any, agreements: dict[str, Any]) -> None:
    client = as_user("agency")
    body = run(client, "{ occupations(first: 101) { edges { node { code } } } }")
    assert body["data"] == {"occupations": None}
    assert error_messages(body) == ["first must be at most 100."]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    body = run(client, "{ occupations(first: 100) { edges { node { code } } pageInfo { hasNextPage } } }")
    assert len(body["data"]["occupations"]["edges"]) == 100
    assert body["data"]["occupations"]["pageInfo"]["hasNextPage"] is True

    assert error_messages(run(client, "{ countries(last: 500) { edges { node { iso2 } } } }")) == [
        "last must be at most 100."
    ]
    nested = run(client, "{ agreements { edges { node { versions(first: 101) { totalCount } } } } }")
    assert nested["data"] is None or nested["data"]["agreements"] is None
    assert "at most 100" in error_messages(nested)[0]


def test_without_first_a_page_holds_the_maximum(as_user: Any) -> None:
    body = run(as_user("agency"), "{ occupations { totalCount edges { node { code } } pageInfo { endCursor } } }")
    page = body["data"]["occupations"]
    assert len(page["edges"]) == 100 < page["totalCount"]
    after = run(as_user("agency"), "query($after: String) { occupations(first: 1, after: $after) { edges { node "
                "{ code } } } }", {"after": page["pageInfo"]["endCursor"]})
    assert after["data"]["occupations"]["edges"][0]["node"]["code"] != page["edges"][-1]["node"]["code"]


def test_a_made_up_cursor_is_a_clear_error(as_user: Any) -> None:
    body = run(as_user("agency"), '{ countries(after: "not-a-cursor") { edges { node { iso2 } } } }')
    assert error_messages(body) == ["The cursor is not valid: use one returned by this API."]


def test_cookie_requests_need_the_csrf_token(users: dict[str, Any], settings: Any) -> None:
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["agency"])
    assert post(client, "{ me { username } }").status_code == 403

    client.get("/graphql/", HTTP_ACCEPT="text/html")  # GraphiQL sets the cookie
    token = client.cookies["csrftoken"].value
    response = post(client, "{ me { username } }", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"username": "agency"}}}


def test_token_requests_need_no_csrf_token(users: dict[str, Any]) -> None:
    _token, raw = api_token_create(actor=users["agency"], name="Agency system")
    client = Client(enforce_csrf_checks=True)
    response = post(client, "{ me { username } }", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"username": "agency"}}}


@pytest.mark.parametrize("debug", [True, False])
def test_unexpected_errors_are_masked_in_production(
    debug: bool, as_user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from reference import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(selectors, "currency_list", broken)
    settings.DEBUG = debug
    body = run(as_user("agency"), "{ currencies { edges { node { code } } } }")
    assert error_messages(body) == ["database password is hunter2" if debug else "Unexpected error."]
    assert "hunter2" in caplog.text  # logged for the operators in either case
    caplog.clear()
    # Errors we raise on purpose stay readable.
    settings.DEBUG = False
    assert error_messages(run(as_user("anonymous"), "{ me { id } }"))[0].startswith("Sign in")
    assert caplog.text == ""  # a client's mistake is answered, not logged
