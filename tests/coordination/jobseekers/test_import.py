"""The bulk import of job seekers (coordination.jobseekers.imports): every row checked as registration checks it,
every problem reported in one pass by row and column, all or nothing, written in bulk, re-uploads skipped."""

from __future__ import annotations

import datetime
import gc
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from openpyxl import load_workbook

from accounts.models import Organisation, OrganisationKind, Role, User
from audit.models import AuditEvent
from coordination.jobseekers import imports
from coordination.jobseekers.imports import (
    IMPORT_JOB,
    collector_paused,
    error_report,
    seeker_import_start,
    seekers_import,
)
from coordination.jobseekers.models import Consent, JobSeeker
from jobs.models import Job, JobStatus
from jobs.tasks import run_job
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.import_helpers import ROW, XLSX, fill, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> Any:
    home = users["counsellor"].organisation
    centre = Organisation.objects.create(name="NEA Job Centre Siem Reap (test)", kind=OrganisationKind.JOB_CENTRE,
                                         country=home.country)
    return User.objects.create_user("counsellor.sr", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def problems(outcome: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in outcome.errors]


def test_a_valid_file_registers_everyone_with_their_lists_and_consent(users: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    outcome = seekers_import(actor=counsellor, data=fill([ROW, person(1), person(2, **{
        "Consent: matching to vacancies": "No", "Consent: shared with licensed agencies": "No",
        "Consent: shared with employers once shortlisted": "No"})]))
    assert (outcome.imported, outcome.skipped, outcome.errors) == (3, [], [])
    dara = JobSeeker.objects.get(national_id="010203040")
    assert (dara.job_centre, dara.registered_by) == (counsellor.organisation, counsellor)
    assert (dara.phone, dara.province.code, dara.district.code) == ("+85512345678", "KH-12", "1201")
    assert (dara.name_latin_key, dara.name_km_romanised) == ("SOK DARA", "SOK DARA")
    assert [(x.occupation.code, str(x.years)) for x in dara.experiences.all()] == [("7531", "3.0")]
    assert [(s.language.code, s.test, s.score) for s in dara.languages.all()] == [("ko", "EPS-TOPIK", "72")]
    assert [p.country.iso2 for p in dara.destination_preferences.all()] == ["KR", "TH"]
    assert list(dara.preferred_sectors.values_list("code", flat=True)) == ["C"]
    consent = dara.consents.get()
    assert (consent.for_matching, consent.share_with_agencies, consent.share_with_employers) == (True, True, False)
    assert consent.recorded_by == counsellor and dara.consent_active
    declined = JobSeeker.objects.get(national_id=f"{110000002}")
    assert not declined.consent_active and not declined.consents.get().for_matching
    # one audit event for the import, not one per row
    [event] = AuditEvent.objects.filter(action__startswith="jobseeker.")
    assert (event.action, event.after) == ("jobseeker.import", {"imported": 3, "skipped": 0, "rows": 3})
    assert Consent.objects.count() == 3


def test_every_problem_of_every_row_in_one_pass_named_by_column(users: dict[str, Any]) -> None:
    data = fill([
        {**ROW, "Phone": "12", "Date of birth": "soon", "Province": "99 Atlantis"},
        person(1, **{"Occupation (ISCO-08) 2": "9999", "Years of experience 2": "lots", "Sex": "robot",
                     "Destination countries, in order": "KR, XX", "Language test 1": "EPS-TOPIK",
                     "Score or level 1": "N4"}),
        person(2, **{"Consent: shared with licensed agencies": "maybe", "Name in Latin letters": None}),
    ])
    outcome = seekers_import(actor=users["counsellor"], data=data)
    assert outcome.imported == 0 and not JobSeeker.objects.exists()
    got = problems(outcome)
    assert (2, "Date of birth", "Write a date, e.g. 1998-04-14 (soon is not one).") in got
    assert any(r == 2 and c == "Phone" and m.startswith("Give a Cambodian phone number") for r, c, m in got)
    assert (2, "Province", "99 is not one of Cambodia's 25 provinces.") in got
    assert (3, "Occupation (ISCO-08) 2", "9999 is not an ISCO-08 unit group (four digits, e.g. 7531).") in got
    assert (3, "Years of experience 2", "Give the years as a number from 0 to 60.") in got
    assert any(r == 3 and c == "Sex" and m.startswith("Choose one of:") for r, c, m in got)
    assert (3, "Destination countries, in order", "XX is not a country code (ISO 3166, e.g. KR).") in got
    assert (3, "Score or level 1", "N4 is not a score of EPS-TOPIK.") in got
    assert (4, "Consent: shared with licensed agencies",
            "Write Yes or No: the consent the person gave, which you record with the import.") in got
    assert (4, "Name in Latin letters", "Give the name in Latin letters, in Khmer script, or both.") in got
    assert [r for r, _c, _m in got] == sorted(r for r, _c, _m in got)


def test_a_national_id_twice_in_the_file_names_every_row(users: dict[str, Any]) -> None:
    same = {"National ID number": "777777777"}
    outcome = seekers_import(actor=users["counsellor"], data=fill([person(1, **same), person(2), person(3, **same),
                                                                   person(4, **same)]))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "National ID number"), (4, "National ID number"),
                                                            (5, "National ID number")]
    assert "also in row(s) 4, 5 of this file" in outcome.errors[0].message
    assert not JobSeeker.objects.exists()


def test_a_national_id_registered_elsewhere_refuses_the_row_and_writes_nothing(
        users: dict[str, Any], other_counsellor: Any) -> None:
    register(other_counsellor)  # Sok Dara, 010203040, at the Siem Reap centre
    outcome = seekers_import(actor=users["counsellor"], data=fill([ROW, person(1)]))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "National ID number")]
    assert "already registered (Sok Dara (សុខ ដារា), NEA Job Centre Siem Reap (test))" in outcome.errors[0].message
    assert JobSeeker.objects.count() == 1


def test_uploading_the_same_file_again_registers_no_one_twice(users: dict[str, Any]) -> None:
    data = fill([ROW, person(1), person(2, **{"National ID number": None})])
    first = seekers_import(actor=users["counsellor"], data=data)
    assert first.imported == 3
    again = seekers_import(actor=users["counsellor"], data=data)
    assert (again.imported, again.skipped, again.errors) == (0, [2, 3, 4], [])
    assert JobSeeker.objects.count() == 3
    # a file with the old rows and new people: the old skipped, the new registered
    more = seekers_import(actor=users["counsellor"], data=fill([ROW, person(1), person(5)]))
    assert (more.imported, more.skipped) == (1, [2, 3])
    assert JobSeeker.objects.count() == 4


def test_the_same_person_from_another_job_centre_is_not_taken_as_already_imported(
        users: dict[str, Any], other_counsellor: Any) -> None:
    data = fill([person(1)])
    assert seekers_import(actor=other_counsellor, data=data).imported == 1
    outcome = seekers_import(actor=users["counsellor"], data=data)
    assert outcome.imported == 0 and "already registered" in outcome.errors[0].message


def test_a_likely_duplicate_is_refused_naming_the_record(users: dict[str, Any], other_counsellor: Any) -> None:
    """The registration rule: a similar name in either script with the same date of birth, or the same phone."""
    register(other_counsellor, national_id="", phone="")
    khmer_only = {**ROW, "Name in Latin letters": None, "National ID number": "123456789", "Phone": None}
    same_phone = person(3, **{"Phone": "097 1000042"})
    register(other_counsellor, name_latin="Keo Malis", name_km="", national_id="", phone="097 1000042",
             date_of_birth=datetime.date(1990, 1, 1))
    outcome = seekers_import(actor=users["counsellor"], data=fill([khmer_only, same_phone, person(4)]))
    got = {(e.row, e.column): e.message for e in outcome.errors}
    assert set(got) == {(2, "Name in Khmer script"), (3, "Phone")}
    assert got[(2, "Name in Khmer script")].startswith(
        "This may be Sok Dara (សុខ ដារា), born 1998-04-14, already registered at NEA Job Centre Siem Reap (test) "
        "(a similar name and the same date of birth).")
    assert "Keo Malis" in got[(3, "Phone")] and "(the same phone)" in got[(3, "Phone")]
    assert JobSeeker.objects.count() == 2


def test_the_khmer_template_is_read_back(users: dict[str, Any]) -> None:
    with override("km"):
        from coordination.jobseekers.spreadsheets import _lists

        lists = _lists("km")
        sex, education, passport = (lists["sex"][1], lists["education_level"][3], lists["passport_status"][0])
        yes, no = lists["yes_no"]
    province = next(p for p in lists["province"] if p.startswith("12 "))
    district = next(d for d in lists["district"] if d.startswith("1201 "))
    row = {**ROW, "Sex": sex, "Education": education, "Passport": passport, "Province": province,
           "District": district, "Consent: matching to vacancies": yes,
           "Consent: shared with licensed agencies": no, "Consent: shared with employers once shortlisted": no}
    outcome = seekers_import(actor=users["counsellor"], data=fill([row], language="km"))
    assert outcome.errors == [] and outcome.imported == 1
    seeker = JobSeeker.objects.get()
    assert (seeker.sex, seeker.education_level, seeker.district.code) == ("male", "upper_secondary", "1201")
    assert seeker.consents.get().share_with_agencies is False


@pytest.mark.parametrize("role", ["ministry_admin", "agency", "employer_th", "attache", "no_org"])
def test_only_counsellors_import(users: dict[str, Any], role: str, media: Any) -> None:
    with pytest.raises(PermissionDenied):
        seekers_import(actor=users[role], data=fill([ROW]))
    with pytest.raises(PermissionDenied):
        seeker_import_start(actor=users[role], upload=SimpleUploadedFile("s.xlsx", fill([ROW]), XLSX))
    assert not JobSeeker.objects.exists() and not Job.objects.exists()


def test_the_job_reports_its_outcome_and_a_refusal_in_the_readers_language(users: dict[str, Any],
                                                                           media: Any) -> None:
    counsellor = users["counsellor"]
    job = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", fill([ROW, person(1)]), XLSX),
                              language="en")
    assert (job.kind, job.status) == (IMPORT_JOB, JobStatus.QUEUED)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.message_texts == ["2 job seekers registered."]
    assert job.params["imported"] == 2 and job.percent == 100
    again = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", fill([ROW, person(1)]), XLSX),
                                language="en")
    run_job(again.pk)
    again.refresh_from_db()
    assert again.message_texts == ["0 job seekers registered.", "2 rows were already imported and were skipped."]

    bad = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile(
        "s.xlsx", fill([person(i, **{"Phone": "1"}) for i in range(5, 12)]), XLSX), language="en")
    run_job(bad.pk)
    bad.refresh_from_db()
    assert bad.status == JobStatus.REJECTED
    assert bad.message_texts == ["Nobody was imported: 7 problems need fixing."]
    assert bad.params["error_count"] == 7 and JobSeeker.objects.count() == 2
    english = load_workbook(io.BytesIO(error_report(job=bad)))
    rows = list(english.active.values)
    assert rows[0] == ("Sheet", "Row", "Column", "Problem") and len(rows) == 8
    assert rows[1][:3] == ("Job seekers", 2, "Phone") and rows[1][3].startswith("Give a Cambodian phone number")
    with override("km"):
        khmer = list(load_workbook(io.BytesIO(error_report(job=bad))).active.values)
        # the column as headed in the uploaded (English) file; the problem and the report's own headers in Khmer
        assert khmer[1][:3] == ("Job seekers", 2, "Phone") and khmer[1][3] != rows[1][3] and khmer[0][3] != "Problem"


def test_the_worker_checks_again_a_stored_upload_that_is_not_the_one_checked(users: dict[str, Any],
                                                                              media: Any) -> None:
    counsellor = users["counsellor"]
    job = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("s.xlsx", fill([ROW]), XLSX), language="en")
    wb = load_workbook(io.BytesIO(fill([ROW])))
    wb.worksheets[0].cell(row=2, column=1, value="=1+1")
    buf = io.BytesIO()
    wb.save(buf)
    path = job.params["upload"]
    default_storage.delete(path)
    default_storage.save(path, ContentFile(buf.getvalue()))  # not the bytes the upload check passed
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED and JobSeeker.objects.count() == 0
    assert "formulas" in job.params["errors"][0]["in"]["en"]["message"]


def test_an_imported_record_is_the_record_the_form_registers(users: dict[str, Any]) -> None:
    """The import writes its rows without model instances (bulkwrite): every column comes out as one registration
    through seeker_register writes it."""
    from django.forms.models import model_to_dict

    counsellor = users["counsellor"]
    by_form = register(counsellor, national_id="990000001", phone="012 999 001")
    by_form.delete()
    assert seekers_import(actor=counsellor, data=fill([{**ROW, "National ID number": "990000001",
                                                        "Phone": "012 999 001", "Test taken on 1": None,
                                                        "Result valid until 1": None}])).imported == 1
    imported = JobSeeker.objects.get(national_id="990000001")
    skip = {"id", "created_at", "updated_at", "preferred_countries", "preferred_sectors"}
    expected = {k: v for k, v in model_to_dict(by_form).items() if k not in skip}
    got = {k: v for k, v in model_to_dict(imported).items() if k not in skip}
    assert got == expected
    assert imported.created_at == imported.updated_at and imported.created_at is not None


def test_a_national_id_registered_while_the_import_runs_refuses_the_whole_import(
        users: dict[str, Any], monkeypatch: Any) -> None:
    from coordination.jobseekers import imports

    counsellor = users["counsellor"]
    check = imports.seekers_check

    def check_then_someone_registers(**kwargs: Any) -> Any:
        checked = check(**kwargs)
        register(counsellor, national_id=f"{110000002}", phone="012 777 666", name_latin="Keo Malis",
                 name_km="កែវ ម្លិះ")
        return checked

    monkeypatch.setattr(imports, "seekers_check", check_then_someone_registers)
    outcome = seekers_import(actor=counsellor, data=fill([person(1), person(2), person(3)]))
    assert outcome.imported == 0 and "while the import ran" in outcome.errors[0].message
    assert list(JobSeeker.objects.values_list("national_id", flat=True)) == ["110000002"]


# --- the cyclic collector is paused for the pass and the write, and always comes back -----------------------


def test_the_pass_and_the_write_run_with_the_collector_paused_and_it_comes_back(
        users: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []
    check, write = imports._check, imports._write

    def spy_check(**kwargs: Any) -> Any:
        seen.append(("pass", gc.isenabled()))
        return check(**kwargs)

    def spy_write(**kwargs: Any) -> Any:
        seen.append(("write", gc.isenabled()))
        return write(**kwargs)

    monkeypatch.setattr(imports, "_check", spy_check)
    monkeypatch.setattr(imports, "_write", spy_write)
    assert gc.isenabled()
    assert seekers_import(actor=users["counsellor"], data=fill([ROW, person(1)])).imported == 2
    assert seen == [("pass", False), ("write", False)]
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error_and_stays_off_if_it_was() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_progress_counts_people_in_each_step(users: dict[str, Any]) -> None:
    """Two people are "2 of 2", in step 1 (checked) and step 2 (registered), never "4 of 4" (rows × passes)."""
    from django.template.loader import render_to_string

    from jobs.models import Job, JobStatus
    from jobs.services import job_progress

    calls: list[tuple[int, ...]] = []
    outcome = seekers_import(actor=users["counsellor"], data=fill([person(1), person(2)]),
                             progress=lambda *args: calls.append(args))
    assert outcome.imported == 2
    assert calls and all(total == 2 and done <= 2 for done, total, *_ in calls)
    assert calls[-1] == (2, 2, 2, 2)

    job = Job.objects.create(kind="jobseekers.import", started_by=users["counsellor"], status=JobStatus.RUNNING)
    job_progress(job=job, done=2, total=2, step=1, steps=2)
    job.refresh_from_db()
    assert job.percent == 50
    for language, expected in (("en", "Step 1 of 2: 2 of 2 done"), ("km", "ជំហានទី 1 នៃ 2៖ បានបញ្ចប់ 2 នៃ 2")):
        with override(language):
            html = " ".join(render_to_string("jobs/_progress.html", {"job": job}).split())
        assert expected in html
        assert "4 of 4" not in html and "4 នៃ 4" not in html
