"""Plain helpers of the GraphQL tests: POST a query as JSON to /graphql/, read the answer, ask both paths.

Import them (`from tests.api.helpers import run`); the `as_user` fixture is in tests/api/fixtures.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.test import Client

ROLES = [
    "admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "counsellor",
    "attache", "no_org", "inactive", "anonymous",
]


MANAGERS = {"admin", "ministry_admin", "ministry_reviewer"}


NOT_SIGNED_IN = {"inactive", "anonymous"}


def post(client: Client, query: str, variables: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(
        "/graphql/", data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json", **extra,
    )


def run(client: Client, query: str, variables: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """POST and return the parsed JSON body (the HTTP status must be 200)."""
    response = post(client, query, variables, **extra)
    assert response.status_code == 200, response.content
    return response.json()


def both_ways(owner: Any, switch: str, fn: Callable[[], Any]) -> tuple[Any, Any]:
    """(fn() with `owner.<switch>` off, fn() with it on): the same question to the ordinary and a faster path."""
    setattr(owner, switch, False)
    try:
        ordinary = fn()
    finally:
        setattr(owner, switch, True)
    return ordinary, fn()


def error_messages(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body.get("errors") or []]


def difference(a: Any, b: Any, path: str = "") -> str:
    """Where two answers first differ, for the assertion message."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for key in a:
            found = difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return ""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return ""
    return "" if a == b and type(a) is type(b) else f"{path}: {a!r} != {b!r}"


def all_pages(client: Any, query: str) -> list[dict[str, Any]]:
    """Every page of `query` (which takes $after), as answered."""
    pages, after = [], None
    while True:
        body = run(client, query, {"after": after})
        pages.append(body)
        connection_ = body["data"] and next(iter(body["data"].values()))
        if not connection_ or not connection_["pageInfo"]["hasNextPage"]:
            return pages
        after = connection_["pageInfo"]["endCursor"]
