"""Background jobs as GraphQL types: poll `job(id)` to follow progress."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import auto

from api.fields import column, fast_type
from jobs import models
from jobs.models import JobStatus

strawberry.enum(JobStatus, name="JobStatus")  # registers the choices class itself as a GraphQL enum


@fast_type(models.Job, name="Job", description="A background job (import, export, matching run).")
class JobType:
    id: strawberry.ID
    kind: auto
    status: JobStatus
    done: auto = column(description="Items processed so far.")
    total: auto = column(description="Items to process; 0 while unknown.")
    created_at: auto
    started_at: auto
    finished_at: auto

    @strawberry_django.field(only=["status", "done", "total", "step", "steps"], description="0–100.")
    def percent(self, root: models.Job) -> int:
        return root.percent

    @strawberry_django.field(only=["status"])
    def is_finished(self, root: models.Job) -> bool:
        return root.is_finished

    @strawberry_django.field(only=["messages"], description="Progress notes and, on failure, the reason.")
    def messages(self, root: models.Job) -> list[str]:
        return root.message_texts

    @strawberry_django.field(only=["result_file"], description="Where to download the result, once finished.")
    def result_url(self, root: models.Job, info: strawberry.Info) -> str | None:
        if not root.result_file:
            return None
        return info.context.request.build_absolute_uri(root.result_file.url)
