"""The demand_import page (demand_import_view in frontend/demand/)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from jobs.models import Job, JobStatus
from jobs.tasks import run_job
from tests.demand.pages.helpers import (
    ROW,
    thai_letter,
    upload,
    workbook,
)


def test_a_good_workbook_is_imported_by_a_job(as_role, setup):
    letter = thai_letter(setup)
    client = as_role("employer_th")
    response = upload(client, letter, workbook(setup["agreements"]["TH"], [ROW, {**ROW, "Line": 2,
                                                                               "Number of workers": 5}]))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("demand_import", args=[letter.pk, job.pk])
    assert job.kind == "demand.import_positions" and job.params["letter_id"] == letter.pk
    assert job.params["upload"].startswith("uploads/") and job.params["language"] == "en"
    page = client.get(response.url).content.decode()
    assert "job-progress" in page and "hx-get" in page  # polls while the job waits

    run_job(job.pk)  # what the worker does
    assert [p.workers for p in letter.positions.all()] == [30, 5]
    fragment = client.get(reverse("demand_import_status", args=[letter.pk, job.pk])).content.decode()
    assert "hx-trigger" not in fragment
    assert "See the imported positions" in fragment


def test_a_workbook_with_errors_gets_the_report_and_the_marked_workbook(as_role, setup):
    letter = thai_letter(setup)
    client = as_role("employer_th")
    upload(client, letter, workbook(setup["agreements"]["TH"], [ROW, {**ROW, "Line": 2, "Wage": "a lot"}]))
    job = Job.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    page = client.get(reverse("demand_import", args=[letter.pk, job.pk])).content.decode()
    assert "Problems to fix" in page
    assert 'class="badge badge--job-rejected">Refused<' in page and "<progress" not in page
    assert "did not finish" not in page and "of 2 done" not in page
    assert re.search(r"<td data-label=\"Sheet\">Positions</td>\s*<td data-label=\"Row\" class=\"num\">3</td>\s*"
                     r"<td data-label=\"Column\">Wage</td>", page)
    assert reverse("job_download", args=[job.pk]) in page
    assert [p.wage_amount for p in letter.positions.all()] == [Decimal("400")]
