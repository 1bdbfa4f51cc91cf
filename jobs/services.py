"""Create, advance and finish background jobs. Tasks call these; the progress fragment reads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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


def job_progress(*, job: Job, done: int, total: int | None = None) -> None:
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    job.done = done
    if total is not None:
        job.total = total


def job_message(*, job: Job, text: Any) -> None:
    """Add a note to the job: a message (i18n.messages), a lazy string or plain text, stored as a key and
    parameters so that it reads in the language of whoever looks at the job later."""
    job.messages = [*job.messages, stored(text)]
    Job.objects.filter(pk=job.pk).update(messages=job.messages)


def job_succeed(*, job: Job, filename: str | None = None, content: bytes | None = None) -> None:
    if filename and content is not None:
        job.result_file.save(filename, ContentFile(content), save=False)
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.done = job.total or job.done
    job.save(update_fields=["status", "finished_at", "done", "result_file"])


def job_fail(*, job: Job, text: Any) -> None:
    """The job ends as failed, with why (stored like job_message's notes)."""
    job.messages = [*job.messages, stored(text)]
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "messages"])
