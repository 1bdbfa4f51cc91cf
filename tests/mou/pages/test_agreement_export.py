"""The agreement_export page (agreement_export_view in frontend/mou/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs import services as job_services
from jobs.models import Job
from tests.mou.pages.helpers import MINISTRY, _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_export_by_role(as_role, agreements, monkeypatch, role):
    monkeypatch.setitem(job_services._RUNNERS, "mou.export_agreements", lambda job: None)
    response = as_role(role).post(reverse("agreement_export"), {"status": "", "country": "", "q": ""})
    assert_status(response, _expected(role, allowed=MINISTRY) if role not in MINISTRY else 302)


def test_export_starts_a_job_and_shows_its_page(as_role, agreements, monkeypatch):
    monkeypatch.setitem(job_services._RUNNERS, "mou.export_agreements", lambda job: None)
    client = as_role("ministry_reviewer")
    response = client.post(reverse("agreement_export"), {"status": "in_force", "country": "TH", "q": ""})
    job = Job.objects.get()
    assert response.url == reverse("job_detail", args=[job.pk])
    assert job.kind == "mou.export_agreements" and job.params == {"status": "in_force", "country": "TH",
                                                                   "search": "", "language": "en"}
    assert client.get(response.url).status_code == 200


def test_export_when_no_runner_is_registered_says_so(as_role, agreements, monkeypatch):
    monkeypatch.delitem(job_services._RUNNERS, "mou.export_agreements", raising=False)
    response = as_role("ministry_admin").post(reverse("agreement_export"), follow=True)
    assert "The spreadsheet export is not available at the moment." in response.content.decode()
    assert not Job.objects.exists()
