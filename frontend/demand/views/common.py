"""Demand pages shared by every actor: the list, one letter's timeline, its attachments, positions filled."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import permissions
from demand import permissions as perms
from demand.models import Allocation, DemandLetter, LetterStatus
from demand.selectors import (
    employer_get,
    event_who,
    letter_events,
    letter_get,
    letter_is_overdue,
    letter_list,
)
from demand.services import (
    FILLABLE_STATUSES,
    allocation_set_filled,
)
from frontend.demand.forms import (
    EmployerProfileForm,
    FilledForm,
    LetterFilterForm,
)
from frontend.forms import TermChoices, add_service_errors
from frontend.labels import audit_action_label
from frontend.paging import page_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def letter_or_404(request: HttpRequest, letter_id: int) -> DemandLetter:
    permissions.require(perms.can_see_demand(request.user))
    letter = letter_get(actor=request.user, letter_id=letter_id)
    if letter is None:
        raise Http404
    return letter


@dataclass
class Step:
    label: Any
    at: Any = None
    who: str = ""
    reason: str = ""
    status: str = ""
    upcoming: bool = False
    warn: bool = False


NEXT_STEP = {
    LetterStatus.DRAFT: gettext_lazy("Next: check the letter against the agreement, then submit it."),
    LetterStatus.ATTESTATION: gettext_lazy("Next: the labour attaché attests the letter; the Ministry reviews it "
                                           "after that."),
    LetterStatus.RETURNED: gettext_lazy("Next: the employer makes the changes asked for and submits again."),
    LetterStatus.APPROVED: gettext_lazy("Next: the ministry allocates the positions to licensed agencies."),
    LetterStatus.ALLOCATED: gettext_lazy("Next: the agencies start recruiting."),
    LetterStatus.RECRUITING: gettext_lazy("Next: the agencies fill the positions."),
}


def letter_timeline(letter: DemandLetter, viewer: Any) -> list[Step]:
    """The letter's steps as the viewer may see them (demand.selectors.letter_events and event_who decide)."""
    steps: list[Step] = []
    for event in letter_events(actor=viewer, letter=letter):
        if event.action == "letter.update" and steps and steps[-1].status == "letter.update":
            steps[-1].at = event.at  # a run of saves reads as one step: the last save
            continue
        steps.append(Step(label=audit_action_label(event.action), at=event.at, who=event_who(event, viewer),
                          reason=event.reason, status=event.action))
    if not steps:  # letters written without the services (imports, fixtures): their own dates tell
        steps.append(Step(label=_("Draft created"), at=letter.created_at))
        if letter.submitted_at:
            steps.append(Step(label=_("Submitted for review"), at=letter.submitted_at))
        if letter.decided_at:
            steps.append(Step(label=capfirst(letter.get_status_display()), at=letter.decided_at,
                              reason=letter.decision_reason))
    if letter.status in (LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW) and letter.review_due:
        overdue = letter_is_overdue(letter=letter)
        steps.append(Step(label=_("Decision due by %(date)s") % {"date": date_text(letter.review_due)},
                          upcoming=True, warn=overdue))
    elif letter.status in NEXT_STEP:
        steps.append(Step(label=NEXT_STEP[letter.status], upcoming=True))
    return steps


def date_text(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def mark_overdue(letters: list[DemandLetter]) -> None:
    today = timezone.localdate()
    for letter in letters:
        letter.overdue_days = (today - letter.review_due).days if letter_is_overdue(letter=letter, today=today) else 0


@login_required
@require_GET
def demand_list_view(request: HttpRequest) -> HttpResponse:
    """My demand letters (employer), Allocated demand (agency), every letter (ministry)."""
    actor = request.user
    permissions.require(perms.can_see_demand(actor))
    form = LetterFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    page = page_of(request, letter_list(actor=actor, status=status or None, order="newest"))
    mark_overdue(page.object_list)
    is_employer = perms.is_employer_staff(actor)
    profile = employer_get(actor=actor, organisation_id=actor.organisation_id) if is_employer else None
    return render(request, "demand/list.html", {
        "page": page, "form": form, "filtered": bool(status), "is_employer": is_employer,
        "is_agency": perms.is_agency_staff(actor), "is_ministry": permissions.is_ministry(actor),
        "profile": profile, "agency_blocked": perms.agency_access_blocked_reason(actor),
    })


@login_required
@require_GET
def demand_attachment_view(request: HttpRequest, letter_id: int, attachment_id: int) -> FileResponse:
    """An attachment, served only to those who can see its letter (never from a public media URL)."""
    letter = letter_or_404(request, letter_id)
    attachment = next((a for a in letter.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def with_filled_forms(allocations: list[Allocation], letter: DemandLetter, bound: FilledForm | None = None
                       ) -> list[Allocation]:
    """Give each allocation its "positions filled" form (`filled_form`) while the letter takes them; the one
    just posted keeps its input and errors. Only for those who may record them (see the callers)."""
    for allocation in allocations:
        if bound is not None and bound.allocation.pk == allocation.pk:
            allocation.filled_form = bound
        elif letter.status in FILLABLE_STATUSES:
            allocation.filled_form = FilledForm(allocation=allocation)
    return allocations


def record_filled(request: HttpRequest, letter: DemandLetter) -> FilledForm | None:
    """Record the positions filled posted for one of the letter's allocations. The allocation is looked for
    among those the actor may see (an agency: its own only), else 404. None when done: recorded, or refused
    because the letter's status no longer takes it (each with a message); otherwise the bound form with its
    errors. Nothing changes unless recorded."""
    posted = request.POST.get("allocation", "")
    allocation = next((a for a in letter.allocations.all() if str(a.pk) == posted), None)
    if allocation is None:
        raise Http404
    form = FilledForm(request.POST, allocation=allocation)
    if form.is_valid():
        try:
            allocation = allocation_set_filled(actor=request.user, allocation=allocation,
                                               filled=form.cleaned_data["filled"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "status" in exc.error_dict:
                flash_errors(request, exc)  # the letter has moved on: nothing in the form to correct
                return None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Positions filled for %(agency)s: %(filled)s of %(workers)s.") % {
                "agency": allocation.agency.name, "filled": allocation.filled, "workers": allocation.workers})
            return None
    return form


def employer_profile_form(request: HttpRequest, *, actor: Any, organisation: Any, profile: Any,
                          with_reason: bool = False, bound: bool = True) -> EmployerProfileForm:
    """The one employer-profile form, filled with the saved profile (or the organisation's name for a new one)."""
    initial = {name: getattr(profile, name) for name in (
        "legal_name", "registration_number", "address", "contact_name", "contact_email", "contact_phone")
    } if profile else {"legal_name": organisation.name}
    if profile:
        initial["sector"] = profile.sector.code
    sectors = TermChoices.load(actor=actor).sector_choices(blank=True)
    prefix = "profile" if with_reason else None
    return EmployerProfileForm(request.POST if bound else None, initial=initial, sectors=sectors,
                               with_reason=with_reason, prefix=prefix)
