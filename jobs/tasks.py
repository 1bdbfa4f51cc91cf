"""The one Celery task that runs every background job by its kind."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Job, JobStatus
from jobs.services import get_runner, job_fail

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_job(job_id: int) -> None:
    # Claim the job: a redelivered message for a job already started or finished does nothing.
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now()
        )
    if not claimed:
        return
    job = Job.objects.select_related("started_by").get(pk=job_id)
    try:
        get_runner(job.kind)(job)
    except Exception:
        log.exception("job %s failed", job_id)
        job_fail(job=job, text=_("The job stopped because of an internal error. Nothing was changed."))
