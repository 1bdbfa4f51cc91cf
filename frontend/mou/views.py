"""Agreement pages: the registry, one agreement with its versions, registration, amendment and status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from audit.selectors import audit_event_list
from frontend.forms import TermChoices, add_service_errors, form_error_items
from frontend.language import is_km
from frontend.mou.forms import AgreementFilterForm, StatusChangeForm, TermsEditor
from frontend.paging import page_of
from jobs.services import job_start
from mou.models import Agreement, AgreementVersion
from mou.selectors import (
    agreement_country_list,
    agreement_get,
    agreement_list,
    agreement_version_get,
    agreement_version_in_force,
    agreement_version_list,
)
from mou.services import STATUS_TRANSITIONS, agreement_amend, agreement_set_status, terms_from_version
from mou.services import agreement_create as agreement_create_service

EXPORT_KIND = "mou.export_agreements"


def _member_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    permissions.require(permissions.is_member(request.user))
    agreement = agreement_get(actor=request.user, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


@login_required
@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_member(actor))
    countries = agreement_country_list(actor=actor)
    form = AgreementFilterForm(request.GET or None, countries=[(c.iso2, c.local_name) for c in countries])
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = agreement_list(
        actor=actor, status=filters.get("status") or None, country=filters.get("country") or None,
        search=filters.get("q", ""),
    )
    can_manage = permissions.can_manage_agreements(actor)
    return render(request, "mou/agreements/list.html", {
        "form": form, "page": page_of(request, agreements), "can_manage": can_manage,
        "show_status_filter": can_manage, "filtered": bool(filters and any(filters.values())),
    })


@login_required
@require_POST
def agreement_export_view(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_manage_agreements(request.user))
    params = {key: request.POST.get(key, "").strip() for key in ("status", "country", "q")}
    try:
        job = job_start(actor=request.user, kind=EXPORT_KIND, params={
            "status": params["status"], "country": params["country"], "search": params["q"],
            "language": "km" if is_km() else "en"})  # the workbook reads in the language of the page
    except ValueError:
        messages.error(request, _("The spreadsheet export is not available at the moment. Try again later."))
        return redirect("agreement_list")
    messages.info(
        request, _("The export has started. The spreadsheet will be ready to download on this page.")
    )
    return redirect("job_detail", job_id=job.pk)


def _chosen_version(
    request: HttpRequest, agreement: Agreement, versions: list[AgreementVersion], in_force: Any
) -> Any:
    """The version asked for with ?version=N, else the one in force today, else the latest."""
    wanted = request.GET.get("version")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in {v.number for v in versions}:
            raise Http404
        if in_force is not None and in_force.number == int(wanted):
            return in_force
        return agreement_version_get(actor=request.user, agreement=agreement, number=int(wanted))
    if in_force is not None or not versions:
        return in_force
    return agreement_version_get(actor=request.user, agreement=agreement, number=versions[0].number)


@login_required
@require_GET
def agreement_detail_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    agreement = _member_agreement(request, agreement_id)
    versions = list(agreement_version_list(actor=actor, agreement=agreement))
    in_force = agreement_version_in_force(agreement=agreement)
    version = _chosen_version(request, agreement, versions, in_force)
    can_view_audit = permissions.can_view_audit(actor)
    return render(request, "mou/agreements/detail.html", {
        "agreement": agreement,
        "version": version,
        "in_force_number": in_force.number if in_force else None,
        "versions": versions,
        "can_manage": permissions.can_manage_agreements(actor),
        "can_view_audit": can_view_audit,
        "audit_events": audit_event_list(actor=actor, target=agreement)[:100] if can_view_audit else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    choices = TermChoices.load(actor=actor, countries=True)
    data = request.POST if request.method == "POST" else None
    editor = TermsEditor(data=data, choices=choices, mode="create")
    if request.method == "POST" and editor.is_valid():
        try:
            agreement = agreement_create_service(
                actor=actor, terms=editor.terms(), **editor.agreement_fields()
            )
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("The agreement is registered with its first version."))
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "mou/agreements/form.html", {"editor": editor, "agreement": None})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_amend_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    agreement = _member_agreement(request, agreement_id)
    base = agreement_version_in_force(agreement=agreement) or agreement_version_list(
        actor=actor, agreement=agreement).first()
    choices = TermChoices.load(actor=actor)
    editor = TermsEditor(
        data=request.POST if request.method == "POST" else None, choices=choices, mode="amend",
        initial=terms_from_version(base) if base else None, title_km=agreement.title_km,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            version = agreement_amend(
                actor=actor, agreement=agreement, terms=editor.terms(), reason=editor.reason,
                title_km=editor.title_km,
            )
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Version %(number)s is saved. It applies from %(date)s.") % {
                "number": version.number, "date": date_format(version.in_force_from, "DATE_FORMAT")})
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "mou/agreements/form.html", {"editor": editor, "agreement": agreement,
                                                             "base_version": base})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_status_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    agreement = _member_agreement(request, agreement_id)
    allowed = STATUS_TRANSITIONS.get(agreement.status, ())
    form = StatusChangeForm(request.POST if request.method == "POST" else None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_set_status(actor=actor, agreement=agreement, status=form.cleaned_data["status"],
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "mou/agreements/status.html", {
        "agreement": agreement, "form": form, "allowed": allowed,
        "error_summary": form_error_items(form) if form.is_bound else [],
    })
