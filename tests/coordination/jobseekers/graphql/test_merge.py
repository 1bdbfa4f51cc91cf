"""mergeJobSeekers, confirmDistinctJobSeekers, importJobSeekers: the services' checks as FieldErrors on the ids
the API was sent; the seekers looked up as the caller sees them; the import a multipart upload and a job."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from coordination.jobseekers.models import DuplicateDecision, JobSeeker, SeekerStatus
from jobs.models import Job
from tests.api.helpers import run
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.import_helpers import ROW, fill

pytestmark = pytest.mark.django_db

MERGE = """mutation($keep: ID!, $merge: ID!, $reason: String!) {
  mergeJobSeekers(keepId: $keep, mergeId: $merge, reason: $reason) {
    jobSeeker { id nameLatin nameKm phone } errors { field code message } } }"""

DISTINCT = """mutation($first: ID!, $second: ID!) { confirmDistinctJobSeekers(firstId: $first, secondId: $second) {
  confirmed errors { field code message } } }"""

IMPORT = """mutation($file: Upload!, $language: String) { importJobSeekers(file: $file, language: $language) {
  job { id kind status } errors { field code message } } }"""


def twins(users: dict[str, Any], other: Any) -> tuple[Any, Any]:
    """Sok Dara registered twice: in Latin letters at Phnom Penh, in Khmer (no national ID) at Siem Reap."""
    keep = register(users["counsellor"], name_km="", phone="")
    merge = register(other, name_latin="", national_id="", phone="097 123 4567", distinct_from=[keep.pk])
    return keep, merge


def post_upload(client: Client, content: bytes, language: str | None = None) -> Any:
    """A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec)."""
    return client.post("/graphql/", {
        "operations": json.dumps({"query": IMPORT, "variables": {"file": None, "language": language}}),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": SimpleUploadedFile("seekers.xlsx", content, content_type="application/octet-stream"),
    })


def test_a_counsellor_merges_a_record_of_another_job_centre(as_user: Any, users: Any, other_counsellor: Any) -> None:
    keep, merge = twins(users, other_counsellor)
    out = run(as_user("counsellor"), MERGE, {"keep": keep.pk, "merge": merge.pk, "reason": "Same ID card"})
    payload = out["data"]["mergeJobSeekers"]
    assert payload["errors"] == []
    assert payload["jobSeeker"] == {"id": str(keep.pk), "nameLatin": "Sok Dara", "nameKm": "សុខ ដារា",
                                    "phone": "+855971234567"}
    merge.refresh_from_db()
    assert merge.status == SeekerStatus.MERGED and merge.merged_into_id == keep.pk
    assert set(AuditEvent.objects.filter(action__startswith="jobseeker.merge").values_list("action", "reason")) == {
        ("jobseeker.merge", "Same ID card"), ("jobseeker.merged_into", "Same ID card")}


def test_a_merge_without_a_reason_names_the_field(as_user: Any, users: Any, other_counsellor: Any) -> None:
    keep, merge = twins(users, other_counsellor)
    payload = run(as_user("counsellor"), MERGE, {"keep": keep.pk, "merge": merge.pk, "reason": "  "}
                  )["data"]["mergeJobSeekers"]
    assert payload["jobSeeker"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "invalid")]
    assert payload["errors"][0]["message"] == "Say why these records are the same person."
    assert JobSeeker.objects.filter(status=SeekerStatus.MERGED).count() == 0


def test_different_national_ids_refuse_the_merge(as_user: Any, seekers: dict[str, Any]) -> None:
    payload = run(as_user("counsellor"), MERGE, {"keep": seekers["dara"].pk, "merge": seekers["sophea"].pk,
                                                 "reason": "Same"})["data"]["mergeJobSeekers"]
    assert [e["field"] for e in payload["errors"]] == ["nationalId"]
    assert "different national ID numbers" in payload["errors"][0]["message"]


def test_merging_a_record_into_itself_or_again_is_refused(as_user: Any, users: Any, other_counsellor: Any) -> None:
    keep, merge = twins(users, other_counsellor)
    client = as_user("counsellor")
    payload = run(client, MERGE, {"keep": keep.pk, "merge": keep.pk, "reason": "x"})["data"]["mergeJobSeekers"]
    assert [(e["field"], e["message"]) for e in payload["errors"]] == [("mergeId", "Choose two different records.")]
    assert run(client, MERGE, {"keep": keep.pk, "merge": merge.pk, "reason": "x"})["data"]["mergeJobSeekers"][
        "errors"] == []
    # The merged record's id now resolves to the kept one: the same record twice.
    again = run(client, MERGE, {"keep": keep.pk, "merge": merge.pk, "reason": "x"})["data"]["mergeJobSeekers"]
    assert [e["field"] for e in again["errors"]] == ["mergeId"]


@pytest.mark.parametrize("raw", ["nope", "999999"])
def test_an_unknown_or_unseen_id_does_not_exist(as_user: Any, seekers: dict[str, Any], raw: str) -> None:
    payload = run(as_user("counsellor"), MERGE, {"keep": seekers["dara"].pk, "merge": raw, "reason": "x"}
                  )["data"]["mergeJobSeekers"]
    assert [(e["field"], e["code"], e["message"]) for e in payload["errors"]] == [
        ("mergeId", "not_found", "That job seeker does not exist.")]
    payload = run(as_user("counsellor"), DISTINCT, {"first": raw, "second": seekers["dara"].pk}
                  )["data"]["confirmDistinctJobSeekers"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("firstId", "not_found")]


def test_confirming_two_people_distinct(as_user: Any, users: Any, other_counsellor: Any) -> None:
    keep, merge = twins(users, other_counsellor)
    DuplicateDecision.objects.all().delete()
    client = as_user("anonymous")
    client.force_login(other_counsellor)
    payload = run(client, DISTINCT, {"first": keep.pk, "second": merge.pk}
                  )["data"]["confirmDistinctJobSeekers"]
    assert payload == {"confirmed": True, "errors": []}
    decision = DuplicateDecision.objects.get()
    assert decision.outcome == DuplicateDecision.Outcome.DISTINCT and decision.decided_by == other_counsellor
    same = run(as_user("counsellor"), DISTINCT, {"first": keep.pk, "second": keep.pk}
               )["data"]["confirmDistinctJobSeekers"]
    assert same["confirmed"] is False
    assert [(e["field"], e["message"]) for e in same["errors"]] == [("secondId", "Choose two different records.")]


def test_a_counsellor_imports_a_workbook_as_a_job(as_user: Any, users: Any, settings: Any, tmp_path: Any,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    """The queued job run in-process once committed, as the Celery worker would."""
    from jobs.tasks import run_job

    monkeypatch.setattr(run_job, "delay", lambda job_id: run_job(job_id))
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(as_user("counsellor"), fill([ROW]), language="km")
    assert response.status_code == 200, response.content
    payload = response.json()["data"]["importJobSeekers"]
    assert payload["errors"] == [], payload["errors"]
    assert payload["job"]["kind"] == "jobseekers.import"
    job = Job.objects.get(pk=payload["job"]["id"])
    assert job.params["language"] == "km" and job.params["filename"] == "seekers.xlsx"
    assert job.status == "succeeded", job.status
    assert JobSeeker.objects.get().job_centre == users["counsellor"].organisation


def test_a_file_that_is_not_a_workbook_is_refused_on_file(as_user: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    payload = post_upload(as_user("counsellor"), b"name,phone\nDara,012\n").json()["data"]["importJobSeekers"]
    assert payload["job"] is None
    assert [e["field"] for e in payload["errors"]] == ["file"] and payload["errors"][0]["message"]
    assert not Job.objects.exists()


def test_an_unknown_language_is_refused(as_user: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    payload = post_upload(as_user("counsellor"), fill([ROW]), language="fr").json()["data"]["importJobSeekers"]
    assert payload["job"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("language", "invalid")]
    assert not Job.objects.exists()
