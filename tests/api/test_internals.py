"""The private internals the direct executor (api/execution.py) and the rows path (api/fastpath/) rely on are
still there, and the libraries are the versions the tests prove. An upgrade that moves one of them fails here,
by name, instead of making the API silently slower (a path that stops being taken) or wrong."""

from __future__ import annotations

import hashlib
import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql.execution.collect_fields import collect_subfields
from graphql.execution.executor import Executor
from graphql.execution.values import get_argument_values
from packaging.requirements import Requirement
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField
from strawberry.types.info import Info
from strawberry_django.pagination import apply_window_pagination

from api.execution import CorridorExecutor, _is_basic
from api.fastpath.plan import ROW_NUMBER, TOTAL_COUNT
from api.schema import schema
from demand.models import Position

ROOT = Path(__file__).resolve().parents[2]
PINNED = ("strawberry-graphql", "strawberry-graphql-django", "graphql-core")

# graphql-core's Executor.execute_fields, which CorridorExecutor.execute_fields re-implements for basic fields:
# when it changes, read the new one and bring the copy in line, then record the new digest here.
EXECUTE_FIELDS_SHA256 = "797f54fbd779b4e381b688bce8e249abffa2e057974676e5f5ef3cefc0ff654c"


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize("name", PINNED)
def test_the_library_is_within_the_pinned_minor_versions(name: str) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    requirement = next(Requirement(d) for d in declared if Requirement(d).name == name)
    assert requirement.specifier, f"{name} must be pinned in pyproject.toml"
    assert version(name) in requirement.specifier, f"{name} {version(name)} is outside {requirement.specifier}"
    locked = (ROOT / "requirements.lock").read_text().splitlines()
    assert f"{name}=={version(name)}" in locked


def test_the_copied_execute_fields_is_still_graphql_cores() -> None:
    source = inspect.getsource(Executor.execute_fields)
    assert hashlib.sha256(source.encode()).hexdigest() == EXECUTE_FIELDS_SHA256, (
        "graphql-core's Executor.execute_fields changed: compare it with CorridorExecutor.execute_fields")


def test_the_executor_methods_it_calls_have_the_same_signatures() -> None:
    assert issubclass(CorridorExecutor, StrawberryGraphQLCoreExecutionContext)
    expected = {
        "execute_fields": ["self", "parent_type", "source_value", "path", "grouped_field_set", "position_context"],
        "execute_field": ["self", "parent_type", "source", "field_details_list", "path", "position_context"],
        "complete_value": ["self", "return_type", "field_details_list", "info", "path", "result",
                           "position_context"],
        "collect_subfields": ["self", "return_type", "field_details_list"],
        "handle_field_error": ["self", "raw_error", "return_type", "field_details_list", "path"],
        "build_resolve_info": ["self", "field_def", "field_nodes", "parent_type", "path"],
    }
    for name, parameters in expected.items():
        assert _parameters(getattr(StrawberryGraphQLCoreExecutionContext, name)) == parameters, name
    assert hasattr(StrawberryGraphQLCoreExecutionContext, "is_awaitable")
    assert _parameters(collect_subfields)[:6] == ["schema", "fragments", "variable_values", "operation",
                                                  "return_type", "field_details_list"]
    assert _parameters(get_argument_values)[:4] == ["type_def", "node", "variable_values",
                                                    "fragment_variable_values"]


def test_strawberrys_info_still_wraps_graphql_cores() -> None:
    """The rows path and demand's positions page read graphql-core's resolve info as `info._raw_info`."""
    assert "_raw_info" in Info.__dataclass_fields__


def test_basic_fields_are_still_recognised() -> None:
    """strawberry's resolver for a basic field is still `_get_basic_result`, marked `_is_default`: without it
    no field would take the direct path."""
    assert isinstance(StrawberryField.is_basic_field, property)
    position = schema._schema.type_map["Position"]
    assert _is_basic(position.fields["workLocation"])
    resolve = position.fields["workLocation"].resolve
    assert resolve.__name__ == "_get_basic_result" and resolve._is_default
    assert not _is_basic(position.fields["costs"])


@pytest.mark.django_db
def test_strawberry_djangos_window_columns_keep_their_names() -> None:
    queryset = apply_window_pagination(Position.objects.order_by("line"), related_field_id="letter_id", offset=0,
                                       limit=2, max_results=100)
    assert {ROW_NUMBER, TOTAL_COUNT} <= set(queryset.query.annotations)


@pytest.mark.django_db
def test_a_querysets_result_cache_can_still_be_set() -> None:
    """demand.graphql.types._fetched hands strawberry_django an evaluated queryset by setting its cache."""
    from demand.graphql.types import _fetched

    queryset = _fetched(Position.objects.all(), [])
    assert queryset._result_cache == [] and queryset._prefetch_done
    with CaptureQueriesContext(connection) as queries:
        assert list(queryset) == []
    assert len(queries) == 0
