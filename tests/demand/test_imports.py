"""Importing a positions workbook into a letter: whole or not at all, with the problems marked."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from openpyxl import load_workbook

from demand.models import Position
from demand.services import letter_create
from demand.spreadsheets import POSITIONS, build_template, positions_import
from jobs.models import Job, JobStatus
from jobs.services import job_start
from tests.demand.helpers import letter_data, th_position
from tests.demand.test_spreadsheets import ROW, fill


@pytest.fixture
def th_letter(users, employers, agreements):
    return letter_create(actor=users["employer_th"], agreement=agreements["TH"],
                         data=letter_data([th_position(workers=3)]))


@pytest.mark.django_db
def test_import_replaces_the_positions(users, th_letter, agreements):
    data = fill(build_template(agreement=agreements["TH"]),
                [ROW, {**ROW, "Line": 2, "Number of workers": 7}], costs=[[2, "Passport", "Worker", 15, "USD"]])
    outcome = positions_import(actor=users["employer_th"], letter=th_letter, data=data)
    assert (outcome.imported, outcome.errors) == (2, [])
    positions = list(th_letter.positions.order_by("line").prefetch_related("costs"))
    assert [(p.occupation.code, p.workers) for p in positions] == [("7531", 20), ("7531", 7)]
    assert [c.name for c in positions[1].costs.all()] == ["Passport"]


@pytest.mark.django_db
def test_rules_of_the_service_come_back_as_row_and_column(users, th_letter, agreements):
    data = fill(build_template(agreement=agreements["TH"]),
                [ROW, {**ROW, "Line": 2, "Occupation (ISCO-08)": "9999 — Nothing", "Currency": "XYZ"}])
    outcome = positions_import(actor=users["employer_th"], letter=th_letter, data=data)
    assert outcome.imported == 0
    assert {(e.sheet, e.row, e.column) for e in outcome.errors} >= {(POSITIONS, 3, "Occupation (ISCO-08)")}
    assert all(e.row == 3 for e in outcome.errors)
    # nothing written: the letter keeps its one position
    assert list(th_letter.positions.values_list("workers", flat=True)) == [3]
    marked = load_workbook(io.BytesIO(outcome.marked_workbook))
    assert marked.sheetnames[0] == "Errors" and marked["Errors"].max_row == 1 + len(outcome.errors)


@pytest.mark.django_db
def test_only_the_letters_employer_imports(users, th_letter, agreements):
    data = fill(build_template(agreement=agreements["TH"]), [ROW])
    with pytest.raises(PermissionDenied):
        positions_import(actor=users["employer_kr"], letter=th_letter, data=data)
    with pytest.raises(PermissionDenied):  # refused before the file is even read
        positions_import(actor=users["employer_kr"], letter=th_letter, data=b"not a workbook")
    assert th_letter.positions.count() == 1


@pytest.mark.django_db
def test_a_refused_file_is_reported_without_reopening_it(users, th_letter):
    outcome = positions_import(actor=users["employer_th"], letter=th_letter, data=b"Line,Wage\n1,100\n")
    assert outcome.imported == 0 and outcome.marked_workbook is None
    assert "not an Excel workbook" in outcome.errors[0].message
    assert th_letter.positions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_import_job_on_a_real_worker(users, employers, agreements, worker):
    letter = letter_create(actor=users["employer_th"], agreement=agreements["TH"],
                           data=letter_data([th_position(workers=3)]))
    template = build_template(agreement=agreements["TH"])
    good = default_storage.save("uploads/good.xlsx", ContentFile(fill(template, [ROW] * 1)))
    bad = default_storage.save("uploads/bad.xlsx", ContentFile(fill(template, [{**ROW, "Wage": "lots"}])))
    with transaction.atomic():
        ok_job = job_start(actor=users["employer_th"], kind="demand.import_positions",
                           params={"letter_id": letter.pk, "upload": good, "language": "en"})
    ok_job = _wait(ok_job)
    assert ok_job.status == JobStatus.SUCCEEDED, ok_job.messages
    assert ok_job.message_texts == ["1 position imported."]
    assert Position.objects.filter(letter=letter).get().workers == 20
    assert not default_storage.exists(good)
    with transaction.atomic():
        bad_job = job_start(actor=users["employer_th"], kind="demand.import_positions",
                            params={"letter_id": letter.pk, "upload": bad, "language": "en"})
    bad_job = _wait(bad_job)
    assert bad_job.status == JobStatus.REJECTED
    assert bad_job.message_texts == ["Nothing was imported: 1 problem needs fixing."]
    [problem] = bad_job.params["errors"]
    assert (problem["sheet"], problem["row"], problem["column"], problem["message"]) == (
        POSITIONS, 2, "Wage", "Write a number, e.g. 1.5.")
    # Run in English, the report reads in Khmer for a Khmer reader (and in English for an English one).
    from django.utils.translation import override

    from demand.spreadsheets import import_report

    with override("km"):
        [khmer] = import_report(job=bad_job)
    with override("en"):
        [english] = import_report(job=bad_job)
    assert english["message"] == "Write a number, e.g. 1.5."
    assert khmer["row"] == 2 and khmer["message"] and "Write a number" not in khmer["message"]
    assert load_workbook(io.BytesIO(bad_job.result_file.read())).sheetnames[0] == "Errors"
    assert Position.objects.filter(letter=letter).get().workers == 20  # the earlier import stands


def _wait(job: Job, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status}")
