"""Demand pages for the ministry: the review queue, the review page with its decisions, quotas, employers."""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from audit.selectors import audit_event_list
from demand import permissions as perms
from demand.models import DemandLetter, LetterStatus
from demand.selectors import (
    employer_get,
    employer_list,
    employer_organisation_get,
    employer_organisation_list,
    letter_is_overdue,
    letter_list,
    letter_quota,
    letter_review_queue,
    letter_review_terms,
    licensed_agency_list,
    quota_totals,
    quota_usage,
    quota_years,
)
from demand.services import (
    WORK_ACTIONS,
    employer_profile_save,
    employer_set_accreditation,
    letter_actions,
    letter_allocate,
    letter_close,
    letter_decide,
    letter_decision_list,
    letter_fill,
    letter_precheck,
    letter_revoke,
    letter_start_recruiting,
    organisation_can_submit,
)
from frontend.demand.forms import (
    AccreditationForm,
    AllocationForm,
    DecisionForm,
    EmployerFilterForm,
    QuotaFilterForm,
    ReasonForm,
    ReviewQueueFilterForm,
)
from frontend.demand.report import build_report
from frontend.demand.views.common import (
    employer_profile_form,
    flash_errors,
    letter_or_404,
    letter_timeline,
    mark_overdue,
    record_filled,
    with_filled_forms,
)
from frontend.forms import TermChoices, add_service_errors, form_error_items
from frontend.paging import PAGE_SIZE, page_of
from mou.models import AgreementStatus
from mou.selectors import agreement_list


def _agreement_choices(actor: Any) -> list[tuple[int, str]]:
    return [(a.pk, f"{a.partner_country.local_name} — {a.display_title}") for a in agreement_list(actor=actor)]


@login_required
@require_GET
def demand_review_queue_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_review_letters(actor))
    form = ReviewQueueFilterForm(request.GET or None, agreements=_agreement_choices(actor),
                                 sectors=TermChoices.load(actor=actor).sector_choices(blank=False))
    filters = form.cleaned_data if form.is_valid() else {}
    letters = letter_review_queue(
        actor=actor, agreement=filters.get("agreement"), sector=filters.get("sector") or None,
        status=filters.get("status") or None, overdue=form.overdue_value() if filters else None,
    )
    page = page_of(request, letters)
    mark_overdue(page.object_list)
    return render(request, "demand/queue.html", {
        "form": form, "page": page, "filtered": bool(filters and any(v not in (None, "") for v in filters.values())),
    })


def _review_page(request: HttpRequest, letter: DemandLetter, *, bound: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    allowed = letter_decision_list(letter=letter)
    later = letter_actions(letter=letter, among=("allocate", "revoke", "close"))
    forms_: dict[str, Any] = {
        "decision": DecisionForm(allowed=allowed) if allowed else None,
        "allocate": (AllocationForm(agencies=list(licensed_agency_list(actor=request.user)))
                     if "allocate" in later else None),
        "revoke": ReasonForm(prefix="revoke") if "revoke" in later else None,
        "close": ReasonForm(prefix="close") if "close" in later else None,
    }
    if bound is not None:
        forms_[bound[0]] = bound[1]
    recorded = list(letter.findings.all())
    live = letter.status == LetterStatus.DRAFT or (not recorded and letter.submitted_at is None)
    report = build_report(letter_precheck(actor=actor, letter=letter) if live else recorded, letter)
    held = letter_quota(letter=letter)
    profile = employer_get(actor=actor, organisation_id=letter.employer_id)
    can_submit, why = organisation_can_submit(organisation=letter.employer)
    error_form = bound[1] if bound is not None else None
    return render(request, "demand/review.html", {
        "letter": letter, "positions": list(letter.positions.all()), "attachments": list(letter.attachments.all()),
        "report": report, "report_is_live": live, "profile": profile, "employer_ok": can_submit,
        "employer_problem": why, "forms": forms_, "decisions": allowed, "approved_workers": held.approved,
        "allocated_workers": held.allocated, "unallocated": held.unallocated,
        "work_actions": letter_actions(letter=letter, among=WORK_ACTIONS),
        "allocations": with_filled_forms(list(letter.allocations.all()), letter,
                                          bound[1] if bound is not None and bound[0] == "filled" else None),
        "overdue": letter_is_overdue(letter=letter),
        "overdue_days": (timezone.localdate() - letter.review_due).days if letter_is_overdue(letter=letter) else 0,
        "timeline": letter_timeline(letter, actor),
        "audit_events": audit_event_list(actor=actor, target=letter)[:100],
        "error_summary": form_error_items(error_form) if error_form is not None else [],
        **letter_review_terms(actor=actor, letter=letter),
    }, status=status)




DECISION_DONE = {
    "start_review": gettext_lazy("You have taken %(reference)s into review."),
    "approve": gettext_lazy("%(reference)s is approved. Its workers are drawn from the quota."),
    "return": gettext_lazy("%(reference)s is returned to the employer for changes."),
    "reject": gettext_lazy("%(reference)s is rejected."),
}


@login_required
@require_http_methods(["GET", "POST"])
def demand_review_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_review_letters(actor))
    letter = letter_or_404(request, letter_id)
    if request.method == "GET":
        return _review_page(request, letter)

    action = request.POST.get("action", "")
    done = redirect("demand_review", letter_id=letter.pk)
    if action == "decide":
        allowed = letter_decision_list(letter=letter)
        form = DecisionForm(request.POST, allowed=allowed)
        if form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                letter_decide(actor=actor, letter=letter, decision=decision, reason=reason)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, DECISION_DONE[decision] % {"reference": letter.reference})
                return done
        return _review_page(request, letter, bound=("decision", form))
    if action == "allocate":
        form = AllocationForm(request.POST, agencies=list(licensed_agency_list(actor=request.user)))
        if form.is_valid():
            try:
                letter_allocate(actor=actor, letter=letter, allocations=form.allocations())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The positions are allocated. The agencies are told."))
                return done
        return _review_page(request, letter, bound=("allocate", form))
    if action in ("revoke", "close"):
        message = _("Say why the approval is revoked.") if action == "revoke" else _("Say why the demand is closed.")
        form = ReasonForm(request.POST, prefix=action, required_message=message)
        if form.is_valid():
            service = letter_revoke if action == "revoke" else letter_close
            try:
                service(actor=actor, letter=letter, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The approval is revoked. Positions not filled go back to the quota.")
                                 if action == "revoke" else
                                 _("The demand is closed. Positions not filled go back to the quota."))
                return done
        return _review_page(request, letter, bound=(action, form))
    if action == "set_filled":
        form = record_filled(request, letter)
        if form is None:
            return done
        return _review_page(request, letter, bound=("filled", form))
    if action in ("start_recruiting", "fill"):
        try:
            (letter_start_recruiting if action == "start_recruiting" else letter_fill)(actor=actor, letter=letter)
        except ValidationError as exc:
            flash_errors(request, exc)
        return done
    raise Http404


@login_required
@require_GET
def demand_quota_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_view_quota(actor))
    agreements = list(agreement_list(actor=actor))
    today = timezone.localdate()
    in_force = [a for a in agreements if a.status == AgreementStatus.IN_FORCE]
    chosen_id = request.GET.get("agreement")
    agreement = next((a for a in agreements if str(a.pk) == chosen_id), None)
    if chosen_id and agreement is None:
        raise Http404
    agreement = agreement or (in_force or agreements or [None])[0]
    years = quota_years(agreement=agreement, today=today) if agreement is not None else [today.year]
    year = today.year
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    form = QuotaFilterForm(initial={"agreement": agreement.pk if agreement else None, "year": year},
                           agreements=[(a.pk, f"{a.partner_country.local_name} — {a.display_title}")
                                       for a in agreements],
                           years=years)
    usage = quota_usage(actor=actor, agreement=agreement, year=year) if agreement else []
    # Each line (one per quota pool) with the thresholds of its bar: amber from three quarters of the cap, red
    # from nine tenths; a sector-wide line says whether some occupations of its sector have pools of their own.
    split = {q.sector_code for q in usage if q.occupation_code}
    lines = [SimpleNamespace(**asdict(q), key=q.key, percent_approved=q.percent_approved,
                             others_only=q.occupation_code is None and q.sector_code in split,
                             low=(q.cap or 0) * 3 // 4, high=(q.cap or 0) * 9 // 10) for q in usage]
    return render(request, "demand/quota.html", {
        "form": form, "agreement": agreement, "year": year, "lines": lines,
        "totals": quota_totals(usage),
    })


@login_required
@require_GET
def demand_employer_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_set_accreditation(actor))
    form = EmployerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = employer_list(actor=actor, accreditation=filters.get("accreditation") or None,
                             search=filters.get("q", ""))
    without_profile = employer_organisation_list(actor=actor, without_profile=True)
    return render(request, "demand/employers.html", {
        "form": form, "page": page_of(request, profiles), "filtered": bool(filters and any(filters.values())),
        "today": timezone.localdate(),
        "without_profile": Paginator(without_profile, PAGE_SIZE).get_page(request.GET.get("orgs_page")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def demand_employer_detail_view(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An employer for the ministry: its profile (which ministry staff may correct, with a reason), its
    accreditation, latest letters and history. An employer organisation without a profile gets only the
    profile form, so the ministry can fill it in for an employer that cannot sign in yet."""
    actor = request.user
    permissions.require(perms.can_set_accreditation(actor))
    profile = employer_get(actor=actor, organisation_id=organisation_id)
    organisation = profile.organisation if profile else employer_organisation_get(
        actor=actor, organisation_id=organisation_id)
    if organisation is None:
        raise Http404
    editing_profile = request.method == "POST" and (request.POST.get("action") == "profile" or profile is None)
    profile_form = employer_profile_form(request, actor=actor, organisation=organisation, profile=profile,
                                 with_reason=True, bound=editing_profile)
    form = AccreditationForm(request.POST if request.method == "POST" and not editing_profile else None, initial={
        "status": profile.accreditation, "until": profile.accredited_until or profile.banned_until,
    } if profile else None)
    if editing_profile and profile_form.is_valid():
        try:
            employer_profile_save(actor=actor, organisation=organisation, **profile_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(profile_form, exc)
        else:
            messages.success(request, _("The profile of %(name)s is saved; the employer is told of the change.")
                             % {"name": profile_form.cleaned_data["legal_name"]})
            return redirect("demand_employer_detail", organisation_id=organisation_id)
    elif form.is_bound and profile is not None and form.is_valid():
        try:
            employer_set_accreditation(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The accreditation of %(name)s is changed.") % {"name": profile.legal_name})
            return redirect("demand_employer_detail", organisation_id=organisation_id)
    can_submit, why = organisation_can_submit(organisation=organisation) if profile else (False, "")
    bound_form = profile_form if editing_profile else form
    return render(request, "demand/employer_detail.html", {
        "organisation": organisation, "profile": profile, "form": form, "profile_form": profile_form,
        "editing_profile": editing_profile, "can_submit": can_submit, "why": why,
        "letters": letter_list(actor=actor, employer=organisation_id, order="newest")[:20],
        "audit_events": audit_event_list(actor=actor, target=profile)[:50] if profile else [],
        "error_summary": form_error_items(bound_form) if bound_form.is_bound else [],
    })
