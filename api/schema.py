"""The root GraphQL schema: each app's queries and mutations merged, with the optimizer and the limits.

Limits come from settings (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS,
GRAPHQL_MAX_PAGE_SIZE) and, like DEBUG, are read on every request. With DEBUG off, introspection is
refused and unexpected errors are masked.

The committed SDL is regenerated with `.venv/bin/python manage.py export_schema api.schema --path
schema.graphql`; tests/api/test_schema_drift.py fails when it differs.
"""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from django.conf import settings
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry_django.optimizer import DjangoOptimizerExtension

from accounts.graphql import mutations as accounts_mutations
from accounts.graphql import queries as accounts_queries
from api.execution import CorridorExecutor
from audit.graphql import queries as audit_queries
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


class CorridorSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log unexpected errors with their traceback; a client's mistakes are answered, not logged."""
        super().process_errors([e for e in errors if _is_unexpected(e)], execution_context)


def _depth_limiter() -> QueryDepthLimiter:
    return QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH)


def _alias_limiter() -> MaxAliasesLimiter:
    return MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES)


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
    ),
)
Mutation = merge_types(
    "Mutation", (mou_mutations.Mutation, accounts_mutations.Mutation, demand_mutations.Mutation)
)

schema = CorridorSchema(
    query=Query,
    mutation=Mutation,
    extensions=[
        DjangoOptimizerExtension,
        _depth_limiter,
        _alias_limiter,
        _token_limiter,
        IntrospectionOnlyInDebug,
        _error_mask,
    ],
    config=StrawberryConfig(relay_max_results=settings.GRAPHQL_MAX_PAGE_SIZE),
    execution_context_class=CorridorExecutor,
)
