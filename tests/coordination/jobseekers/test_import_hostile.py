"""Bad spreadsheets refused with nothing written, through every door of the job-seeker import: the service, the
upload page and, on a real Celery worker, the background job. The hostile corpus is the reader's
(tests/spreadsheets/hostile.py), made from a valid filled-in job-seeker workbook; then the import's own refusals:
a wrong sheet, missing columns, an empty file, a sheet without rows."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from coordination.jobseekers.imports import IMPORT_JOB, seeker_import_start, seekers_import
from coordination.jobseekers.models import Consent, JobSeeker
from coordination.jobseekers.spreadsheets import COLUMNS
from jobs.models import Job, JobStatus
from jobs.services import job_start
from spreadsheets.reader import column_letter
from tests.coordination.jobseekers.import_helpers import ROW, XLSX, fill, person
from tests.spreadsheets import hostile

SHEET = "Job seekers"
LAST_COLUMN = column_letter(len(COLUMNS) + 1)  # the template's columns and one more


def refused_corpus() -> dict[str, tuple[bytes, str]]:
    corpus = hostile.refused_by_check(fill([ROW]), SHEET, last_column=LAST_COLUMN)
    # This import takes up to 100,000 rows, not the positions import's 20,000.
    for case in ("far-cell-XFD1048576", "lying-dimension-300k-rows"):
        corpus[case] = (corpus[case][0], f"The sheet {SHEET} has more than 100,000 rows below its header")
    return corpus


def _workbook(sheet: str, header: list[str] | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if header:
        ws.append(header)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def import_refusals() -> dict[str, tuple[bytes, str]]:
    """Files the reader lets through and the import refuses whole: name -> (bytes, words of the refusal)."""
    full = [str(c.label) for c in COLUMNS]
    template = fill([])
    wb = load_workbook(io.BytesIO(fill([ROW])))
    ws = wb[SHEET]
    ws.delete_cols(3)  # Sex
    ws.delete_cols(5)  # Phone (after the shift)
    buf = io.BytesIO()
    wb.save(buf)
    return {
        "missing-columns": (buf.getvalue(), "These columns are missing: Sex, Phone."),
        "header-only": (template, "The Job seekers sheet has no rows to import."),
        "blank-rows-only": (fill([{}, {}, {}]), "The Job seekers sheet has no rows to import."),
        "empty-sheet": (_workbook(SHEET, None), "The Job seekers sheet is empty: it has no header row."),
        "header-of-other-columns": (_workbook(SHEET, ["Name", "Phone number"]), "These columns are missing:"),
        "every-column-but-no-rows": (_workbook(SHEET, full), "The Job seekers sheet has no rows to import."),
    }


IMPORT_CASES = ["missing-columns", "header-only", "blank-rows-only", "empty-sheet", "header-of-other-columns",
                "every-column-but-no-rows"]


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_uploads() -> list[str]:
    return default_storage.listdir("uploads/jobseekers")[1] if default_storage.exists("uploads/jobseekers") else []


def nothing_written() -> bool:
    return not JobSeeker.objects.exists() and not Consent.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_the_hostile_corpus_before_storing(users: dict[str, Any], media: Any) -> None:
    counsellor = users["counsellor"]
    for case, (data, words) in refused_corpus().items():
        with pytest.raises(ValidationError) as refused:
            seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", data, XLSX))
        [message] = refused.value.message_dict["file"]
        assert words in message, case
        # and the import itself, given the bytes, refuses them the same way
        outcome = seekers_import(actor=counsellor, data=data)
        assert outcome.imported == 0 and words in outcome.errors[0].message, case
    assert stored_uploads() == [] and not Job.objects.exists() and nothing_written()


@pytest.mark.django_db
def test_an_empty_file_and_a_file_too_big(users: dict[str, Any], media: Any, settings: Any) -> None:
    counsellor = users["counsellor"]
    with pytest.raises(ValidationError) as refused:
        seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", b"", XLSX))
    assert refused.value.message_dict["file"] == ["The file is empty."]
    settings.JOBSEEKER_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", b"PK\x03\x04" + b"0" * 2 ** 21, XLSX))
    assert refused.value.message_dict["file"] == ["The file is larger than 1 MB. Split it into smaller files."]
    assert stored_uploads() == [] and not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", IMPORT_CASES)
def test_the_import_refuses_files_it_cannot_use(case: str, users: dict[str, Any]) -> None:
    data, words = import_refusals()[case]
    outcome = seekers_import(actor=users["counsellor"], data=data)
    assert outcome.imported == 0 and len(outcome.errors) == 1 and words in outcome.errors[0].message, outcome.errors
    assert nothing_written()


@pytest.mark.django_db
def test_the_page_refuses_each_file_with_its_message(as_role: Any, media: Any) -> None:
    client = as_role("counsellor")
    for case, (data, words) in refused_corpus().items():
        response = client.post(reverse("jobseeker_import"), {"workbook": SimpleUploadedFile("s.xlsx", data, XLSX)})
        assert response.status_code == 200, case
        assert escape(words) in response.content.decode(), case
    assert stored_uploads() == [] and not Job.objects.exists() and nothing_written()


def _wait(job: Job, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status}")


def _queue(counsellor: Any, data: bytes, name: str) -> Job:
    """Store a file and queue its import directly, as if it had got past the upload check."""
    path = default_storage.save(f"uploads/jobseekers/{name}.xlsx", ContentFile(data))
    with transaction.atomic():
        return job_start(actor=counsellor, kind=IMPORT_JOB, params={"upload": path, "language": "en"})


@pytest.mark.django_db(transaction=True)
def test_the_worker_refuses_every_file_and_goes_on(users: dict[str, Any], worker: None) -> None:
    """Every file goes to a real worker too (it checks again): each job ends refused with its message, its
    upload is gone, nothing is written, and a valid import after them all succeeds on the same worker."""
    counsellor = users["counsellor"]
    files = refused_corpus() | import_refusals()
    bad_rows = fill([person(i, **{"Phone": "1"}) for i in range(12)])
    jobs = {case: _queue(counsellor, data, case) for case, (data, _w) in files.items()}
    jobs["12-bad-rows"] = _queue(counsellor, bad_rows, "bad-rows")
    for case, job in jobs.items():
        job = _wait(job)
        assert job.status == JobStatus.REJECTED, (case, job.messages)
        if case in files:
            assert files[case][1] in job.params["errors"][0]["in"]["en"]["message"], case
            assert job.message_texts == ["Nobody was imported: 1 problem needs fixing."], case
        else:
            assert job.params["error_count"] == 12
        assert not default_storage.exists(job.params["upload"]), case
    assert nothing_written()
    good = _wait(_queue(counsellor, fill([ROW, person(1)]), "good"))
    assert good.status == JobStatus.SUCCEEDED, good.messages
    assert JobSeeker.objects.count() == 2 and stored_uploads() == []
