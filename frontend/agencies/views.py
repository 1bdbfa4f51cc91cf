"""Agency pages: the ministry's list and supervision page of each agency (licence, status, inspections),
and an agency's own read-only profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from accounts.models import Organisation
from audit.selectors import audit_event_list
from coordination.agencies import permissions as perms
from coordination.agencies.models import AgencyStatus
from coordination.agencies.selectors import agency_get, agency_list, agency_status_history, inspection_list
from coordination.agencies.services import agency_licence_save, agency_set_status, inspection_record
from demand.selectors import allocation_list
from frontend.agencies.forms import AgencyFilterForm, InspectionForm, LicenceForm, StatusForm
from frontend.forms import add_service_errors, form_error_items
from frontend.paging import page_of
from i18n.messages import render as render_message

FORMS = {"licence": LicenceForm, "status": StatusForm, "inspection": InspectionForm}


def ranking_reasons(organisation: Organisation) -> list[dict[str, Any]]:
    """The ranking's deductions, each in the reader's language."""
    profile = perms.agency_profile_of(organisation)
    if profile is None:
        return []
    return [{"points": r.get("points", 0), "reason": render_message(r.get("reason"))}
            for r in profile.ranking_reasons or []]


def _agency_context(actor: Any, organisation: Organisation) -> dict[str, Any]:
    return {
        "organisation": organisation, "profile": perms.agency_profile_of(organisation),
        "problem": perms.licence_problem(organisation), "today": timezone.localdate(),
        "history": list(agency_status_history(actor=actor, organisation=organisation)[:50]),
        "inspections": list(inspection_list(actor=actor, organisation=organisation)[:50]),
        "reasons": ranking_reasons(organisation),
    }


@login_required
@require_GET
def agency_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_supervise_agencies(actor))
    form = AgencyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    agencies = agency_list(actor=actor, status=filters.get("status") or None, search=filters.get("q", ""))
    page = page_of(request, agencies)
    rows = [{"organisation": org, "profile": perms.agency_profile_of(org), "problem": perms.licence_problem(org)}
            for org in page.object_list]
    return render(request, "agencies/list.html", {
        "form": form, "page": page, "rows": rows, "filtered": bool(filters and any(filters.values())),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agency_detail_view(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The ministry's page on one agency: its licence, standing and ranking, the status history, the
    inspections and the allocations it holds, with the forms to record a licence, change the status and
    record an inspection."""
    actor = request.user
    permissions.require(perms.can_supervise_agencies(actor))
    organisation = agency_get(actor=actor, organisation_id=organisation_id)
    if organisation is None:
        raise Http404
    profile = perms.agency_profile_of(organisation)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "licence": LicenceForm(request.POST if action == "licence" else None, prefix="licence", initial={
            "licence_number": organisation.licence_number,
            "issued_on": getattr(profile, "licence_issued_on", None),
            "expires_on": getattr(profile, "licence_expires_on", None)}),
        "status": StatusForm(request.POST if action == "status" else None, prefix="status",
                             initial={"status": getattr(profile, "status", AgencyStatus.ACTIVE)}),
        "inspection": InspectionForm(request.POST if action == "inspection" else None, prefix="inspection",
                                     initial={"inspected_on": timezone.localdate()}),
    }
    bound = forms.get(action or "")
    if request.method == "POST" and bound is None:
        messages.error(request, _("Choose what to record: the licence, the status or an inspection."))
        return redirect("agency_detail", organisation_id=organisation.pk)
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if action == "licence":
                agency_licence_save(actor=actor, organisation=organisation, **data)
                done = _("The licence of %(name)s is recorded.")
            elif action == "status":
                agency_set_status(actor=actor, organisation=organisation, **data)
                done = _("The status of %(name)s is changed; its staff are told.")
            else:
                inspection_record(actor=actor, organisation=organisation, **data)
                done = _("The inspection of %(name)s is recorded.")
        except ValidationError as exc:
            add_service_errors(bound, exc)
        else:
            messages.success(request, done % {"name": organisation.local_name})
            return redirect("agency_detail", organisation_id=organisation.pk)
    allocations = (allocation_list(actor=actor).filter(agency=organisation)
                   .select_related("letter", "letter__employer").order_by("-letter__created_at", "-pk")[:50])
    return render(request, "agencies/detail.html", {
        **_agency_context(actor, organisation), "forms": forms, "action": action,
        "allocations": list(allocations),
        "audit_events": audit_event_list(actor=actor, target=profile)[:50] if profile else [],
        "error_summary": form_error_items(bound) if bound is not None and bound.is_bound else [],
    })


@login_required
@require_GET
def agency_own_profile_view(request: HttpRequest) -> HttpResponse:
    """An agency's staff: their agency's licence, standing, ranking, status history and inspections, read-only."""
    actor = request.user
    permissions.require(perms.is_agency_staff(actor))
    organisation = agency_get(actor=actor, organisation_id=actor.organisation_id)
    if organisation is None:
        raise Http404
    return render(request, "agencies/own.html", _agency_context(actor, organisation))
