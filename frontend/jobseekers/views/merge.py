"""Two records of one person: merge this record into the other (with a reason), or record that they are two
different people. Offered on the profile's likely duplicates and in the duplicate panel of the editor; the rule
is coordination.jobseekers.permissions.can_merge, the work coordination.jobseekers.merging."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.duplicates import likely_matches_of
from coordination.jobseekers.merging import seeker_confirm_distinct, seeker_merge
from coordination.jobseekers.models import JobSeeker
from coordination.jobseekers.selectors import seeker_get
from frontend.jobseekers.views.profile import _posted_seeker
from frontend.jobseekers.views.registry import with_identifiers


def mergeable_duplicates(actor: Any, seeker: JobSeeker) -> list[JobSeeker]:
    """The profile's likely duplicates the reader may see and decide on, identifiers masked by the rules."""
    out = []
    for candidate in likely_matches_of(seeker):
        other = seeker_get(actor=actor, pk=candidate.seeker.pk)
        if other is None or other.pk == seeker.pk or not perms.can_merge(actor, seeker, other):
            continue
        other.reasons = candidate.reasons  # type: ignore[attr-defined]
        out.append(other)
    with_identifiers(actor, out)
    return out


def _pair(request: HttpRequest, seeker_id: int, field: str) -> tuple[JobSeeker, JobSeeker]:
    seeker = _posted_seeker(request, seeker_id)
    raw = request.POST.get(field, "")
    other = seeker_get(actor=request.user, pk=int(raw)) if raw.isdigit() else None
    if other is None:
        raise Http404
    permissions.require(perms.can_merge(request.user, seeker, other),
                        _("Only a counsellor of either record's job centre, or the ministry, can decide on these "
                          "records."))
    return seeker, other


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def jobseeker_merge_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Merge this record (`seeker_id`) into the record `into`: the other is kept."""
    merge, keep = _pair(request, seeker_id, "into")
    try:
        seeker_merge(actor=request.user, keep=keep, merge=merge, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("jobseeker_detail", seeker_id=merge.pk)
    messages.success(request, _("Record %(old)s was merged into this one: %(name)s.")
                     % {"old": merge.pk, "name": keep.display_name})
    return redirect("jobseeker_detail", seeker_id=keep.pk)


@login_required
@require_POST
def jobseeker_confirm_distinct_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Record that this record and the record `other` are two different people."""
    seeker, other = _pair(request, seeker_id, "other")
    try:
        seeker_confirm_distinct(actor=request.user, first=seeker, second=other)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Recorded: %(name)s and record %(other)s are different people. The pair will "
                                    "not be proposed again.") % {"name": seeker.display_name, "other": other.pk})
    return redirect("jobseeker_detail", seeker_id=seeker.pk)
