"""The administrator's home page shows what needs a look: failed background jobs, failed or stuck deliveries."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_administrator_sees_failed_jobs_and_deliveries(as_role, users):
    from jobs.models import Job, JobStatus

    Job.objects.create(kind="demand.import_positions", status=JobStatus.FAILED, started_by=users["employer_kr"])
    html = as_role("ministry_admin").get(reverse("home")).content.decode()
    assert "1 background job failed in the past 7 days." in html and "Import of positions" in html
    assert "Every e-mail and SMS went out." in html
    # the reviewer is no administrator: no such panels
    reviewer = as_role("ministry_reviewer").get(reverse("home")).content.decode()
    assert "Background jobs" not in reviewer and "E-mail and SMS deliveries" not in reviewer
