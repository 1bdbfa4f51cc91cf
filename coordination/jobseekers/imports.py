"""Bulk registration of job seekers from a workbook: every row checked as registration checks it, all or
nothing, written in bulk, run as a background job.

One pass finds every problem: the reader's (docs/uploads.md), the file's own (coordination.jobseekers.
spreadsheets), each record's (coordination.jobseekers.cleaning.SeekerCleaner, the cleaner registration uses),
national IDs given twice in the file (every row involved is named), national IDs already registered and
likely duplicates (coordination.jobseekers.duplicates: the rule registration uses, in a few set queries).

- A row whose person the registry already holds in the importing job centre, with the same national ID, name
  and date of birth (or, without a national ID, the same name, date of birth and phone) is recognised as
  already imported and skipped: uploading the same file again registers no one twice.
- A row that may be someone already registered (a similar name in either script with the same date of birth,
  or the same phone) is refused, naming the record: the counsellor registers that person one at a time, where
  they can compare the records and confirm the person is distinct. An import cannot ask.
- With any problem nothing is written; the problems are kept on the job in every language of the platform, and
  the report workbook (`error_report`) lists every one in the reader's language.
- Written in bulk (bulk_create in batches) with one audit event for the import, with its count, and a consent
  row per person recorded by the importing counsellor.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import logging
import operator
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext_lazy, override
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from accounts.permissions import require
from audit.services import audit_record
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.bulkwrite import insert_rows
from coordination.jobseekers.cleaning import CleanSeeker, SeekerCleaner
from coordination.jobseekers.duplicates import likely_matches_many
from coordination.jobseekers.models import (
    Certification,
    Consent,
    DestinationPreference,
    Experience,
    JobSeeker,
    LanguageSkill,
    SeekerStatus,
)
from coordination.jobseekers.spreadsheets import (
    ParsedRow,
    ParsedSheet,
    RowError,
    column_of,
    max_bytes,
    max_rows,
    parse_sheets,
    seekers_spec,
)
from i18n.messages import plural
from jobs.models import Job
from jobs.services import job_message, job_progress, job_reject, job_remove_upload, job_runner, job_start, job_succeed
from spreadsheets.reader import CHECK_VERSION, SpreadsheetError, check_xlsx, read_workbook_columns

log = logging.getLogger(__name__)

IMPORT_JOB = "jobseekers.import"
SHOWN_ERRORS = 500  # kept on the job for the page; the report workbook holds every one
BATCH = 2000
WRITE_BATCH = 10_000  # rows written per round (with their child rows), between two progress reports
PROGRESS_EVERY = 2000


@dataclass
class Checked:
    """What one pass over a workbook found."""

    parsed: ParsedSheet = field(default_factory=ParsedSheet)
    clean: list[tuple[ParsedRow, CleanSeeker]] = field(default_factory=list)  # the rows to register
    skipped: list[int] = field(default_factory=list)  # sheet rows already imported
    errors: list[RowError] = field(default_factory=list)
    readable: bool = False


@dataclass
class ImportOutcome:
    imported: int
    skipped: list[int]
    errors: list[RowError]


def _same_person(fields: dict[str, Any], other: Any) -> bool:
    return (other.date_of_birth == fields["date_of_birth"] and other.name_latin_key == fields["name_latin_key"]
            and other.name_km == fields["name_km"])


def upload_digest(data: bytes) -> str:
    """What the web process stores of an upload it checked: the worker reads the same bytes back and, when they
    match under the same limits, does not check them a second time (CHECK_VERSION changes with check_xlsx's
    rules)."""
    return f"{CHECK_VERSION}:{max_bytes()}:{max_rows()}:{hashlib.sha256(data).hexdigest()}"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one import, then back as it was. The pass builds a few objects
    for every cell and row and frees them together; the records hold no cycles that matter, but the collector
    would scan the growing heap again and again: about a third of the pass on 100,000 rows (docs/performance.md).
    Memory is freed by reference counting as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def seekers_check(*, actor: Any, data: bytes, progress: Any = None, checked: bool = False) -> Checked:
    """Every problem of the workbook in one pass, in the active language, writing nothing. `checked`: these
    bytes passed the upload check already (see upload_digest)."""
    with collector_paused():
        return _check(actor=actor, data=data, progress=progress, checked=checked)


def _check(*, actor: Any, data: bytes, progress: Any, checked: bool) -> Checked:
    out = Checked()
    try:
        sheets = read_workbook_columns(data, max_bytes=max_bytes(), max_rows=max_rows(), spec=seekers_spec(),
                                       checked=checked)
    except SpreadsheetError as exc:
        out.errors.append(RowError("", 0, "", str(exc)))
        return out
    out.readable = True
    parsed = out.parsed = parse_sheets(sheets)
    out.errors += parsed.errors
    if not parsed.rows:
        return out
    total = len(parsed.rows)
    cleaner = SeekerCleaner(preload_villages=True)
    cleaned: list[tuple[ParsedRow, CleanSeeker, bool]] = []  # the row, its record, whether the row is clean
    language = get_language()
    for i, row in enumerate(parsed.rows):
        clean, e = cleaner.clean(row.data, language=language)
        ok = not e.errors and not row.columns_with_errors and row.consent is not None
        for path, messages in e.errors.items():
            key = column_of(row, path)
            if key in row.columns_with_errors:
                continue  # the file check already named this cell
            column = parsed.header(key) if key else path
            out.errors += [RowError(parsed.sheet, row.row, column, m) for m in messages]
        cleaned.append((row, clean, ok))
        if progress and (i + 1) % PROGRESS_EVERY == 0:
            progress(i + 1, total, 1, 2)  # step 1 of 2: rows checked

    # National IDs given twice in the file: every row involved.
    rows_by_id: dict[str, list[int]] = {}
    for row, clean, _ok in cleaned:
        national_id = clean.fields.get("national_id")
        if national_id and not row.columns_with_errors.intersection({"national_id"}):
            rows_by_id.setdefault(national_id, []).append(row.row)
    twice = {nid: rows for nid, rows in rows_by_id.items() if len(rows) > 1}
    # National IDs already registered: one set query per batch of IDs.
    ids = sorted(rows_by_id)
    registered: dict[str, JobSeeker] = {}
    for i in range(0, len(ids), BATCH):
        for seeker in JobSeeker.objects.filter(national_id__in=ids[i:i + BATCH], status=SeekerStatus.ACTIVE).only(
                "pk", "national_id", "job_centre_id", "job_centre__name", "job_centre__name_km", "name_km",
                "name_latin", "name_latin_key", "date_of_birth").select_related("job_centre"):
            registered[seeker.national_id] = seeker
    centre = actor.organisation_id
    pending: list[tuple[ParsedRow, CleanSeeker, bool]] = []
    for row, clean, ok in cleaned:
        national_id = clean.fields.get("national_id")
        if national_id in twice:
            others = ", ".join(str(r) for r in twice[national_id] if r != row.row)
            out.errors.append(RowError(parsed.sheet, row.row, parsed.header("national_id"), _(
                "The national ID %(id)s is also in row(s) %(rows)s of this file: give each person one row.")
                % {"id": national_id, "rows": others}))
            continue
        other = registered.get(national_id) if national_id else None
        if other is not None:
            if other.job_centre_id == centre and clean.fields.get("date_of_birth") and _same_person(clean.fields,
                                                                                                    other):
                out.skipped.append(row.row)
                continue
            out.errors.append(RowError(parsed.sheet, row.row, parsed.header("national_id"), _(
                "A job seeker with this national ID is already registered (%(name)s, %(centre)s): leave this row "
                "out, or correct the number.") % {"name": other.display_name, "centre": other.job_centre.local_name}))
            continue
        pending.append((row, clean, ok))

    # Likely duplicates, with the registration rule, for every row left: in a few set queries.
    records = [clean.fields for _row, clean, _ok in pending]
    for (row, clean, ok), candidates in zip(pending, likely_matches_many(records), strict=True):
        fields = clean.fields
        if not fields.get("national_id") and any(
                c.seeker.job_centre_id == centre and not c.seeker.national_id and c.seeker.phone == fields["phone"]
                and _same_person(fields, c.seeker) for c in candidates):
            out.skipped.append(row.row)
            continue
        if candidates:
            best = candidates[0]
            key = "phone" if best.reasons == ["phone"] else ("name_latin" if fields.get("name_latin") else "name_km")
            out.errors.append(RowError(parsed.sheet, row.row, parsed.header(key), _(
                "This may be %(name)s, born %(born)s, already registered at %(centre)s (%(why)s). Leave this row out "
                "and register the person one at a time, where you can compare the records and confirm they are "
                "someone else.") % {
                    "name": best.seeker.display_name, "born": best.seeker.date_of_birth.isoformat(),
                    "centre": best.seeker.job_centre.local_name,
                    "why": _("the same phone") if best.reasons == ["phone"] else
                    _("a similar name and the same date of birth")}))
            continue
        if ok:
            out.clean.append((row, clean))
    out.skipped.sort()
    out.errors.sort(key=lambda e: e.row)  # stable: the same order in every language
    return out


def _write(*, actor: Any, checked: Checked, progress: Any = None) -> int:
    """Register every clean row in bulk, with its consent, and one audit event for the import."""
    rows = checked.clean
    now = timezone.now()
    centre = actor.organisation
    total = len(checked.parsed.rows)
    sectors_through = JobSeeker.preferred_sectors.through
    keys = list(rows[0][1].fields) if rows else []  # the cleaner gives every record the same fields
    values_of = operator.itemgetter(*keys) if keys else None
    seeker_columns = ["job_centre_id", "registered_by_id", "consent_active", *keys]
    with transaction.atomic():
        for start in range(0, len(rows), WRITE_BATCH):
            part = rows[start:start + WRITE_BATCH]
            ids = insert_rows(JobSeeker, seeker_columns, [
                (centre.pk, actor.pk, row.consent[0], *values_of(clean.fields)) for row, clean in part
            ], now=now, returning=True)
            experiences, certifications, languages, destinations, sectors, consents = [], [], [], [], [], []
            for pk, (row, clean) in zip(ids, part, strict=True):
                experiences += [(pk, x["occupation_id"], x["years"]) for x in clean.experiences]
                certifications += [(pk, x["name"], x["issuer"], x["issued_on"]) for x in clean.certifications]
                languages += [(pk, x["language_id"], x["test"], x["score"], x["taken_on"], x["valid_until"])
                              for x in clean.languages]
                destinations += [(pk, c, i + 1) for i, c in enumerate(clean.destinations)]
                sectors += [(pk, s) for s in clean.sectors]
                matching, agencies, employers = row.consent
                consents.append((pk, matching, agencies, employers, now, actor.pk))
            for model, columns, objects in (
                    (Experience, ["seeker_id", "occupation_id", "years"], experiences),
                    (Certification, ["seeker_id", "name", "issuer", "issued_on"], certifications),
                    (LanguageSkill, ["seeker_id", "language_id", "test", "score", "taken_on", "valid_until"],
                     languages),
                    (DestinationPreference, ["seeker_id", "country_id", "rank"], destinations),
                    (sectors_through, ["jobseeker_id", "sector_id"], sectors),
                    (Consent, ["seeker_id", "for_matching", "share_with_agencies", "share_with_employers",
                               "recorded_at", "recorded_by_id"], consents)):
                insert_rows(model, columns, objects, now=now)
            if progress:
                progress(start + len(part), total, 2, 2)  # step 2 of 2: people registered
        audit_record(actor=actor, action="jobseeker.import", target=centre, after={
            "imported": len(rows), "skipped": len(checked.skipped), "rows": total})
    return len(rows)


def seekers_import(*, actor: Any, data: bytes, progress: Any = None, checked: bool = False) -> ImportOutcome:
    """Register every person of the workbook in the actor's job centre, or no one."""
    require(perms.can_register(actor), _("Only a job-centre counsellor can register job seekers."))
    checked = seekers_check(actor=actor, data=data, progress=progress, checked=checked)
    if checked.errors:
        return ImportOutcome(imported=0, skipped=checked.skipped, errors=checked.errors)
    try:
        with collector_paused():
            imported = _write(actor=actor, checked=checked, progress=progress)
    except IntegrityError:
        # Someone registered one of these national IDs while the import ran: the constraint decides, the import
        # is refused whole and can be run again (the rows registered meanwhile are then named).
        log.info("job-seeker import: a national ID was registered meanwhile", exc_info=True)
        return ImportOutcome(imported=0, skipped=[], errors=[RowError("", 0, "", _(
            "A national ID in this file was registered by someone else while the import ran. Nothing was "
            "imported: upload the file again to see which row."))])
    return ImportOutcome(imported=imported, skipped=checked.skipped, errors=[])


# --- the report of a refused import --------------------------------------------------------------------------


def _in_every_language(*, actor: Any, data: bytes, errors: list[RowError], checked: bool = False,
                       ) -> list[dict[str, Any]]:
    """Each problem with its column and message in every language of the platform: the pass ran in the
    uploader's; the same pass again in each other language gives the rest (the same file gives the same
    problems in the same order)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    report = [{"sheet": e.sheet, "row": e.row, "in": {language: {"column": e.column, "message": e.message}}}
              for e in errors]
    for code, _name in settings.LANGUAGES:
        if code == language:
            continue
        with override(code):
            again = seekers_check(actor=actor, data=data, checked=checked).errors
        if [(e.sheet, e.row) for e in again] != [(e.sheet, e.row) for e in errors]:
            continue  # not the same problems (the registry changed meanwhile): the uploader's language only
        for item, e in zip(report, again, strict=True):
            item["in"][code] = {"column": e.column, "message": e.message}
    return report


def _localised(item: dict[str, Any]) -> dict[str, Any]:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    versions = item.get("in") or {}
    local = versions.get(language) or versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()), {})
    return {"sheet": item.get("sheet", ""), "row": item.get("row", 0), "column": local.get("column", ""),
            "message": local.get("message", "")}


def import_report(*, job: Job) -> list[dict[str, Any]]:
    """The first problems of a refused import (SHOWN_ERRORS at most), in the active language."""
    return [_localised(item) for item in job.params.get("errors") or []]


def error_report(*, job: Job) -> bytes | None:
    """Every problem of a refused import as a workbook, in the active language; None when there is none."""
    if not job.result_file:
        return None
    with job.result_file.open("rb") as fh:
        items = json.loads(fh.read().decode("utf-8"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Problems"))
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (16, 8, 30, 110), strict=True):
        ws.column_dimensions[letter].width = width
    head = []
    for text in (_("Sheet"), _("Row"), _("Column"), _("Problem")):
        cell = WriteOnlyCell(ws, value=text)
        cell.fill, cell.font = PatternFill("solid", fgColor="9B1C1C"), Font(bold=True, color="FFFFFF")
        head.append(cell)
    ws.append(head)
    for item in items:
        e = _localised(item)
        ws.append([e["sheet"], e["row"] or None, e["column"], e["message"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the background job and its start --------------------------------------------------------------------


@job_runner(IMPORT_JOB)
def run_seekers_import(job: Job) -> None:
    """Background import: params {"upload" (storage path), "language", "filename"}."""
    path = job.params["upload"]
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read(max_bytes() + 1)
        checked = job.params.get("digest") == upload_digest(data)
        with override(job.params.get("language") or settings.LANGUAGE_CODE):
            outcome = seekers_import(actor=job.started_by, data=data, checked=checked,
                                     progress=lambda done, total, step=1, steps=1: job_progress(
                                         job=job, done=done, total=total, step=step, steps=steps))
            if outcome.errors:
                report = _in_every_language(actor=job.started_by, data=data, errors=outcome.errors, checked=checked)
                job.params = {**job.params, "error_count": len(outcome.errors), "errors": report[:SHOWN_ERRORS],
                              "skipped": len(outcome.skipped)}
                job.save(update_fields=["params"])
                job.result_file.save(f"jobseekers-import-{job.pk}-problems.json",
                                     ContentFile(json.dumps(report, ensure_ascii=False).encode("utf-8")), save=True)
                job_reject(job=job, text=plural(ngettext_lazy(
                    "Nobody was imported: %(count)s problem needs fixing.",
                    "Nobody was imported: %(count)s problems need fixing.", len(outcome.errors))))
                return
            job.params = {**job.params, "imported": outcome.imported, "skipped": len(outcome.skipped),
                          "skipped_rows": outcome.skipped[:SHOWN_ERRORS]}
            job.save(update_fields=["params"])
            job_message(job=job, text=plural(ngettext_lazy(
                "%(count)s job seeker registered.", "%(count)s job seekers registered.", outcome.imported)))
            if outcome.skipped:
                job_message(job=job, text=plural(ngettext_lazy(
                    "%(count)s row was already imported and was skipped.",
                    "%(count)s rows were already imported and were skipped.", len(outcome.skipped))))
            job_succeed(job=job)
    finally:
        job_remove_upload(job=job)  # whatever happened, the upload does not stay in storage


def seeker_import_start(*, actor: Any, upload: Any, language: str | None = None) -> Job:
    """Queue the bulk registration of an uploaded workbook into the actor's job centre (a counsellor); both
    doors (the import page and GraphQL) call it.

    The upload is checked before anything is stored, by the safe reader's streaming check against
    seekers_spec() (size, type, encryption, every ZIP member and XML part, macros, the Job seekers sheet by
    name in either language, the real extent of every sheet, formulas). Problems are a ValidationError on
    "file"; nothing is parsed in the web process. The job's result: see run_seekers_import.
    """
    require(perms.can_register(actor), _("Only a job-centre counsellor can register job seekers."))
    limit = max_bytes()
    too_big = _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": limit // (1024 * 1024)}
    if (getattr(upload, "size", None) or 0) > limit:
        raise ValidationError({"file": [too_big]})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": [too_big]})
    try:
        check_xlsx(data, max_rows=max_rows(), spec=seekers_spec())
    except SpreadsheetError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    path = default_storage.save(f"uploads/jobseekers/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    name = str(getattr(upload, "name", "") or "")[:200]
    try:
        with transaction.atomic():
            return job_start(actor=actor, kind=IMPORT_JOB, params={
                "upload": path, "language": (language or get_language() or settings.LANGUAGE_CODE).split("-")[0],
                "filename": name, "digest": upload_digest(data)})
    except Exception:
        default_storage.delete(path)
        raise


__all__ = ["IMPORT_JOB", "ImportOutcome", "error_report", "import_report", "seeker_import_start", "seekers_check",
           "seekers_import"]
