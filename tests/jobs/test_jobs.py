"""Background jobs run on a real Celery worker, on whichever broker is configured (filesystem or Redis)."""

from __future__ import annotations

import io
import time

import pytest
from django.db import transaction
from openpyxl import load_workbook

from jobs.models import Job, JobStatus
from jobs.selectors import job_get, job_list
from jobs.services import job_progress, job_start


def wait_for(job: Job, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {seconds}s")


@pytest.mark.django_db(transaction=True)
def test_agreement_export_runs_on_a_real_worker(users, agreements, worker):
    with transaction.atomic():
        job = job_start(actor=users["ministry_reviewer"], kind="mou.export_agreements", params={"language": "en"})
    job = wait_for(job)
    assert job.status == JobStatus.SUCCEEDED, job.messages
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    wb = load_workbook(io.BytesIO(job.result_file.read()))
    assert wb.sheetnames == ["Agreements", "Wage floors", "Fees and costs", "Quotas", "Social security"]
    countries = {row[0] for row in wb["Agreements"].iter_rows(min_row=2, values_only=True)}
    assert countries == {"Thailand", "Korea, Republic of", "Malaysia", "Japan"}
    assert wb["Agreements"].freeze_panes == "A2"


@pytest.mark.django_db(transaction=True)
def test_export_is_scoped_to_who_started_it(users, agreements, worker):
    with transaction.atomic():
        job = job_start(actor=users["employer_kr"], kind="mou.export_agreements", params={})
    job = wait_for(job)
    wb = load_workbook(io.BytesIO(job.result_file.read()))
    assert [r[0] for r in wb["Agreements"].iter_rows(min_row=2, values_only=True)] == ["Korea, Republic of"]


@pytest.mark.django_db
def test_progress_and_scoping(users):
    job = Job.objects.create(kind="mou.export_agreements", started_by=users["agency"])
    job_progress(job=job, done=3, total=12)
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (3, 12, 25)
    assert job_get(actor=users["agency"], job_id=job.pk) == job
    assert job_get(actor=users["employer_th"], job_id=job.pk) is None
    assert job_get(actor=users["ministry_admin"], job_id=job.pk) == job
    assert not job_list(actor=users["ministry_reviewer"]).exists()


@pytest.mark.django_db
def test_unknown_job_kind_is_refused(users):
    with pytest.raises(ValueError):
        job_start(actor=users["agency"], kind="nope")
