"""The job_download page (job_download_view in frontend/jobs/)."""

from __future__ import annotations

from django.urls import reverse


def test_download_before_the_result_exists_is_404(as_role, job):
    assert as_role("ministry_reviewer").get(reverse("job_download", args=[job.pk])).status_code == 404
