"""Fixtures of the jobs page tests."""

from __future__ import annotations

import pytest

from jobs.models import Job, JobStatus


@pytest.fixture
def job(users):
    return Job.objects.create(kind="mou.export_agreements", started_by=users["ministry_reviewer"],
                              status=JobStatus.RUNNING, done=3, total=10)
