"""The bulk import of job seekers, for counsellors: the template in English or Khmer, the upload, the job's
progress and outcome, and the report of every problem of a refused file (in the reader's language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import require
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.imports import IMPORT_JOB, error_report, import_report, seeker_import_start
from coordination.jobseekers.spreadsheets import build_template, max_bytes, max_rows
from frontend.forms import CorridorForm, form_error_items
from frontend.language import is_km
from jobs.models import Job, JobStatus
from jobs.selectors import job_get

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SeekersUploadForm(CorridorForm):
    """Shapes only: the file is checked by the service (coordination.jobseekers.imports.seeker_import_start)."""

    workbook = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        help_text=gettext_lazy("Every person in the file is registered in your job centre, or no one."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        error_messages={"required": gettext_lazy("Choose the workbook to upload."),
                        "empty": gettext_lazy("The file is empty. Choose the file again.")},
    )


def _counsellor(request: HttpRequest) -> None:
    require(perms.can_register(request.user), _("Only a job-centre counsellor can import job seekers."))


@login_required
@require_GET
def jobseeker_import_template_view(request: HttpRequest) -> HttpResponse:
    """The job-seeker workbook in English or Khmer (?language=km; by default the page's language)."""
    _counsellor(request)
    language = request.GET.get("language") or ("km" if is_km() else "en")
    if language not in ("en", "km"):
        language = "en"
    response = HttpResponse(build_template(language=language), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="job-seekers-{language}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def jobseeker_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template: checked before anything is stored, then imported as a background job."""
    _counsellor(request)
    form = SeekersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = seeker_import_start(actor=request.user, upload=form.cleaned_data["workbook"],
                                      language="km" if is_km() else "en")
        except ValidationError as exc:
            for message in exc.message_dict.get("file", []):
                form.add_error("workbook", message)
        else:
            messages.info(request, _("The workbook is being imported. This page shows how far it has got."))
            return redirect("jobseeker_import_job", job_id=job.pk)
    return render(request, "jobseekers/import.html", {
        "form": form, "max_rows": max_rows(), "max_mb": max_bytes() // (1024 * 1024),
        "error_summary": form_error_items(form) if form.is_bound else [],
    })


def _job(request: HttpRequest, job_id: int) -> Job:
    _counsellor(request)
    job = job_get(actor=request.user, job_id=job_id)
    if job is None or job.kind != IMPORT_JOB:
        raise Http404
    return job


def _context(job: Job) -> dict[str, Any]:
    errors = import_report(job=job) if job.status == JobStatus.REJECTED else []
    return {"job": job, "errors": errors, "error_count": job.params.get("error_count", len(errors)),
            "imported": job.params.get("imported", 0), "skipped": job.params.get("skipped", 0),
            "skipped_rows": job.params.get("skipped_rows", [])}


@login_required
@require_GET
def jobseeker_import_job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "jobseekers/import_job.html", _context(job))


@login_required
@require_GET
def jobseeker_import_status_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress fragment with, once the job has ended, its outcome or its problems (polled by htmx)."""
    job = _job(request, job_id)
    response = render(request, "jobseekers/_import_status.html", _context(job))
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def jobseeker_import_report_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """Every problem of a refused import as a workbook, in the reader's language."""
    job = _job(request, job_id)
    content = error_report(job=job) if job.status == JobStatus.REJECTED else None
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type=XLSX_TYPE)
    language = "km" if is_km() else "en"
    response["Content-Disposition"] = f'attachment; filename="job-seekers-import-{job.pk}-problems-{language}.xlsx"'
    return response
