"""Recruitment agencies as each actor may see them (coordination.agencies.selectors decides)."""

from __future__ import annotations

from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry.types import Info

from api.context import signed_in_actor
from api.pagination import Connection, connection
from coordination.agencies import selectors
from coordination.agencies.graphql.types import AgencyStatus, AgencyType


@strawberry.type
class Query:
    @connection(
        Connection[AgencyType] | None,
        description="Recruitment agencies by name: ministry staff see every agency, an agency's staff their own, "
        "anyone else none. `status` keeps agencies with that status (an agency never supervised counts as "
        "ACTIVE); `search` matches the name or the licence number.",
    )
    def agencies(self, info: Info, status: AgencyStatus | None = None, search: str | None = None) -> QuerySet[Any]:
        return selectors.agency_list(actor=signed_in_actor(info), status=status.value if status else None,
                                     search=search or "")
