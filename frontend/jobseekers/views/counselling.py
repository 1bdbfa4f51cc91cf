"""The counselling sheet of a seeker under an agreement in force, printable; with the seeker's eligibility."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import require
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.counselling import counselling_sheet
from coordination.jobseekers.eligibility import versions_in_force
from coordination.jobseekers.selectors import seeker_get


@login_required
@require_GET
def jobseeker_counselling_sheet_view(request: HttpRequest, pk: int, agreement_id: int) -> HttpResponse:
    actor = request.user
    require(perms.can_see_registry(actor))
    seeker = seeker_get(actor=actor, pk=pk)
    if seeker is None:
        raise Http404
    require(perms.can_counsel(actor, seeker))
    version = next((v for v in versions_in_force() if v.agreement_id == agreement_id), None)
    if version is None:
        raise Http404
    sheet = counselling_sheet(actor=actor, seeker=seeker, version=version)
    return render(request, "jobseekers/counselling_sheet.html", {
        "sheet": sheet, "seeker": seeker, "agreement": version.agreement, "version": version,
        "eligibility": [sheet.eligibility],
    })
