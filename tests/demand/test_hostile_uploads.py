"""The hostile corpus (tests/spreadsheets/hostile.py) through every door of the positions import: the service,
the employer's upload page and, on a real Celery worker, the background job. Each file is refused with a
clear message, 0 rows are written, no upload stays in storage, and the worker goes on to import the next
valid file. The GraphQL door: tests/demand/graphql/test_hostile_uploads.py."""

from __future__ import annotations

import datetime
import io
import re
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook

from demand.models import Position
from demand.spreadsheets import POSITIONS, build_template, positions_import, positions_import_start
from jobs.models import Job, JobStatus
from jobs.services import job_start, jobs_fail_stalled
from jobs.tasks import fail_stalled_jobs, run_job
from tests.demand.test_spreadsheets import ROW, fill
from tests.spreadsheets import hostile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_COLUMN = "U"  # the template's 20 columns and the Errors column of a marked copy
ZW = "\u200b\u200c\u200d\u2060\ufeff"


def valid_workbook(agreements: dict[str, Any]) -> bytes:
    return fill(build_template(agreement=agreements["TH"]), [ROW])


def refused_corpus(agreements: dict[str, Any]) -> dict[str, tuple[bytes, str]]:
    return hostile.refused_by_check(valid_workbook(agreements), POSITIONS, last_column=LAST_COLUMN)


CHECK_CASES = ["far-cell-XFD1048576", "far-cell-XFD20000", "lying-dimension-300k-rows", "corrupt-deflate", "bad-crc",
               "deflate64", "encrypted-flag", "dtd-late-in-sheet", "dtd-late-in-docprops", "formula-in-odd-sheet-part",
               "vba-project", "encrypted-ole", "renamed-sheet"]


def row_corpus(agreements: dict[str, Any]) -> dict[str, tuple[bytes, list[tuple[str, int, str, str]]]]:
    """Files the check lets through and the import refuses: name -> (bytes, every expected (sheet, row,
    column, message))."""
    template = build_template(agreement=agreements["TH"])
    invisible = {**ROW, "Occupation (ISCO-08)": f"{ZW}{ROW['Occupation (ISCO-08)']}", "Currency": f" THB{ZW} ",
                 "Wage period": "\ufeffper month", "Accommodation provided": "Yes\u200d",
                 "Work location": " Rayong\u2060"}
    return {
        # Invisible characters around good values are stripped (row 2 is fine); the bad code is named as it looks.
        "zero-width": (fill(template, [invisible, {**ROW, "Line": 2, "Occupation (ISCO-08)": f"\u200b9999{ZW} — X"}]),
                       [(POSITIONS, 3, "Occupation (ISCO-08)", "9999 is not an ISCO-08 code.")]),
        "12-bad-rows": (fill(template, [{**ROW, "Line": i, "Wage": "lots"} for i in range(1, 13)]),
                        [(POSITIONS, r, "Wage", "Write a number, e.g. 1.5.") for r in range(2, 14)]),
        # The file's own problems and the service's rules, in one pass.
        "rule-errors": (fill(template, [{**ROW, "Wage": "a lot"}, {**ROW, "Line": 2, "Occupation (ISCO-08)": "9999"},
                                        {**ROW, "Line": 3, "Number of workers": "many"}]),
                        [(POSITIONS, 2, "Wage", "Write a number, e.g. 1.5."),
                         (POSITIONS, 3, "Occupation (ISCO-08)", "9999 is not an ISCO-08 code."),
                         (POSITIONS, 4, "Number of workers", "Write a whole number, e.g. 12.")]),
    }


ROW_CASES = ["zero-width", "12-bad-rows", "rule-errors"]


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_uploads() -> list[str]:
    return default_storage.listdir("uploads/demand")[1] if default_storage.exists("uploads/demand") else []


@pytest.fixture
def th_draft(letter_in: Any) -> Any:
    return letter_in("draft", country="TH")


# --- the service -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("case", CHECK_CASES)
def test_the_service_refuses_before_storing(case: str, users: dict[str, Any], agreements: dict[str, Any],
                                            th_draft: Any, media: Any) -> None:
    data, words = refused_corpus(agreements)[case]
    with pytest.raises(ValidationError) as refused:
        positions_import_start(actor=users["employer_th"], letter=th_draft,
                               upload=SimpleUploadedFile("p.xlsx", data, XLSX), language="en")
    [message] = refused.value.message_dict["file"]
    assert words in message
    assert stored_uploads() == [] and not Job.objects.exists()
    # and the import itself, called with the bytes, refuses them the same way and writes nothing
    outcome = positions_import(actor=users["employer_th"], letter=th_draft, data=data)
    assert outcome.imported == 0 and words in outcome.errors[0].message and outcome.marked_workbook is None
    assert list(th_draft.positions.values_list("workers", flat=True)) == [10]


@pytest.mark.django_db
@pytest.mark.parametrize("case", ROW_CASES)
def test_the_import_reports_every_problem_in_one_pass(case: str, users: dict[str, Any], agreements: dict[str, Any],
                                                      th_draft: Any) -> None:
    data, expected = row_corpus(agreements)[case]
    outcome = positions_import(actor=users["employer_th"], letter=th_draft, data=data)
    assert [(e.sheet, e.row, e.column, e.message) for e in outcome.errors] == expected
    assert outcome.imported == 0 and list(th_draft.positions.values_list("workers", flat=True)) == [10]
    assert outcome.marked_workbook


@pytest.mark.django_db
def test_invisible_characters_are_stripped_before_validation(users: dict[str, Any], agreements: dict[str, Any],
                                                             th_draft: Any) -> None:
    row = {key: f"{ZW} {value}\u200b " if isinstance(value, str) and value else value for key, value in ROW.items()}
    outcome = positions_import(actor=users["employer_th"], letter=th_draft,
                               data=fill(build_template(agreement=agreements["TH"]), [row]))
    assert outcome.errors == [] and outcome.imported == 1
    position = th_draft.positions.get()
    assert (position.occupation.code, position.work_location, position.skills) == (
        "7531", "Samut Prakan", "Industrial sewing machine, 1 year")


# --- the page ----------------------------------------------------------------------------------------------------


def _upload(client: Any, letter: Any, data: bytes) -> Any:
    return client.post(reverse("demand_upload", args=[letter.pk]),
                       {"workbook": SimpleUploadedFile("positions.xlsx", data, XLSX), "replace": "on"})


@pytest.mark.django_db
def test_the_page_refuses_each_file_with_its_message(as_role: Any, agreements: dict[str, Any], th_draft: Any,
                                                     media: Any) -> None:
    client = as_role("employer_th")
    for case, (data, words) in refused_corpus(agreements).items():
        response = _upload(client, th_draft, data)
        assert response.status_code == 200, case
        page = response.content.decode()
        assert escape(words) in page, case
    assert stored_uploads() == [] and not Job.objects.exists()
    assert list(th_draft.positions.values_list("workers", flat=True)) == [10]


@pytest.mark.django_db
@pytest.mark.parametrize("case", ROW_CASES)
def test_the_page_shows_a_refusal_with_its_table_of_problems(case: str, as_role: Any, agreements: dict[str, Any],
                                                             th_draft: Any, media: Any) -> None:
    data, expected = row_corpus(agreements)[case]
    client = as_role("employer_th")
    response = _upload(client, th_draft, data)
    job = Job.objects.get()
    assert response.status_code == 302
    run_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    page = client.get(reverse("demand_import", args=[th_draft.pk, job.pk])).content.decode()
    assert 'class="badge badge--job-rejected">Refused</span>' in page
    assert f"Nothing was imported: {len(expected)} problem" in page
    assert "did not finish" not in page and "<progress" not in page and " done" not in page.split("</p>")[0]
    assert page.count('<td data-label="Problem">') == len(expected)
    for _sheet, row, column, _message in expected:
        cells = rf'<td data-label="Row" class="num">{row}</td>\s*<td data-label="Column">{re.escape(column)}</td>'
        assert re.search(cells, page)
    assert stored_uploads() == []
    assert list(th_draft.positions.values_list("workers", flat=True)) == [10]


# --- the worker --------------------------------------------------------------------------------------------------


def _wait(job: Job, seconds: float = 90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status}")


def _queue(users: dict[str, Any], letter: Any, data: bytes, name: str) -> Job:
    """Store a file and queue its import directly, as if it had got past the upload check."""
    path = default_storage.save(f"uploads/demand/{name}.xlsx", ContentFile(data))
    with transaction.atomic():
        return job_start(actor=users["employer_th"], kind="demand.import_positions",
                         params={"letter_id": letter.pk, "upload": path, "language": "en"})


@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_every_file(users: dict[str, Any], employers: Any, agreements: dict[str, Any],
                                        letter_in: Any, worker: None) -> None:
    """Every file goes to the worker too (the worker checks again): each job ends refused with the message,
    the upload is gone, nothing is written, and a valid import after them all succeeds on the same worker."""
    letter = letter_in("draft", country="TH")
    refused = refused_corpus(agreements)
    rows = row_corpus(agreements)
    jobs = {case: _queue(users, letter, data, case) for case, (data, _w) in refused.items()}
    jobs |= {case: _queue(users, letter, data, case) for case, (data, _e) in rows.items()}
    for case, job in jobs.items():
        job = _wait(job)
        assert job.status == JobStatus.REJECTED, (case, job.messages)
        if case in refused:
            assert job.params["errors"][0]["message"].startswith(refused[case][1][:20]) or \
                refused[case][1] in job.params["errors"][0]["message"], case
            assert job.message_texts == ["Nothing was imported: 1 problem needs fixing."], case
        else:
            assert job.params["error_count"] == len(rows[case][1]), case
        assert not default_storage.exists(job.params["upload"]), case
    assert list(Position.objects.filter(letter=letter).values_list("workers", flat=True)) == [10]
    seven = fill(build_template(agreement=agreements["TH"]), [{**ROW, "Number of workers": 7}])
    good = _wait(_queue(users, letter, seven, "good"))
    assert good.status == JobStatus.SUCCEEDED, good.messages
    assert list(Position.objects.filter(letter=letter).values_list("workers", flat=True)) == [7]
    assert stored_uploads() == []


def widest_allowed_workbook() -> bytes:
    """As big as the check lets through: a Positions sheet of 20,000 rows below the header, 21 columns of text."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(POSITIONS)
    for r in range(20_001):
        ws.append([f"{r}-{c}-" + "x" * 60 for c in range(21)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_parse_that_dies_is_a_clear_refusal_and_the_worker_goes_on(
        users: dict[str, Any], employers: Any, agreements: dict[str, Any], letter_in: Any, worker: None,
        settings: Any) -> None:
    """The child process that parses gets 40 MB of address space, less than calamine needs for the largest
    workbook the check allows (about 135 MB): calamine aborts (SIGABRT) in the child, the job is refused with
    the limits named, and the worker (this very process) carries on with the next file."""
    letter = letter_in("draft", country="TH")
    settings.SPREADSHEET_PARSE_MEMORY_MB = 40
    job = _wait(_queue(users, letter, widest_allowed_workbook(), "starved"))
    assert job.status == JobStatus.REJECTED
    assert [e["message"] for e in job.params["errors"]] == [
        "The workbook could not be read within the limits for one upload (40 MB of memory, 60 seconds). Check "
        "that it holds only the template's sheets and your rows, or split it into smaller files."]
    assert not default_storage.exists(job.params["upload"])
    settings.SPREADSHEET_PARSE_MEMORY_MB = 1024
    assert _wait(_queue(users, letter, valid_workbook(agreements), "fine")).status == JobStatus.SUCCEEDED
    assert list(Position.objects.filter(letter=letter).values_list("workers", flat=True)) == [20]


# --- jobs whose worker died --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_beat_task_fails_jobs_past_their_deadline_and_removes_their_uploads(
        users: dict[str, Any], th_draft: Any, agreements: dict[str, Any], media: Any, settings: Any) -> None:
    now = timezone.now()
    stalled, recent, queued = (
        _queue(users, th_draft, valid_workbook(agreements), name) for name in ("stalled", "recent", "queued"))
    too_long = datetime.timedelta(seconds=settings.JOB_STALLED_AFTER_SECONDS + 1)
    Job.objects.filter(pk=stalled.pk).update(status=JobStatus.RUNNING, started_at=now - too_long)
    Job.objects.filter(pk=recent.pk).update(status=JobStatus.RUNNING, started_at=now - datetime.timedelta(minutes=2))
    assert fail_stalled_jobs() == 1
    assert fail_stalled_jobs() == 0  # once
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert (statuses[stalled.pk], statuses[recent.pk], statuses[queued.pk]) == ("failed", "running", "queued")
    stalled.refresh_from_db()
    assert stalled.message_texts == ["The job stopped: the worker running it ended before it finished. "
                                "Nothing was changed; start it again."]
    assert stalled.finished_at is not None
    assert not default_storage.exists(stalled.params["upload"])
    assert default_storage.exists(recent.params["upload"]) and default_storage.exists(queued.params["upload"])
    # the recent one too, once its deadline has passed
    assert jobs_fail_stalled(now=now + too_long) == [recent.pk]


def test_the_stalled_jobs_task_is_on_the_beat_schedule() -> None:
    from config.celery import app
    from jobs.apps import BEAT_SCHEDULE

    assert app.conf.beat_schedule["jobs-fail-stalled"]["task"] == BEAT_SCHEDULE["jobs-fail-stalled"]["task"] == (
        "jobs.tasks.fail_stalled_jobs")


def test_long_task_settings(settings: Any) -> None:
    """acks_late only where a task opts in (the idempotent ones), workers replaced when they grow, limits set."""
    from celery import current_app

    from jobs.tasks import run_job as task

    assert settings.CELERY_TASK_ACKS_LATE is False and settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0
    assert task.acks_late is True
    assert (task.soft_time_limit, task.time_limit) == (settings.JOB_SOFT_TIME_LIMIT, settings.JOB_TIME_LIMIT)
    assert settings.JOB_STALLED_AFTER_SECONDS > settings.JOB_TIME_LIMIT
    assert current_app.conf.task_reject_on_worker_lost is True


@pytest.mark.django_db
def test_the_table_of_problems_reads_in_the_readers_language(as_role: Any, agreements: dict[str, Any],
                                                             th_draft: Any, media: Any) -> None:
    """An import run in English, its refusal opened by a Khmer reader: every problem reads in Khmer."""
    data, expected = row_corpus(agreements)["12-bad-rows"]
    client = as_role("employer_th")
    _upload(client, th_draft, data)
    job = Job.objects.get()
    assert job.params["language"] == "en"
    run_job(job.pk)
    url = reverse("demand_import", args=[th_draft.pk, job.pk])
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "km"
    khmer = client.get(url).content.decode()
    english_messages = [m for *_rest, m in expected]
    assert all(escape(m) in english for m in english_messages)
    assert not any(escape(m) in khmer for m in english_messages)
    assert khmer.count('<td data-label="') >= len(expected)
