"""The one Celery task that runs every background job by its kind, and the beat task that fails jobs whose
worker died (scheduled in jobs.apps)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from i18n.messages import message
from jobs.models import Job, JobStatus
from jobs.services import get_runner, job_fail, jobs_fail_stalled

log = logging.getLogger(__name__)


# acks_late: idempotent, because the job is claimed once (queued -> running); a message delivered again after its
# worker died (task_reject_on_worker_lost) finds the job running and does nothing: fail_stalled_jobs ends it.
@shared_task(acks_late=True, soft_time_limit=settings.JOB_SOFT_TIME_LIMIT, time_limit=settings.JOB_TIME_LIMIT)
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
    except SoftTimeLimitExceeded:
        log.warning("job %s ran past its time limit", job_id)
        job_fail(job=job, text=message(_("The job took longer than it may (%(minutes)s minutes) and was stopped. "
                                         "Nothing was changed."), minutes=settings.JOB_SOFT_TIME_LIMIT // 60))
    except Exception:
        log.exception("job %s failed", job_id)
        job_fail(job=job, text=_("The job stopped because of an internal error. Nothing was changed."))


@shared_task(acks_late=True)
def fail_stalled_jobs() -> int:
    """Mark failed the jobs still running past their deadline, and remove their uploads (idempotent)."""
    failed = jobs_fail_stalled()
    if failed:
        log.warning("failed %d stalled job(s): %s", len(failed), ", ".join(map(str, failed)))
    return len(failed)
