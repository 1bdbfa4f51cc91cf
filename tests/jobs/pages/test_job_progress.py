"""The job_progress page (job_progress_view in frontend/jobs/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.models import JobStatus
from jobs.services import job_succeed
from tests.jobs.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_progress_fragment_by_role(as_role, job, role):
    assert_status(as_role(role).get(reverse("job_progress", args=[job.pk])), _expected(role))


def test_fragment_polls_while_running(as_role, job):
    response = as_role("ministry_reviewer").get(reverse("job_progress", args=[job.pk]))
    html = response.content.decode()
    assert "<html" not in html
    assert f'hx-get="{reverse("job_progress", args=[job.pk])}" hx-trigger="every 1s" hx-swap="outerHTML"' in html
    assert '<progress class="job-progress__bar" max="100" value="30"' in html
    assert "3 of 10 done" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_fragment_stops_polling_when_finished(as_role, job, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job_succeed(job=job, filename="agreements.xlsx", content=b"spreadsheet bytes")
    client = as_role("ministry_reviewer")
    html = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert 'value="100"' in html
    assert reverse("job_download", args=[job.pk]) in html

    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"spreadsheet bytes"
    assert response["Content-Disposition"].startswith("attachment;")
    assert as_role("employer_th").get(reverse("job_download", args=[job.pk])).status_code == 404


def test_failed_job_stops_polling_and_shows_the_message(as_role, job):
    job.status = JobStatus.FAILED
    job.messages = ["Row 4: the currency is missing."]
    job.save()
    html = as_role("ministry_reviewer").get(reverse("job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert "Row 4: the currency is missing." in html


def test_job_messages_read_in_the_readers_language(as_role, job):
    """A job run while English was active (its notes and its failure) reads in Khmer for a Khmer reader."""
    from django.utils.translation import gettext_lazy, ngettext_lazy, override

    from i18n.messages import plural
    from jobs.services import job_fail, job_message

    with override("en"):
        job_message(job=job, text=plural(ngettext_lazy(
            "%(count)s position imported.", "%(count)s positions imported.", 12)))
        job_fail(job=job, text=gettext_lazy("The job stopped because of an internal error. Nothing was changed."))
    client = as_role("ministry_reviewer")
    english = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert "12 positions imported." in english and "internal error" in english
    client.post(reverse("set_language"), {"language": "km", "next": "/"})
    khmer = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert "12" in khmer and "positions imported" not in khmer and "internal error" not in khmer
