"""Create, advance and finish background jobs. Tasks call these; the progress fragment reads them.

A job's input file, if it has one, is a storage path in `params["upload"]`; it is removed when the job
ends in any way: succeeded, refused, failed, or failed by the beat task after its worker died.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from i18n.messages import stored
from jobs.models import Job, JobStatus

# kind -> callable(job) registered by apps; run by the single Celery task jobs.tasks.run_job.
_RUNNERS: dict[str, Callable[[Job], None]] = {}


def job_runner(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    def register(fn: Callable[[Job], None]) -> Callable[[Job], None]:
        _RUNNERS[kind] = fn
        return fn

    return register


def get_runner(kind: str) -> Callable[[Job], None]:
    return _RUNNERS[kind]


def job_start(*, actor: Any, kind: str, params: dict[str, Any] | None = None) -> Job:
    """Create a queued job and enqueue it once the surrounding transaction commits."""
    from jobs.tasks import run_job

    if kind not in _RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, started_by=actor, params=params or {})
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_progress(*, job: Job, done: int, total: int | None = None, step: int | None = None,
                 steps: int | None = None) -> None:
    """`done` of `total` items, in step `step` of `steps` for a job that goes over its items more than once."""
    fields: dict[str, Any] = {"done": done}
    for name, value in (("total", total), ("step", step), ("steps", steps)):
        if value is not None:
            fields[name] = value
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_message(*, job: Job, text: Any) -> None:
    """Add a note to the job: a message (i18n.messages), a lazy string or plain text, stored as a key and
    parameters so that it reads in the language of whoever looks at the job later."""
    job.messages = [*job.messages, stored(text)]
    Job.objects.filter(pk=job.pk).update(messages=job.messages)


def job_remove_upload(*, job: Job) -> None:
    """Remove the job's input file (params["upload"]), if it is still there."""
    path = (job.params or {}).get("upload")
    if path and default_storage.exists(path):
        default_storage.delete(path)


def job_succeed(*, job: Job, filename: str | None = None, content: bytes | None = None) -> None:
    if filename and content is not None:
        job.result_file.save(filename, ContentFile(content), save=False)
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.done = job.total or job.done
    job.save(update_fields=["status", "finished_at", "done", "result_file"])
    job_remove_upload(job=job)


def job_reject(*, job: Job, text: Any) -> None:
    """The job ran and refused its input (its problems are in the job's params): not a failure of the job."""
    _end(job, JobStatus.REJECTED, text)


def job_fail(*, job: Job, text: Any) -> None:
    """The job broke: an internal error, a time limit, its worker died (why is stored like job_message's notes)."""
    _end(job, JobStatus.FAILED, text)


def _end(job: Job, status: str, text: Any) -> None:
    job.messages = [*job.messages, stored(text)]
    job.status = status
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "messages"])
    job_remove_upload(job=job)


def jobs_fail_stalled(*, now: Any = None) -> list[int]:
    """Fail every job still running past its deadline (started more than JOB_STALLED_AFTER_SECONDS ago): its
    worker died or was killed, so it will never finish. Returns the ids; running it twice fails each once."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(seconds=settings.JOB_STALLED_AFTER_SECONDS)
    failed: list[int] = []
    for job in Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=deadline).order_by("pk"):
        with transaction.atomic():
            # Only a job still running is failed: one that finished meanwhile keeps its outcome.
            claimed = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.FAILED, finished_at=now,
                messages=[*job.messages, stored(gettext_lazy(
                    "The job stopped: the worker running it ended before it finished. "
                    "Nothing was changed; start it again."))],
            )
        if claimed:
            job_remove_upload(job=job)
            failed.append(job.pk)
    return failed
