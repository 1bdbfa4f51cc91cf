"""The signed-in user and their API tokens."""

from __future__ import annotations

from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry.types import Info

from accounts import selectors
from accounts.graphql.types import ApiTokenType, MeType
from api.context import signed_in_actor
from api.pagination import Connection, connection


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user, their organisation, role and permissions.")
    def me(self, info: Info) -> MeType | None:
        return signed_in_actor(info)

    @connection(Connection[ApiTokenType] | None, description="Your own API tokens, newest first.")
    def api_tokens(self, info: Info) -> QuerySet[Any]:
        return selectors.api_token_list(actor=signed_in_actor(info))
