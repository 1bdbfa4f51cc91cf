"""A faster way through graphql-core for the fields that only read an attribute.

graphql-core resolves every field the same way: a path entry, a resolve-info object of fourteen parts,
the middleware chain, argument parsing, then `complete_value`'s walk through non-null, list, leaf and
object. For a page of 100 demand letters with their positions that is about 30,000 fields, and the
machinery costs several times the value it produces (docs/performance.md).

Most of those fields are what strawberry calls *basic*: no resolver, no extensions, no permission
classes — the value is an attribute of the source. For such a field this executor calls the same
resolver strawberry built for it and completes the value directly:

- a scalar or enum: coerced with the type's own `coerce_output_value`;
- an object (not a list, not an interface or union): its `is_type_of` is checked and its selection is
  executed the same way, recursively.

Everything else takes graphql-core's own path: fields with a resolver or arguments, lists, abstract
types, `@defer`, any middleware other than the optimizer's (whose `resolve` hook only acts on querysets
and managers — a basic field that returns one of those is handed back to the ordinary path). Errors keep
graphql-core's semantics: the same messages, the same paths, null propagation to the nearest nullable
parent. tests/api/test_execution.py compares the two executors over whole responses, errors included.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.db.models.manager import BaseManager
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, inspect
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.fastpath import Precomputed


class Way(enum.Enum):
    """How the executor answers one field of a selection."""

    SCALAR = "scalar"  # a basic field of a scalar or enum type: resolve, coerce
    OBJECT = "object"  # a basic field of an object type: resolve, then its own selection, directly
    ORDINARY = "ordinary"  # everything else: graphql-core's execute_field


class FieldStep(NamedTuple):
    """One field of a selection on one parent type, planned once per request (see `_plan`)."""

    response_name: str
    field_details: Any
    way: Way
    resolve: Callable[..., Any] | None  # the field's resolver, for SCALAR and OBJECT
    return_type: Any  # the field's type without its non-null wrapper
    non_null: bool
    field_name: str


def _is_basic(field_def: Any) -> bool:
    """The field has the resolver strawberry builds for a basic field (an attribute read, nothing else)."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    resolve = field_def.resolve
    return (
        isinstance(definition, StrawberryField)
        and definition.is_basic_field
        and getattr(resolve, "__name__", "") == "_get_basic_result"
        and getattr(resolve, "_is_default", False)
        and not field_def.args
    )


def blocks_direct_path(middleware: Any) -> bool:
    """A middleware (a strawberry extension hooking into resolve) the direct path cannot honour: any but the
    optimizer's. api/schema.py warns at start-up when the schema has one."""
    return not isinstance(middleware, DjangoOptimizerExtension) and (
        not hasattr(middleware, "_implements_resolve") or middleware._implements_resolve()
    )


class CorridorExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor with a direct path for basic fields (see the module docstring)."""

    enabled = True  # tests switch it off to compare with graphql-core's own path

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, int], tuple[Any, list[FieldStep]]] = {}
        middlewares = self.middleware_manager.middlewares if self.middleware_manager else ()
        self.fast = self.enabled and not any(blocks_direct_path(m) for m in middlewares)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[FieldStep]:
        # graphql-core memoises collected fields per request, so a field set is the same object for every
        # item of a list; keep it alive with its plan so that its id cannot be reused.
        key = (parent_type.name, id(grouped_field_set))
        found = self._plans.get(key)
        if found is not None:
            return found[1]
        steps: list[FieldStep] = []
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field_name = node.name.value
            field_def = self.schema.get_field(parent_type, field_name)
            way = Way.ORDINARY
            return_type, non_null = (field_def.type, False) if field_def else (None, False)
            if isinstance(return_type, GraphQLNonNull):
                return_type, non_null = return_type.of_type, True
            if field_def is not None and not node.arguments and _is_basic(field_def):
                if isinstance(return_type, (GraphQLScalarType, GraphQLEnumType)):
                    way = Way.SCALAR
                elif isinstance(return_type, GraphQLObjectType):
                    way = Way.OBJECT
            resolve = field_def.resolve if way is not Way.ORDINARY else None
            steps.append(FieldStep(response_name, field_details_list, way, resolve, return_type, non_null, field_name))
        self._plans[key] = (grouped_field_set, steps)
        return steps

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self.fast or position_context is not None:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        ordinary, scalar = Way.ORDINARY, Way.SCALAR
        for response_name, field_details_list, way, resolve, return_type, non_null, field_name in self._plan(
            parent_type, grouped_field_set
        ):
            if way is ordinary:
                result = self.execute_field(
                    parent_type, source_value, field_details_list, Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
                continue
            try:
                value = resolve(source_value)  # type: ignore[misc]
                if isinstance(value, Exception):
                    raise value
                if value is None:
                    if non_null:
                        raise TypeError(f"Cannot return null for non-nullable field {parent_type.name}.{field_name}.")
                    results[response_name] = None
                elif way is scalar:
                    coerced = return_type.coerce_output_value(value)
                    if coerced is Undefined or coerced is None:
                        raise TypeError(
                            f"Expected `{inspect(return_type)}.coerce_output_value({inspect(value)})` to return "
                            f"non-nullable value, returned: {inspect(coerced)}"
                        )
                    results[response_name] = coerced
                else:
                    results[response_name] = self._complete_object(
                        parent_type, source_value, path, response_name, field_details_list, return_type, value
                    )
            except Exception as raw_error:  # graphql-core's own handling: locate, then null or propagate
                wrapped = GraphQLNonNull(return_type) if non_null else return_type
                self.handle_field_error(raw_error, wrapped, field_details_list, Path(path, response_name,
                                                                                      parent_type.name))
                results[response_name] = None
        if not awaitable_fields:
            return results
        # An ordinary field answered with an awaitable (never in this project's sync views): let
        # graphql-core's implementation gather it, from the values already computed.
        return self._gather(results, awaitable_fields)

    def _complete_object(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        response_name: str,
        field_details_list: Any,
        return_type: GraphQLObjectType,
        value: Any,
    ) -> Any:
        if value.__class__ is Precomputed:  # a node answered from rows (api/fastpath/)
            return value.data
        field_path = Path(path, response_name, parent_type.name)
        if isinstance(value, (BaseManager, QuerySet)):
            # The optimizer's middleware may want to plan this queryset: the ordinary path, from the start.
            return self.execute_field(parent_type, source_value, field_details_list, field_path, None)
        is_type_of = return_type.is_type_of
        if is_type_of is not None:
            field_def = self.schema.get_field(parent_type, field_details_list[0].node.name.value)
            info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, field_path)
            verdict = is_type_of(value, info)
            if verdict is not True and (self.is_awaitable(verdict) or not verdict):
                return self.execute_field(parent_type, source_value, field_details_list, field_path, None)
        grouped_field_set, new_defer_usages, _forbidden = self.collect_subfields(return_type, field_details_list)
        if new_defer_usages:
            return self.execute_field(parent_type, source_value, field_details_list, field_path, None)
        return self.execute_fields(return_type, value, field_path, grouped_field_set, None)

    def complete_value(self, return_type: Any, field_details_list: Any, info: Any, path: Any, result: Any,
                       position_context: Any) -> Any:
        if result.__class__ is Precomputed:  # a node answered from rows, reached by graphql-core's own path
            return result.data
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    @staticmethod
    def _gather(results: dict[str, Any], awaitable_fields: list[str]) -> Any:
        async def get_results() -> dict[str, Any]:
            for name in awaitable_fields:
                results[name] = await results[name]
            return results

        return get_results()
