"""Helpers for the GraphQL tests: POST a query as JSON to /graphql/, read the answer."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from strawberry.utils.str_converters import to_camel_case

from mou import models as mou_models
from mou.terms import VersionTerms

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


@pytest.fixture
def as_user(client: Client, users: dict[str, Any]) -> Any:
    """as_user(role) -> the test client, signed in as that role's demo user (`anonymous`: nobody)."""

    def sign_in(role: str) -> Client:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return sign_in


# Enum-valued fields of the terms' rows, to send enum names (e.g. DAY) rather than values (day).
_ENUMS: dict[tuple[str, str], type[enum.Enum]] = {
    ("wage_floors", "period"): mou_models.Period,
    ("required_tests", "kind"): mou_models.TestKind,
    ("fee_items", "payer"): mou_models.Payer,
    ("protections", "kind"): mou_models.ProtectionKind,
    ("portability_rules", "branch"): mou_models.Branch,
    ("portability_rules", "premium_payer"): mou_models.PremiumPayer,
}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def terms_input(terms: VersionTerms) -> dict[str, Any]:
    """VersionTerms as the GraphQL VersionTermsInput (camelCase keys, enum names)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(terms):
        value = getattr(terms, f.name)
        if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            value = [
                {
                    to_camel_case(k): _ENUMS[(f.name, k)](v).name if (f.name, k) in _ENUMS else _json(v)
                    for k, v in dataclasses.asdict(row).items()
                }
                for row in value
            ]
        out[to_camel_case(f.name)] = _json(value)
    return out


@pytest.fixture
def draft(agreements: dict[str, Any], users: dict[str, Any]) -> Any:
    """A draft agreement with Thailand (only ministry staff may see it)."""
    from mou.services import agreement_create, terms_from_version

    terms = terms_from_version(agreements["TH"].versions.get())
    return agreement_create(
        actor=users["ministry_admin"], partner_country="TH", title="Draft renewal with Thailand",
        channel="private", terms=terms,
    )
