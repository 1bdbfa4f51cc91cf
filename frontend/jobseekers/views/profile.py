"""A job seeker's profile: everything the platform holds about them as the reader may see it (identifiers masked
by the rules, the full profile logged when an outsider opens it), consent with its history, vetting evidence and
rosters, the access log for the owning job centre and the ministry, and the seeker's own data on request."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.eligibility import seeker_eligibility
from coordination.jobseekers.models import JobSeeker
from coordination.jobseekers.selectors import seeker_get
from coordination.jobseekers.services import (
    consent_record,
    consent_withdraw,
    profile_open,
    seeker_subject_export,
)
from frontend.forms import add_service_errors, form_error_items
from frontend.jobseekers.forms import ConsentForm, WithdrawForm
from frontend.jobseekers.views.registry import with_identifiers

ACCESS_LOG_SHOWN = 50


def seeker_or_404(request: HttpRequest, seeker_id: int) -> JobSeeker:
    permissions.require(perms.can_see_registry(request.user))
    seeker = seeker_get(actor=request.user, pk=seeker_id)
    if seeker is None:
        raise Http404
    return seeker


def _merged_notice(request: HttpRequest, seeker_id: int, seeker: JobSeeker) -> None:
    messages.info(request, _("Record %(old)s was merged into this one: %(name)s.")
                  % {"old": seeker_id, "name": seeker.display_name})


def _profile_page(request: HttpRequest, seeker: JobSeeker, *, consent_form: ConsentForm | None = None,
                  withdraw_form: WithdrawForm | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    with_identifiers(actor, [seeker])
    consents = list(seeker.consents.select_related("recorded_by", "withdrawn_by"))
    current = next((c for c in consents if c.is_active), None)
    sees_all = perms.sees_without_consent(actor)
    context: dict[str, Any] = {
        "seeker": seeker,
        "experiences": list(seeker.experiences.select_related("occupation")),
        "certifications": list(seeker.certifications.all()),
        "languages": list(seeker.languages.select_related("language")),
        "destinations": [p.country for p in seeker.destination_preferences.select_related("country")],
        "sectors": list(seeker.preferred_sectors.order_by("code")),
        "evidence": list(seeker.evidence.all()),
        "rosters": list(seeker.roster_entries.select_related("agreement", "agreement__partner_country")),
        "merged_records": list(seeker.merged_records.all()) if sees_all else [],
        "current_consent": current,
        "consents": consents if sees_all else [],
        "can_update": perms.can_update(actor, seeker),
        "can_vet": perms.can_vet(actor, seeker),
        "can_export": perms.can_export_subject_data(actor, seeker),
        "logged": perms.profile_view_is_logged(actor, seeker),
    }
    if perms.can_record_consent(actor, seeker):
        context["consent_form"] = consent_form or ConsentForm(initial={
            "for_matching": current.for_matching if current else True,
            "share_with_agencies": current.share_with_agencies if current else True,
            "share_with_employers": current.share_with_employers if current else True,
        })
    if current is not None and perms.can_withdraw_consent(actor, seeker):
        context["withdraw_form"] = withdraw_form or WithdrawForm()
    # The access log: for the owning job centre and the ministry, who see the identifiers in full and are not
    # themselves logged (coordination.jobseekers.permissions.sees_identifiers).
    if perms.sees_identifiers(actor, seeker):
        log = seeker.profile_views.select_related("viewer", "organisation")
        context["show_access_log"] = True
        context["views"] = list(log[:ACCESS_LOG_SHOWN])
        context["views_more"] = max(log.count() - ACCESS_LOG_SHOWN, 0)
    if perms.can_counsel(actor, seeker):  # eligibility per agreement in force, and its counselling sheets
        context["eligibility"] = seeker_eligibility(seeker)
    from frontend.jobseekers.views.merge import mergeable_duplicates

    context["duplicates"] = mergeable_duplicates(actor, seeker)
    errors = []
    for form in (consent_form, withdraw_form):
        if form is not None and form.is_bound:
            errors += form_error_items(form)
    context["error_summary"] = errors
    return render(request, "jobseekers/detail.html", context, status=status)


@login_required
@require_GET
def jobseeker_detail_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = seeker_or_404(request, seeker_id)
    permissions.require(perms.can_open_profile(request.user, seeker))
    if seeker.pk != seeker_id:
        _merged_notice(request, seeker_id, seeker)
        return redirect("jobseeker_detail", seeker_id=seeker.pk)
    profile_open(actor=request.user, seeker=seeker, channel="page")
    return _profile_page(request, seeker)


def _posted_seeker(request: HttpRequest, seeker_id: int) -> JobSeeker:
    seeker = seeker_or_404(request, seeker_id)
    if seeker.pk != seeker_id:
        raise Http404  # a form of a merged record: the record it went into is the one to change
    return seeker


@login_required
@require_POST
def jobseeker_consent_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = _posted_seeker(request, seeker_id)
    permissions.require(perms.can_record_consent(request.user, seeker),
                        _("Only the job centre that keeps this record can record consent."))
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            consent_record(actor=request.user, seeker=seeker, data=form.data_())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("jobseeker_detail", seeker_id=seeker.pk)
    return _profile_page(request, seeker, consent_form=form, status=400)


@login_required
@require_POST
def jobseeker_consent_withdraw_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = _posted_seeker(request, seeker_id)
    permissions.require(perms.can_withdraw_consent(request.user, seeker))
    form = WithdrawForm(request.POST)
    current = seeker.consents.filter(withdrawn_at=None).first()
    if form.is_valid() and not form.cleaned_data["confirm"] and current is not None:
        # The first step: nothing changes until the counsellor confirms, having read out what withdrawal does.
        return render(request, "jobseekers/consent_withdraw_confirm.html", {
            "seeker": seeker, "reason": form.cleaned_data["reason"], "current_consent": current})
    if form.is_valid():
        try:
            consent_withdraw(actor=request.user, seeker=seeker, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent is withdrawn: %(name)s is out of matching and out of every "
                                        "agency's and employer's view.") % {"name": seeker.display_name})
            return redirect("jobseeker_detail", seeker_id=seeker.pk)
    return _profile_page(request, seeker, withdraw_form=form, status=400)


@login_required
@require_POST
def jobseeker_subject_export_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Everything held about the seeker, as a JSON file for them (the service audits the export)."""
    seeker = _posted_seeker(request, seeker_id)
    permissions.require(perms.can_export_subject_data(request.user, seeker),
                        _("Only the job centre that keeps this record, or the ministry, can export it."))
    record = seeker_subject_export(actor=request.user, seeker=seeker)
    response = HttpResponse(json.dumps(record, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="job-seeker-{seeker.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
