"""Demand pages for employers (and agencies on a letter's page): the editor, the letter page, pre-check and
submission, positions by spreadsheet, the employer's own profile."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from demand import permissions as perms
from demand.models import Accreditation, DemandLetter, LetterStatus
from demand.selectors import (
    employer_get,
    letter_is_overdue,
)
from demand.services import (
    EDITABLE_STATUSES,
    WORK_ACTIONS,
    SubmissionBlocked,
    attachment_add,
    attachment_remove,
    employer_profile_save,
    letter_actions,
    letter_attest,
    letter_close,
    letter_create,
    letter_data_check,
    letter_fill,
    letter_precheck,
    letter_refuse_attestation,
    letter_start_recruiting,
    letter_submit,
    letter_update,
    organisation_can_submit,
)
from demand.spreadsheets import POSITIONS_IMPORT_JOB, build_template, import_report, positions_import_start
from frontend.demand.forms import (
    EDITOR_MAX_POSITIONS,
    AttachmentForm,
    FilledForm,
    LetterEditor,
    PositionChoices,
    PositionsUploadForm,
    ReasonForm,
    position_data,
    position_initial,
)
from frontend.demand.report import build_report
from frontend.demand.views.common import (
    XLSX_TYPE,
    date_text,
    employer_profile_form,
    flash_errors,
    letter_or_404,
    letter_timeline,
    record_filled,
    with_filled_forms,
)
from frontend.forms import add_service_errors, form_error_items
from frontend.language import is_km
from jobs.models import Job, JobStatus
from jobs.selectors import job_get
from mou.models import AgreementStatus, AgreementVersion
from mou.selectors import agreement_get, agreement_list, agreement_version_in_force


def _versions_in_force(agreements: list[Any]) -> list[AgreementVersion | None]:
    return [agreement_version_in_force(agreement=agreement) for agreement in agreements]


def _editor_page(request: HttpRequest, editor: LetterEditor, letter: DemandLetter | None, **extra: Any
                 ) -> HttpResponse:
    return render(request, "demand/editor.html", {
        "editor": editor, "letter": letter, "occupations": editor.choices.occupations,
        "error_summary": editor.error_summary() if editor.letter_form.is_bound else [], **extra,
    })


@login_required
@require_http_methods(["GET", "POST"])
def demand_create_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.is_employer_staff(actor), _("Only an employer's staff can file demand."))
    agreements = list(agreement_list(actor=actor, status=AgreementStatus.IN_FORCE))
    profile = employer_get(actor=actor, organisation_id=actor.organisation_id)
    choices = PositionChoices.load(versions=_versions_in_force(agreements))
    editor = LetterEditor(
        data=request.POST if request.method == "POST" else None, choices=choices,
        agreements=[(a.pk, f"{a.display_title} ({a.partner_country.local_name})") for a in agreements],
        initial={"valid_from": timezone.localdate(), "agreement": agreements[0].pk if len(agreements) == 1 else None},
    )
    if request.method == "POST" and profile is not None and editor.is_valid():
        agreement = agreement_get(actor=actor, agreement_id=editor.agreement_id)
        try:
            if agreement is None:
                raise ValidationError({"agreement": [_("Choose the agreement the demand falls under.")]})
            data = editor.data()
            letter = letter_create(actor=actor, agreement=agreement, data=data)
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Draft %(reference)s is saved. Check it against the agreement before you "
                                        "submit it.") % {"reference": letter.reference})
            return redirect("demand_detail", letter_id=letter.pk)
    elif request.method == "POST" and profile is not None:
        _check_the_rest(editor)
    return _editor_page(request, editor, None, agreements=agreements, profile=profile)


def _check_the_rest(editor: LetterEditor) -> None:
    """The forms found problems: let the service check what they could read, so that the page shows every field
    and row error in one round (not the missing fields first and the wrong values after)."""
    try:
        letter_data_check(data=editor.partial_data())
    except ValidationError as exc:
        editor.add_service_errors(exc, besides_form_errors=True)


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = letter_or_404(request, letter_id)
    permissions.require(perms.can_draft_letter(actor, letter))
    if letter.status not in EDITABLE_STATUSES:
        messages.info(request, _("This letter is %(status)s: it can only be changed while it is a draft or "
                                 "returned for changes.") % {"status": letter.get_status_display().lower()})
        return redirect("demand_detail", letter_id=letter.pk)
    positions = list(letter.positions.all())
    too_many = len(positions) > EDITOR_MAX_POSITIONS
    choices = PositionChoices.load(versions=[] if too_many else _versions_in_force([letter.agreement]),
                                   extra_sectors=set() if too_many else {p.sector.code for p in positions})
    editor = LetterEditor(
        data=request.POST if request.method == "POST" else None, choices=choices, agreements=None,
        initial={"valid_from": letter.valid_from, "valid_until": letter.valid_until},
        positions=[] if too_many else [position_initial(p) for p in positions],
        fixed_positions=[position_data(p) for p in positions] if too_many else None,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            letter_update(actor=actor, letter=letter, data=editor.data())
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("The changes to %(reference)s are saved.") % {"reference": letter.reference})
            return redirect("demand_detail", letter_id=letter.pk)
    elif request.method == "POST":
        _check_the_rest(editor)
    return _editor_page(request, editor, letter, too_many=len(positions) if too_many else 0)


def _employer_context(request: HttpRequest, letter: DemandLetter) -> dict[str, Any]:
    actor = request.user
    editable = letter.status in EDITABLE_STATUSES
    context: dict[str, Any] = {"editable": editable}
    if editable:
        report = build_report(letter_precheck(actor=actor, letter=letter), letter)
        context["report"] = report
        allowed, why = organisation_can_submit(organisation=letter.employer)
        context["can_submit_employer"], context["cannot_submit_reason"] = allowed, why
    elif letter.status != LetterStatus.DRAFT:
        context["recorded_report"] = build_report(list(letter.findings.all()), letter)
    context["can_close"] = bool(letter_actions(letter=letter, among=("close",)))
    return context


def _letter_page(request: HttpRequest, letter: DemandLetter, *, attachment_form: Any = None,
                 close_form: Any = None, filled_form: FilledForm | None = None, refuse_form: Any = None,
                 status: int = 200) -> HttpResponse:
    actor = request.user
    is_employer = perms.can_draft_letter(actor, letter)
    is_agency = perms.is_agency_staff(actor)
    is_attache = perms.is_attache(actor)
    allocations = list(letter.allocations.all())  # scoped by the selector: an agency sees its own
    context: dict[str, Any] = {
        "letter": letter, "positions": list(letter.positions.all()), "attachments": list(letter.attachments.all()),
        "timeline": letter_timeline(letter, actor), "is_employer": is_employer, "is_agency": is_agency,
        "is_attache": is_attache,
        "allocations": allocations,
        "allocated_total": sum(a.workers for a in allocations),
        "overdue": letter_is_overdue(letter=letter),
    }
    if is_employer:
        context.update(_employer_context(request, letter))
        context["attachment_form"] = attachment_form or AttachmentForm()
        context["close_form"] = close_form or ReasonForm(prefix="close")
    if is_attache and perms.can_attest_letter(actor, letter) and letter_actions(letter=letter, among=("attest",)):
        context["can_attest"] = True
        context["refuse_form"] = refuse_form or ReasonForm(prefix="refuse")
    if is_agency or permissions.is_ministry(actor):
        context["work_actions"] = letter_actions(letter=letter, among=WORK_ACTIONS)
    if is_agency:  # its own allocation only (the selector's prefetch)
        with_filled_forms(allocations, letter, filled_form)
    bound = [f for f in (attachment_form, close_form, filled_form, refuse_form) if f is not None and f.is_bound]
    context["error_summary"] = [item for f in bound for item in form_error_items(f)]
    return render(request, "demand/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def demand_detail_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = letter_or_404(request, letter_id)
    if permissions.is_ministry(actor):
        return redirect("demand_review", letter_id=letter.pk)
    if request.method == "GET":
        return _letter_page(request, letter)

    action = request.POST.get("action", "")
    if action == "attach":
        permissions.require(perms.can_draft_letter(actor, letter))
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = attachment_add(actor=actor, letter=letter, upload=form.cleaned_data["upload"],
                                            kind=form.cleaned_data["kind"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "status" in exc.error_dict:
                    flash_errors(request, exc)
                    return redirect("demand_detail", letter_id=letter.pk)
                for key, msgs in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    form.add_error("upload" if key in ("upload", None) else key if key in form.fields else None, msgs)
            else:
                messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
                return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, attachment_form=form)
    if action == "remove_attachment":
        permissions.require(perms.can_draft_letter(actor, letter))
        attachment = next((a for a in letter.attachments.all() if str(a.pk) == request.POST.get("attachment")), None)
        if attachment is None:
            raise Http404
        try:
            attachment_remove(actor=actor, attachment=attachment)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
        return redirect("demand_detail", letter_id=letter.pk)
    if action == "close":
        permissions.require(perms.can_close_letter(actor, letter))
        form = ReasonForm(request.POST, prefix="close", required_message=_("Say why the demand is closed."))
        if form.is_valid():
            try:
                letter_close(actor=actor, letter=letter, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The demand is closed. Positions not filled go back to the quota."))
                return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, close_form=form)
    if action == "attest":
        permissions.require(perms.can_attest_letter(actor, letter))
        try:
            letter_attest(actor=actor, letter=letter)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("%(reference)s is attested. It goes to the Ministry's review; the employer "
                                        "is told.") % {"reference": letter.reference})
        return redirect("demand_detail", letter_id=letter.pk)
    if action == "refuse_attestation":
        permissions.require(perms.can_attest_letter(actor, letter))
        form = ReasonForm(request.POST, prefix="refuse",
                          required_message=_("Say why the letter cannot be attested: the employer reads it."))
        if form.is_valid():
            try:
                letter_refuse_attestation(actor=actor, letter=letter, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "status" in exc.error_dict:
                    flash_errors(request, exc)
                    return redirect("demand_detail", letter_id=letter.pk)
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The attestation of %(reference)s is refused. The letter goes back to "
                                            "the employer with your reason.") % {"reference": letter.reference})
                return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, refuse_form=form)
    if action == "set_filled":
        permissions.require(perms.can_work_letter(actor, letter))
        form = record_filled(request, letter)
        if form is None:
            return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, filled_form=form)
    if action in ("start_recruiting", "fill"):
        permissions.require(perms.can_work_letter(actor, letter))
        try:
            (letter_start_recruiting if action == "start_recruiting" else letter_fill)(actor=actor, letter=letter)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Recruiting has started.") if action == "start_recruiting"
                             else _("The letter is marked filled."))
        return redirect("demand_detail", letter_id=letter.pk)
    raise Http404


def _precheck_page(request: HttpRequest, letter: DemandLetter, findings: list[Any], *, refused: bool = False
                   ) -> HttpResponse:
    actor = request.user
    is_employer = perms.can_draft_letter(actor, letter)
    allowed, why = organisation_can_submit(organisation=letter.employer) if is_employer else (False, "")
    return render(request, "demand/precheck.html", {
        "letter": letter, "report": build_report(findings, letter), "refused": refused,
        "is_employer": is_employer, "editable": letter.status in EDITABLE_STATUSES,
        "can_submit_employer": allowed, "cannot_submit_reason": why,
        "checked_on": timezone.localdate(), "is_ministry": permissions.is_ministry(actor),
    })


@login_required
@require_GET
def demand_precheck_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = letter_or_404(request, letter_id)
    permissions.require(perms.can_precheck_letter(actor, letter))
    return _precheck_page(request, letter, letter_precheck(actor=actor, letter=letter))


@login_required
@require_POST
def demand_submit_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = letter_or_404(request, letter_id)
    permissions.require(perms.can_draft_letter(actor, letter))
    try:
        letter = letter_submit(actor=actor, letter=letter)
    except SubmissionBlocked as exc:
        return _precheck_page(request, letter, exc.findings, refused=True)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("demand_detail", letter_id=letter.pk)
    if letter.status == LetterStatus.ATTESTATION:
        messages.success(request, _(
            "%(reference)s is submitted and has arrived: it now goes to the labour attaché for attestation, then to "
            "the Ministry's review.") % {"reference": letter.reference})
    else:
        messages.success(request, _(
            "%(reference)s is submitted and has arrived at the Ministry, which decides by %(date)s.") % {
            "reference": letter.reference, "date": date_text(letter.review_due)})
    return redirect("demand_detail", letter_id=letter.pk)


def _drafting_letter(request: HttpRequest, letter_id: int) -> DemandLetter:
    letter = letter_or_404(request, letter_id)
    permissions.require(perms.can_draft_letter(request.user, letter))
    return letter


@login_required
@require_GET
def demand_template_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The positions workbook for the letter's agreement, in the language of the page."""
    letter = _drafting_letter(request, letter_id)
    language = "km" if is_km() else "en"
    response = HttpResponse(build_template(agreement=letter.agreement, language=language), content_type=XLSX_TYPE)
    name = f"demand-positions-{letter.agreement.partner_country.iso2.lower()}-{language}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def demand_upload_view(request: HttpRequest, letter_id: int) -> HttpResponse:
    """Upload a filled-in template. The file is checked (size, really .xlsx, no bomb, no formulas, row cap)
    before anything is stored; then the import runs as a background job."""
    actor = request.user
    letter = _drafting_letter(request, letter_id)
    if letter.status not in EDITABLE_STATUSES:
        messages.info(request, _("This letter is %(status)s: its positions can no longer be changed.")
                      % {"status": letter.get_status_display().lower()})
        return redirect("demand_detail", letter_id=letter.pk)
    existing = letter.position_count
    form = PositionsUploadForm(request.POST or None, request.FILES or None, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            job = positions_import_start(actor=actor, letter=letter, upload=form.cleaned_data["workbook"],
                                         language="km" if is_km() else "en")
        except ValidationError as exc:
            for message in exc.message_dict.get("file", []) + exc.message_dict.get("status", []):
                form.add_error("workbook", message)
        else:
            messages.info(request, _("The workbook is being imported. This page shows how far it has got."))
            return redirect("demand_import", letter_id=letter.pk, job_id=job.pk)
    return render(request, "demand/upload.html", {
        "letter": letter, "form": form, "existing": existing, "max_rows": settings.SPREADSHEET_MAX_ROWS,
        "max_mb": settings.SPREADSHEET_MAX_BYTES // (1024 * 1024),
        "error_summary": form_error_items(form) if form.is_bound else [],
    })


def _import_job(request: HttpRequest, letter_id: int, job_id: int) -> tuple[DemandLetter, Job]:
    letter = _drafting_letter(request, letter_id)
    job = job_get(actor=request.user, job_id=job_id)
    if job is None or job.kind != POSITIONS_IMPORT_JOB or job.params.get("letter_id") != letter.pk:
        raise Http404
    return letter, job


def _import_context(letter: DemandLetter, job: Job) -> dict[str, Any]:
    errors = import_report(job=job) if job.status == JobStatus.REJECTED else []
    return {"letter": letter, "job": job, "errors": errors,
            "error_count": job.params.get("error_count", len(errors))}


@login_required
@require_GET
def demand_import_view(request: HttpRequest, letter_id: int, job_id: int) -> HttpResponse:
    letter, job = _import_job(request, letter_id, job_id)
    return render(request, "demand/import.html", _import_context(letter, job))


@login_required
@require_GET
def demand_import_status_view(request: HttpRequest, letter_id: int, job_id: int) -> HttpResponse:
    """The progress fragment with, once the job has failed, the error report (polled by htmx)."""
    letter, job = _import_job(request, letter_id, job_id)
    response = render(request, "demand/_import_status.html", _import_context(letter, job))
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def employer_profile_view(request: HttpRequest) -> HttpResponse:
    """An employer's own profile (legal name, registration, contact): needed before filing demand."""
    actor = request.user
    permissions.require(perms.is_employer_staff(actor))
    organisation = actor.organisation
    profile = employer_get(actor=actor, organisation_id=organisation.pk)
    form = employer_profile_form(request, actor=actor, organisation=organisation, profile=profile,
                         bound=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        try:
            employer_profile_save(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your employer profile is saved."))
            return redirect("demand_list")
    can_submit, why = organisation_can_submit(organisation=organisation) if profile else (False, "")
    return render(request, "demand/profile.html", {
        "profile": profile, "form": form, "can_submit": can_submit, "why": why,
        "accreditation_pending": profile is not None and profile.accreditation == Accreditation.PENDING,
        "error_summary": form_error_items(form) if form.is_bound else [],
    })
