from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from accounts.permissions import can_see_every_job, is_signed_in
from jobs.models import Job


def job_list(*, actor: Any, status: str = "", since: datetime.datetime | None = None) -> QuerySet[Job]:
    """A person sees the jobs they started; ministry administrators see all."""
    if not is_signed_in(actor):
        return Job.objects.none()
    qs = Job.objects.select_related("started_by")
    if status:
        qs = qs.filter(status=status)
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs if can_see_every_job(actor) else qs.filter(started_by=actor)


def job_get(*, actor: Any, job_id: int) -> Job | None:
    return job_list(actor=actor).filter(pk=job_id).first()
