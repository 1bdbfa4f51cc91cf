"""Job-matching events as each actor may see them (coordination.events.selectors decides)."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry.types import Info

from api.context import signed_in_actor
from api.pagination import Connection, connection
from coordination.events import selectors
from coordination.events.graphql.types import MatchingEventType
from coordination.events.models import EventStatus


@strawberry.type
class Query:
    @connection(
        Connection[MatchingEventType] | None,
        description="Job-matching events, newest first: ministry staff see every event, a counsellor their job "
        "centre's and those they staff, anyone else none. `province` is a code (KH-12 or 12); `dateFrom` and "
        "`dateTo` bound the event's date (both included).",
    )
    def matching_events(self, info: Info, province: str | None = None, date_from: datetime.date | None = None,
                        date_to: datetime.date | None = None, status: EventStatus | None = None
                        ) -> QuerySet[Any]:
        return selectors.event_list(actor=signed_in_actor(info), province=(province or "").strip() or None,
                                    date_from=date_from, date_to=date_to,
                                    status=status.value if status else None)
