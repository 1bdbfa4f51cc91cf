"""Background jobs: a job's page, its progress fragment and its result file."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from jobs.selectors import job_get


def _job_or_404(request: HttpRequest, job_id: int) -> Any:
    job = job_get(actor=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
def job_detail_view(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": _job_or_404(request, job_id)})


@login_required
@require_GET
def job_progress_view(request: HttpRequest, job_id: int) -> HttpResponse:
    response = render(request, "jobs/_progress.html", {"job": _job_or_404(request, job_id)})
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def job_download_view(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job_or_404(request, job_id)
    if not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(job.result_file.name))
