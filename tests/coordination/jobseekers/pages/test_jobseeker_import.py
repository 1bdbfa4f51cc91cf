"""The import page for counsellors: who may open each of its pages, the upload, the progress, the outcome, the
report of every problem, and the templates in English and Khmer."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from coordination.jobseekers.imports import IMPORT_JOB
from coordination.jobseekers.models import JobSeeker
from jobs.models import Job, JobStatus
from jobs.tasks import run_job
from tests.coordination.jobseekers.import_helpers import ROW, XLSX, fill, person
from tests.pages import LOGIN, ROLES, assert_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _expected(role: str) -> Any:
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role == "counsellor" else 403


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_import_pages(role: str, as_role: Any, users: dict[str, Any], media: Any) -> None:
    job = Job.objects.create(kind=IMPORT_JOB, started_by=users["counsellor"], status=JobStatus.REJECTED,
                             params={"upload": "x", "language": "en", "errors": [], "error_count": 0})
    client = as_role(role)
    expected = _expected(role)
    assert_status(client.get(reverse("jobseeker_import")), expected)
    assert_status(client.get(reverse("jobseeker_import_template")), expected)
    assert_status(client.get(reverse("jobseeker_import_job", args=[job.pk])), expected)
    assert_status(client.get(reverse("jobseeker_import_status", args=[job.pk])), expected)
    # the report of a job without one: not found for the counsellor, refused for everyone else
    assert_status(client.get(reverse("jobseeker_import_report", args=[job.pk])), 404 if expected == 200 else expected)
    response = client.post(reverse("jobseeker_import"), {"workbook": SimpleUploadedFile("s.xlsx", fill([ROW]), XLSX)})
    assert_status(response, 302 if expected == 200 else expected)
    assert JobSeeker.objects.exists() is False


def test_another_counsellors_import_is_not_found(as_role: Any, users: dict[str, Any]) -> None:
    from accounts.models import Organisation, OrganisationKind, Role, User

    home = users["counsellor"].organisation
    centre = Organisation.objects.create(name="Other centre (test)", kind=OrganisationKind.JOB_CENTRE,
                                         country=home.country)
    other = User.objects.create_user("c2", password="x-password-123", organisation=centre, role=Role.COUNSELLOR)
    job = Job.objects.create(kind=IMPORT_JOB, started_by=other, params={"upload": "x"})
    client = as_role("counsellor")
    assert client.get(reverse("jobseeker_import_job", args=[job.pk])).status_code == 404
    demand_job = Job.objects.create(kind="demand.import_positions", started_by=users["counsellor"], params={})
    assert client.get(reverse("jobseeker_import_job", args=[demand_job.pk])).status_code == 404


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_templates_download(as_role: Any, language: str) -> None:
    response = as_role("counsellor").get(reverse("jobseeker_import_template"), {"language": language})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f'filename="job-seekers-{language}.xlsx"' in response["Content-Disposition"]
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 3


def test_the_page_offers_both_templates(as_role: Any) -> None:
    page = as_role("counsellor").get(reverse("jobseeker_import")).content.decode()
    assert f'{reverse("jobseeker_import_template")}?language=en' in page
    assert f'{reverse("jobseeker_import_template")}?language=km' in page


def test_upload_progress_and_outcome(as_role: Any, media: Any) -> None:
    client = as_role("counsellor")
    response = client.post(reverse("jobseeker_import"),
                           {"workbook": SimpleUploadedFile("s.xlsx", fill([ROW, person(1)]), XLSX)})
    job = Job.objects.get()
    assert response.url == reverse("jobseeker_import_job", args=[job.pk])
    queued = client.get(response.url).content.decode()
    assert "<progress" in queued and reverse("jobseeker_import_status", args=[job.pk]) in queued
    run_job(job.pk)
    done = client.get(reverse("jobseeker_import_status", args=[job.pk])).content.decode()
    assert "2 job seekers registered." in done and 'value="100"' in done
    assert JobSeeker.objects.count() == 2
    client.post(reverse("jobseeker_import"), {"workbook": SimpleUploadedFile("s.xlsx", fill([ROW, person(1)]), XLSX)})
    again = Job.objects.exclude(pk=job.pk).get()
    run_job(again.pk)
    page = client.get(reverse("jobseeker_import_job", args=[again.pk])).content.decode()
    assert "2 rows were already imported and were skipped." in page
    assert re.search(r'id="skipped-rows">[^<]*2, 3</p>', page)


def test_a_refusal_lists_every_problem_and_offers_the_report(as_role: Any, media: Any) -> None:
    client = as_role("counsellor")
    data = fill([{**ROW, "Phone": "1"}, person(1, **{"Date of birth": "later"})])
    client.post(reverse("jobseeker_import"), {"workbook": SimpleUploadedFile("s.xlsx", data, XLSX)})
    job = Job.objects.get()
    run_job(job.pk)
    page = client.get(reverse("jobseeker_import_job", args=[job.pk])).content.decode()
    assert 'class="badge badge--job-rejected">Refused</span>' in page
    assert "Nobody was imported: 2 problems need fixing." in page
    assert re.search(r'<td data-label="Row" class="num">2</td>\s*<td data-label="Column">Phone</td>', page)
    assert re.search(r'<td data-label="Row" class="num">3</td>\s*<td data-label="Column">Date of birth</td>', page)
    assert escape("Write a date, e.g. 1998-04-14 (later is not one).") in page
    report = client.get(reverse("jobseeker_import_report", args=[job.pk]))
    assert report.status_code == 200 and report["Content-Type"] == XLSX
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)
    assert [r[1:3] for r in rows[1:]] == [(2, "Phone"), (3, "Date of birth")]
    client.cookies["django_language"] = "km"
    khmer = client.get(reverse("jobseeker_import_job", args=[job.pk])).content.decode()
    assert escape("Write a date, e.g. 1998-04-14 (later is not one).") not in khmer
    khmer_rows = list(load_workbook(io.BytesIO(client.get(reverse("jobseeker_import_report", args=[job.pk])).content)
                                    ).active.values)
    assert khmer_rows[2][3] != rows[2][3] and khmer_rows[2][1] == 3
    assert not JobSeeker.objects.exists()


def test_a_file_refused_by_the_check_is_named_on_the_form(as_role: Any, media: Any) -> None:
    client = as_role("counsellor")
    response = client.post(reverse("jobseeker_import"),
                           {"workbook": SimpleUploadedFile("s.xlsx", b"name,phone\nDara,012", XLSX)})
    assert response.status_code == 200
    assert escape("This is not an Excel workbook (.xlsx).") in response.content.decode()
    assert not Job.objects.exists()
