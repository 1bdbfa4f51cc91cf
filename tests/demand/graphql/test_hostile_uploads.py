"""The hostile corpus through GraphQL (demandLetterImportPositions, then job(id)): each file the check refuses
is a `file` error with its message and no job, no stored upload; each file the import refuses ends in a job
with status REJECTED that says how many problems there are; 0 rows are written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Job
from jobs.tasks import run_job
from tests.demand.test_hostile_uploads import refused_corpus, row_corpus

pytestmark = pytest.mark.django_db

IMPORT = """mutation($id: ID!, $file: Upload!) {
  demandLetterImportPositions(id: $id, file: $file) { job { id status } errors { field code message } } }"""
JOB = "query($id: ID!) { job(id: $id) { status isFinished percent messages } }"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _post_upload(client: Any, letter_id: int, content: bytes) -> dict[str, Any]:
    """A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec)."""
    response = client.post("/graphql/", {
        "operations": json.dumps({"query": IMPORT, "variables": {"id": letter_id, "file": None}}),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": SimpleUploadedFile("positions.xlsx", content, content_type="application/octet-stream"),
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["demandLetterImportPositions"]


def _uploads() -> list[str]:
    return default_storage.listdir("uploads/demand")[1] if default_storage.exists("uploads/demand") else []


def test_each_refused_file_is_a_file_error(as_role: Any, letter_in: Any, agreements: dict[str, Any]) -> None:
    letter = letter_in("draft", country="TH")
    client = as_role("employer_th")
    for case, (data, words) in refused_corpus(agreements).items():
        payload = _post_upload(client, letter.pk, data)
        assert payload["job"] is None, case
        [error] = payload["errors"]
        assert (error["field"], error["code"]) == ("file", "invalid"), case
        assert words in error["message"], case
        assert "Error -3" not in error["message"] and "zlib" not in error["message"], case
    assert _uploads() == [] and not Job.objects.exists()
    assert list(letter.positions.values_list("workers", flat=True)) == [10]


@pytest.mark.parametrize("case", ["zero-width", "12-bad-rows", "rule-errors"])
def test_a_refused_import_is_a_rejected_job(case: str, as_role: Any, letter_in: Any, agreements: dict[str, Any],
                                           monkeypatch: pytest.MonkeyPatch,
                                           django_capture_on_commit_callbacks: Any) -> None:
    letter = letter_in("draft", country="TH")
    data, expected = row_corpus(agreements)[case]
    monkeypatch.setattr(run_job, "delay", lambda job_id: run_job(job_id))  # the worker's work, in-process
    client = as_role("employer_th")
    with django_capture_on_commit_callbacks(execute=True):
        payload = _post_upload(client, letter.pk, data)
    assert payload["errors"] == []
    response = client.post("/graphql/", {"query": JOB, "variables": {"id": payload["job"]["id"]}},
                           content_type="application/json")
    job = response.json()["data"]["job"]
    problems = "problem needs" if len(expected) == 1 else "problems need"
    assert job == {"status": "REJECTED", "isFinished": True, "percent": 0,
                   "messages": [f"Nothing was imported: {len(expected)} {problems} fixing."]}
    stored = Job.objects.get(pk=payload["job"]["id"])
    assert [(e["sheet"], e["row"], e["column"], e["message"]) for e in stored.params["errors"]] == expected
    assert _uploads() == []
    assert list(letter.positions.values_list("workers", flat=True)) == [10]
