"""The root GraphQL schema: each app's queries and mutations merged, with the optimizer and the limits.

Limits come from settings (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS,
GRAPHQL_MAX_PAGE_SIZE) and, like DEBUG, are read on every request; the validation rules that enforce them
are built once per value, so strawberry's validation cache (keyed by document and rules) answers a document
it has seen without validating it again. With DEBUG off, introspection is refused and unexpected errors are
masked.

An extension that hooks into `resolve` becomes graphql-core middleware, which switches the direct executor
(api/execution.py) off for every request: the schema says so in a warning when it is built.

The committed SDL is regenerated with `.venv/bin/python manage.py export_schema api.schema --path
schema.graphql`; tests/api/test_schema_drift.py fails when it differs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import Any

import strawberry
from django.conf import settings
from graphql import GraphQLError, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
    query_depth_limiter,
)
from strawberry.extensions import max_aliases as aliases_limiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry_django.optimizer import DjangoOptimizerExtension

from accounts.graphql import mutations as accounts_mutations
from accounts.graphql import queries as accounts_queries
from api.execution import CorridorExecutor, blocks_direct_path
from api.input_checks import RefuseBadInput
from api.scalars import SCALAR_OVERRIDES
from audit.graphql import queries as audit_queries
from coordination.agencies.graphql import mutations as agencies_mutations
from coordination.agencies.graphql import queries as agencies_queries
from coordination.events.graphql import mutations as events_mutations
from coordination.events.graphql import queries as events_queries
from coordination.jobseekers.graphql import mutations as jobseekers_mutations
from coordination.jobseekers.graphql import queries as jobseekers_queries
from demand.graphql import mutations as demand_mutations
from demand.graphql import queries as demand_queries
from jobs.graphql import queries as jobs_queries
from mou.graphql import mutations as mou_mutations
from mou.graphql import queries as mou_queries
from reference.graphql import queries as reference_queries


class IntrospectionOnlyInDebug(DisableIntrospection):
    """`__schema` / `__type` are refused unless settings.DEBUG is on (decided per request)."""

    def on_operation(self) -> Iterator[None]:
        if settings.DEBUG:
            yield
        else:
            yield from super().on_operation()


def _is_unexpected(error: GraphQLError) -> bool:
    """An exception nobody raised on purpose (a bug, a database outage), as opposed to a client's mistake:
    invalid documents, limits, NotSignedIn and BadRequest carry no other original error."""
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


def _should_mask(error: GraphQLError) -> bool:
    """Hide the text of unexpected exceptions in production; the errors we mean clients to read stay."""
    return not settings.DEBUG and _is_unexpected(error)


logger = logging.getLogger(__name__)


class CorridorSchema(strawberry.Schema):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blockers = direct_path_blockers(self)
        if blockers:
            logger.warning(
                "GraphQL extension(s) %s hook into resolve (graphql-core middleware): the direct executor of "
                "api/execution.py is off for every request, which makes large lists several times slower "
                "(docs/performance.md).", ", ".join(blockers),
            )

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log unexpected errors with their traceback; a client's mistakes are answered, not logged."""
        super().process_errors([e for e in errors if _is_unexpected(e)], execution_context)


def direct_path_blockers(schema: strawberry.Schema) -> list[str]:
    """The names of the schema's extensions that would switch the direct executor off."""
    return [type(ext).__name__ for ext in schema.get_extensions(sync=True) if blocks_direct_path(ext)]


@functools.cache
def depth_rule(max_depth: int) -> type[ValidationRule]:
    """QueryDepthLimiter's rule for a depth, built once (QueryDepthLimiter builds a new class each time)."""
    return query_depth_limiter.create_validator(max_depth, None, None)


@functools.cache
def alias_rule(max_aliases: int) -> type[ValidationRule]:
    """MaxAliasesLimiter's rule for a count, built once."""
    return aliases_limiter.create_validator(max_aliases)


class Limits(AddValidationRules):
    """The depth and alias limits of settings, as validation rules built once per value."""

    def __init__(self) -> None:
        super().__init__([depth_rule(settings.GRAPHQL_MAX_DEPTH), alias_rule(settings.GRAPHQL_MAX_ALIASES)])


def _parser_cache() -> ParserCache:
    return ParserCache(maxsize=256)


def _validation_cache() -> ValidationCache:
    return ValidationCache(maxsize=256)


def _token_limiter() -> MaxTokensLimiter:
    return MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS)


def _error_mask() -> MaskErrors:
    return MaskErrors(should_mask_error=_should_mask)


Query = merge_types(
    "Query",
    (
        accounts_queries.Query,
        mou_queries.Query,
        reference_queries.Query,
        jobs_queries.Query,
        audit_queries.Query,
        demand_queries.Query,
        agencies_queries.Query,
        jobseekers_queries.Query,
        events_queries.Query,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        mou_mutations.Mutation,
        accounts_mutations.Mutation,
        demand_mutations.Mutation,
        agencies_mutations.Mutation,
        jobseekers_mutations.Mutation,
        events_mutations.Mutation,
    ),
)

schema = CorridorSchema(
    query=Query,
    mutation=Mutation,
    extensions=[
        DjangoOptimizerExtension,
        RefuseBadInput,
        Limits,
        _token_limiter,
        _parser_cache,
        _validation_cache,
        IntrospectionOnlyInDebug,
        _error_mask,
    ],
    config=StrawberryConfig(relay_max_results=settings.GRAPHQL_MAX_PAGE_SIZE),
    execution_context_class=CorridorExecutor,
    scalar_overrides=SCALAR_OVERRIDES,
)
