"""demandLetterImportPositions: a multipart upload checked before anything is saved, then a background job."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from demand.spreadsheets import build_template
from jobs.models import Job, JobStatus
from tests.api.helpers import run
from tests.demand.graphql.test_permissions import post_upload
from tests.demand.test_spreadsheets import ROW, fill


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    """Each test saves uploads in its own directory (parallel test runs share var/)."""
    settings.MEDIA_ROOT = str(tmp_path)


def _uploads() -> set[str]:
    return set(default_storage.listdir("uploads/demand")[1]) if default_storage.exists("uploads/demand") else set()


@pytest.fixture
def th_draft(letter_in: Any) -> Any:
    return letter_in("draft", country="TH")


@pytest.fixture
def workbook(agreements: dict[str, Any]) -> bytes:
    """The Thai template with two rows filled in."""
    return fill(build_template(agreement=agreements["TH"]), [ROW, {**ROW, "Line": 2, "Number of workers": 5}])


def _payload(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content
    return response.json()["data"]["demandLetterImportPositions"]


def test_upload_queues_a_job(as_user: Any, th_draft: Any, workbook: bytes, users: dict[str, Any]) -> None:
    before = _uploads()
    payload = _payload(post_upload(as_user("employer_th"), th_draft.pk, workbook))
    assert payload["errors"] == []
    assert payload["job"]["status"] == "QUEUED" and payload["job"]["kind"] == "demand.import_positions"
    job = Job.objects.get(pk=payload["job"]["id"])
    assert job.started_by == users["employer_th"]
    assert job.params["letter_id"] == th_draft.pk and job.params["language"] == "en"
    assert job.params["upload"].startswith(f"uploads/demand/{th_draft.reference}-")
    assert _uploads() - before == {job.params["upload"].removeprefix("uploads/demand/")}
    with default_storage.open(job.params["upload"], "rb") as fh:
        assert fh.read() == workbook


def test_the_job_reads_the_workbook_in_the_request_language(as_user: Any, th_draft: Any, workbook: bytes) -> None:
    """A Khmer template's drop-down values are Khmer: the import parses them in the language of the request."""
    payload = _payload(post_upload(as_user("employer_th"), th_draft.pk, workbook, HTTP_ACCEPT_LANGUAGE="km"))
    assert Job.objects.get(pk=payload["job"]["id"]).params["language"] == "km"


def test_the_job_imports_the_positions_once_committed(
    as_user: Any, th_draft: Any, workbook: bytes, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Run the queued job in-process (as the Celery worker would) and follow it with job(id)."""
    from jobs.tasks import run_job

    monkeypatch.setattr(run_job, "delay", lambda job_id: run_job(job_id))
    client = as_user("employer_th")
    with django_capture_on_commit_callbacks(execute=True):
        payload = _payload(post_upload(client, th_draft.pk, workbook))
    job = run(client, "query($id: ID!) { job(id: $id) { status percent isFinished messages } }",
              {"id": payload["job"]["id"]})
    assert job["data"]["job"] == {"status": "SUCCEEDED", "percent": 100, "isFinished": True,
                                  "messages": ["2 positions imported."]}
    assert list(th_draft.positions.order_by("line").values_list("workers", flat=True)) == [20, 5]
    assert not default_storage.exists(Job.objects.get(pk=payload["job"]["id"]).params["upload"])  # cleaned up


def _zip_bomb(template: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/padding.xml", b"<a/>" + b" " * (60 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("positions.xlsx", b"Line,Occupation,Workers\n1,7531,20\n", "This is not an Excel workbook (.xlsx)."),
    ("positions.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel 97–2003 (.xls) file"),
    ("positions.xlsx", b"", "The file is empty."),
    ("positions.xlsx", "bomb", "expands to far more data than it holds"),
], ids=["csv-renamed", "xls", "empty", "zip-bomb"])
def test_a_file_that_is_not_a_plain_workbook_is_refused_before_saving(
    name: str, content: Any, message: str, as_user: Any, th_draft: Any, agreements: dict[str, Any]
) -> None:
    if content == "bomb":
        content = _zip_bomb(build_template(agreement=agreements["TH"]))
    before, jobs = _uploads(), Job.objects.count()
    payload = _payload(post_upload(as_user("employer_th"), th_draft.pk, content, name=name))
    assert payload["job"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("file", "invalid")
    assert message in error["message"]
    assert _uploads() == before and Job.objects.count() == jobs
    assert th_draft.positions.count() == 1


def test_an_oversized_file_is_refused_before_saving(as_user: Any, th_draft: Any, settings: Any) -> None:
    settings.SPREADSHEET_MAX_BYTES = 1024 * 1024
    before, jobs = _uploads(), Job.objects.count()
    payload = _payload(post_upload(as_user("employer_th"), th_draft.pk, b"PK\x03\x04" + b"\0" * (1024 * 1024)))
    assert payload == {"job": None, "errors": [{
        "field": "file", "code": "invalid", "message": "The file is larger than 1 MB. Split it into smaller files.",
    }]}
    assert _uploads() == before and Job.objects.count() == jobs


def test_only_while_draft_or_returned(as_user: Any, letter_in: Any, workbook: bytes) -> None:
    letter = letter_in("submitted", country="TH")
    before, jobs = _uploads(), Job.objects.count()
    payload = _payload(post_upload(as_user("employer_th"), letter.pk, workbook))
    assert payload["job"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("status", "invalid")]
    assert payload["errors"][0]["message"] == ("This letter is submitted: positions can only be imported while it "
                                               "is a draft or returned for changes.")
    assert _uploads() == before and Job.objects.count() == jobs


def test_cookie_uploads_need_the_csrf_token(users: dict[str, Any], th_draft: Any, workbook: bytes,
                                            settings: Any) -> None:
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["employer_th"])
    before, jobs = _uploads(), Job.objects.count()
    assert post_upload(client, th_draft.pk, workbook).status_code == 403
    assert _uploads() == before and Job.objects.count() == jobs

    client.get("/graphql/", HTTP_ACCEPT="text/html")  # GraphiQL sets the cookie
    payload = _payload(post_upload(client, th_draft.pk, workbook, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value))
    assert payload["errors"] == [] and payload["job"]["status"] == JobStatus.QUEUED.name
