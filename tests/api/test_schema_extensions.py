"""api/schema.py's extensions: the limits' validation rules are built once, so strawberry's validation cache
answers a document it has seen; and an extension that would switch the direct executor off says so."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension, query_depth_limiter
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.execution import CorridorExecutor
from api.schema import CorridorSchema, Limits, direct_path_blockers, schema
from tests.api.helpers import run

QUERY = "{ countries(first: 2) { edges { node { iso2 } } } }"


def test_the_limits_rules_are_the_same_classes_on_every_request(settings: Any) -> None:
    first, second = Limits().validation_rules, Limits().validation_rules
    assert first == second and all(a is b for a, b in zip(first, second, strict=True))
    settings.GRAPHQL_MAX_DEPTH = 3  # a changed limit is a rule of its own
    assert Limits().validation_rules[0] is not first[0]


def test_validating_the_same_document_twice_builds_no_rule_and_hits_the_cache(
        as_user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    built: list[int] = []
    original = query_depth_limiter.create_validator

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(query_depth_limiter, "create_validator", counting)
    cache = _get_validate_cache(256)
    client = as_user("ministry_admin")
    run(client, QUERY)
    before = cache.cache_info()
    body = run(client, QUERY)
    after = cache.cache_info()
    assert "errors" not in body
    assert built == []
    assert after.hits == before.hits + 1 and after.misses == before.misses


def test_the_schema_has_nothing_that_switches_the_direct_path_off() -> None:
    assert direct_path_blockers(schema) == []


class _Timing(SchemaExtension):
    """A middleware-style extension: it hooks into every resolver."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        return _next(root, info, *args, **kwargs)


@strawberry.type
class _Query:
    ping: str = "pong"


def test_an_extension_that_switches_the_direct_path_off_is_logged_at_start_up(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="api.schema"):
        CorridorSchema(query=_Query, extensions=[DjangoOptimizerExtension, _Timing],
                       execution_context_class=CorridorExecutor)
    warnings = [r.getMessage() for r in caplog.records if r.name == "api.schema"]
    assert len(warnings) == 1 and "_Timing" in warnings[0] and "direct executor" in warnings[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="api.schema"):
        CorridorSchema(query=_Query, extensions=[DjangoOptimizerExtension], execution_context_class=CorridorExecutor)
    assert not [r for r in caplog.records if r.name == "api.schema"]


def test_with_such_an_extension_the_executor_takes_graphql_cores_path() -> None:
    slow = CorridorSchema(query=_Query, extensions=[DjangoOptimizerExtension, _Timing],
                          execution_context_class=CorridorExecutor)
    seen: list[bool] = []
    original = CorridorExecutor.__init__

    def spy(self: CorridorExecutor, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        seen.append(self.fast)

    CorridorExecutor.__init__ = spy  # type: ignore[method-assign]
    try:
        assert slow.execute_sync("{ ping }", root_value=_Query()).data == {"ping": "pong"}
        assert schema.execute_sync("{ __typename }").data == {"__typename": "Query"}
    finally:
        CorridorExecutor.__init__ = original  # type: ignore[method-assign]
    assert seen == [False, True]
