"""A background job, for those who may see it (who started it; ministry administrators)."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from config.graphql_context import signed_in_actor
from jobs import selectors
from jobs.graphql.types import JobType
from validation import parse_id  # ASCII digits only: "१२" is no id (validation.numbers)


@strawberry.type
class Query:
    @strawberry_django.field(description="A background job you started; null when it is not yours or missing.")
    def job(self, info: Info, id: strawberry.ID) -> JobType | None:
        actor = signed_in_actor(info)
        job_id = parse_id(id)
        qs: QuerySet[Any] = selectors.job_list(actor=actor)
        return qs.filter(pk=job_id) if job_id is not None else qs.none()  # type: ignore[return-value]
