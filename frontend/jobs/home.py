"""The jobs panel of the home page: background jobs that failed this past week, for those who may see them."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone

from accounts import permissions
from frontend.home import Panel
from jobs.models import JobStatus
from jobs.selectors import job_list

DAYS = 7


def panels(request: HttpRequest) -> list[Panel]:
    actor = request.user
    if not permissions.can_see_every_job(actor):
        return []
    failed = job_list(actor=actor, status=JobStatus.FAILED, since=timezone.now() - datetime.timedelta(days=DAYS))
    return [Panel("jobs/home.html", {"failed": list(failed[:5]), "failed_total": failed.count(), "days": DAYS},
                  order=20)]
