"""What /graphql/ answers to requests that are not what they should be (docs/api.md, "Malformed requests"):
HTTP 400 with a JSON error for what is not a GraphQL request at all, `BAD_USER_INPUT` for forged cursors and
text with NUL, an error (and nothing run) for several operations without `operationName`, and the JSON
`UNAUTHENTICATED` for an anonymous request without cookies."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.api.helpers import error_messages, post, run

UNAUTHENTICATED = "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."
BAD_CURSOR = "The cursor is not valid: use one returned by this API."


def _raw(client: Client, body: bytes, content_type: str = "application/json") -> Any:
    return client.generic("POST", "/graphql/", body, content_type=content_type)


def _assert_json_400(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["errors"][0]["message"] and body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    return body


@pytest.mark.parametrize("body", [b"null", b'"abc"', b"1", b"true", b"[]", b"[1]", b"{\"query\": 5}",
                                  b"{\"query\": \"{ me { username } }\", \"operationName\": 5}"])
def test_a_json_body_that_is_not_a_request_object_is_400(as_user: Any, body: bytes) -> None:
    _assert_json_400(_raw(as_user("agency"), body))


@pytest.mark.parametrize("body", [b"\xff\xfe{}", b'{"query": "{ me { username } }\xc3"}', b"\x80"])
def test_bytes_that_are_not_utf8_are_400(as_user: Any, body: bytes) -> None:
    _assert_json_400(_raw(as_user("agency"), body))


@pytest.mark.parametrize("depth", [5000, 65])
def test_variables_nested_deeply_are_400(as_user: Any, depth: int) -> None:
    variables = "[" * depth + "]" * depth
    body = f'{{"query": "query($v: [String]) {{ me {{ username }} }}", "variables": {{"v": {variables}}}}}'
    assert "too deeply" in _assert_json_400(_raw(as_user("agency"), body.encode()))["errors"][0]["message"]


def test_nesting_a_request_needs_is_accepted(as_user: Any) -> None:
    nested: Any = "deep enough"
    for _ in range(20):
        nested = {"level": [nested]}
    response = as_user("agency").post("/graphql/", data=json.dumps(
        {"query": "{ me { username } }", "extensions": {"client": nested}}), content_type="application/json")
    assert response.json() == {"data": {"me": {"username": "agency"}}}


@pytest.mark.parametrize(("operations", "files_map"), [
    ("null", '{"0": ["variables.file"]}'),
    ('"abc"', '{"0": ["variables.file"]}'),
    ('{"query": "{ me { username } }"}', "null"),
    ('{"query": "{ me { username } }"}', '{"0": "variables.file"}'),
    ('{"query": "{ me { username } }"}', '{"0": ["variables.nothing.here"]}'),
    ('{"query": "{ me { username } }", "variables": {"file": null}}', '{"0": ["variables.file.deeper"]}'),
    ("{", '{"0": ["variables.file"]}'),
])
def test_a_multipart_request_off_the_spec_is_400(as_user: Any, operations: str, files_map: str) -> None:
    client = as_user("employer_kr")
    response = client.post("/graphql/", {"operations": operations, "map": files_map,
                                         "0": SimpleUploadedFile("a.xlsx", b"PK")})
    _assert_json_400(response)


@pytest.mark.parametrize("cursor", [
    "arrayconnection:-5", f"arrayconnection:{2**63}", f"arrayconnection:{2**64 + 7}", "arrayconnection:१२",
    "arrayconnection:", "arrayconnection:1e3", "somethingelse:3",
])
def test_a_forged_cursor_is_bad_user_input(as_user: Any, cursor: str) -> None:
    forged = base64.b64encode(cursor.encode()).decode()
    for query in ('query($c: String) { countries(after: $c) { edges { node { iso2 } } } }',
                  'query($c: String) { countries(before: $c, last: 2) { edges { node { iso2 } } } }',
                  'query($c: String) { demandLetters(after: $c) { edges { node { id } } } }'):
        body = run(as_user("ministry_admin"), query, {"c": forged})
        assert error_messages(body) == [BAD_CURSOR], (cursor, query, body)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("cursor", ["!!!", "YQ", "////", "\u0100", "bm90IGEgY3Vyc29y"])
def test_garbage_base64_is_bad_user_input(as_user: Any, cursor: str) -> None:
    body = run(as_user("ministry_admin"), 'query($c: String) { countries(after: $c) { edges { node { iso2 } } } }',
               {"c": cursor})
    assert error_messages(body) == [BAD_CURSOR]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_forged_cursor_of_a_nested_connection_is_bad_user_input(as_user: Any, letter_in: Any) -> None:
    letter_in("submitted")
    forged = base64.b64encode(b"arrayconnection:-5").decode()
    body = run(as_user("ministry_admin"),
               'query($c: String) { demandLetters { edges { node { positions(after: $c) { totalCount } } } } }',
               {"c": forged})
    assert BAD_CURSOR in error_messages(body)
    assert "Unexpected error." not in error_messages(body)


def test_a_cursor_this_api_handed_out_still_works(as_user: Any) -> None:
    client = as_user("agency")
    first = run(client, "{ countries(first: 2) { pageInfo { endCursor } edges { node { iso2 } } } }")
    after = first["data"]["countries"]["pageInfo"]["endCursor"]
    body = run(client, 'query($c: String) { countries(first: 2, after: $c) { edges { node { iso2 } } } }',
               {"c": after})
    assert len(body["data"]["countries"]["edges"]) == 2


TWO_OPERATIONS = """
query Mine { apiTokens { totalCount } }
mutation Make { apiTokenCreate(name: "made without being named") { token { id } errors { field } } }
"""


def test_several_operations_without_an_operation_name_is_an_error_and_nothing_runs(
        as_user: Any, users: dict[str, Any]) -> None:
    for document in (TWO_OPERATIONS, "mutation Make { apiTokenCreate(name: \"x\") { errors { field } } }\n"
                     "query Mine { me { username } }"):
        body = run(as_user("employer_kr"), document)
        assert body["data"] is None
        assert error_messages(body) == [
            "The document holds 2 operations: name the one to run in `operationName`."]
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not ApiToken.objects.filter(user=users["employer_kr"]).exists()


def test_several_operations_with_an_operation_name_run_that_one(as_user: Any, users: dict[str, Any]) -> None:
    client = as_user("employer_kr")
    response = client.post("/graphql/", data=json.dumps({"query": TWO_OPERATIONS, "operationName": "Make"}),
                           content_type="application/json")
    assert response.json()["data"]["apiTokenCreate"]["errors"] == []
    assert ApiToken.objects.filter(user=users["employer_kr"]).count() == 1


# CSRF: a request with the session cookie needs the token; one without cookies acts for nobody and needs none.


def test_an_anonymous_post_without_cookies_gets_the_json_unauthenticated() -> None:
    client = Client(enforce_csrf_checks=True)
    response = post(client, "{ me { username } }")
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert error_messages(response.json()) == [UNAUTHENTICATED]
    mutation = post(client, 'mutation { apiTokenCreate(name: "x") { errors { code } } }')
    assert mutation.json() == {"data": {"apiTokenCreate": {"errors": [{"code": "unauthenticated"}]}}}


def test_a_cookie_request_without_the_csrf_token_is_a_json_403(users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["agency"])
    response = post(client, 'mutation { apiTokenCreate(name: "forged") { errors { code } } }')
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    assert not ApiToken.objects.filter(user=users["agency"]).exists()


def test_a_cookie_request_with_a_wrong_csrf_token_is_refused(users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["agency"])
    client.cookies["csrftoken"] = "a" * 32
    response = post(client, "{ me { username } }", HTTP_X_CSRFTOKEN="b" * 32)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"


def test_a_token_request_with_a_stale_session_cookie_needs_no_csrf_token(users: dict[str, Any]) -> None:
    _token, raw = api_token_create(actor=users["agency"], name="Agency system")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["ministry_admin"])
    response = post(client, "{ me { username } }", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json() == {"data": {"me": {"username": "agency"}}}
