"""Job query fields: a finished job's result."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from jobs.models import Job
from tests.api.helpers import run


def test_finished_job_links_its_result(as_user: Any, users: dict[str, Any], settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(kind="mou.export", started_by=users["attache"], status="succeeded", total=4, done=4)
    job.result_file.save("agreements.xlsx", ContentFile(b"xlsx"), save=True)
    body = run(as_user("attache"), "query($id: ID!) { job(id: $id) { status percent isFinished resultUrl } }",
               {"id": job.pk})
    result = body["data"]["job"]
    assert result["status"] == "SUCCEEDED" and result["percent"] == 100 and result["isFinished"] is True
    assert result["resultUrl"].startswith("http://testserver/media/jobs/")
    assert result["resultUrl"].endswith(".xlsx")
