from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.permissions import is_ministry_admin, is_signed_in
from jobs.models import Job


def job_list(*, actor: Any) -> QuerySet[Job]:
    """A person sees the jobs they started; ministry administrators see all."""
    if not is_signed_in(actor):
        return Job.objects.none()
    qs = Job.objects.select_related("started_by")
    return qs if is_ministry_admin(actor) else qs.filter(started_by=actor)


def job_get(*, actor: Any, job_id: int) -> Job | None:
    return job_list(actor=actor).filter(pk=job_id).first()
