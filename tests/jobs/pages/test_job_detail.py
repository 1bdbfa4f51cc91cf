"""The job_detail page (job_detail_view in frontend/jobs/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.jobs.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_job_page_by_role(as_role, job, role):
    assert_status(as_role(role).get(reverse("job_detail", args=[job.pk])), _expected(role))


def test_job_page_includes_the_fragment(as_role, job):
    html = as_role("ministry_reviewer").get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Export of agreements" in html
    assert f'id="job-{job.pk}-progress"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
