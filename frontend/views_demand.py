"""The demand pages: employers file and follow their demand letters, the ministry reviews them (with the
screening report beside the agreement's terms), draws quota and allocates positions to agencies, and
agencies follow the demand allocated to them.

As everywhere in frontend: a view parses the request, calls a selector or a service, and renders. Who may
open a page comes from demand.permissions and the scoped selectors: a page the actor's role has no
business on is a 403, a letter the actor may not see (another employer's, one not allocated to the
agency) is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from audit.selectors import audit_event_list
from demand import permissions as perms
from demand.models import Accreditation, Allocation, DemandLetter, LetterStatus, Severity, Sex
from demand.screening import VALUE_LABELS
from demand.selectors import (
    employer_get,
    employer_list,
    employer_organisation_get,
    employer_organisation_list,
    event_who,
    letter_events,
    letter_get,
    letter_is_overdue,
    letter_list,
    letter_review_queue,
    licensed_agency_list,
    quota_usage,
)
from demand.services import (
    EDITABLE_STATUSES,
    FILLABLE_STATUSES,
    TRANSITIONS,
    SubmissionBlocked,
    allocation_set_filled,
    attachment_add,
    employer_profile_save,
    employer_set_accreditation,
    letter_allocate,
    letter_close,
    letter_create,
    letter_decide,
    letter_decision_list,
    letter_fill,
    letter_precheck,
    letter_revoke,
    letter_start_recruiting,
    letter_submit,
    letter_update,
    organisation_can_submit,
)
from demand.spreadsheets import POSITIONS_IMPORT_JOB, build_template, positions_import_start
from jobs.models import Job, JobStatus
from jobs.selectors import job_get
from mou.models import AgreementStatus, AgreementVersion, Payer
from mou.selectors import agreement_get, agreement_list, agreement_version_in_force, version_prefetch

from .forms import TermChoices, form_error_items
from .forms_demand import (
    EDITOR_MAX_POSITIONS,
    AccreditationForm,
    AllocationForm,
    AttachmentForm,
    DecisionForm,
    EmployerFilterForm,
    EmployerProfileForm,
    FilledForm,
    LetterEditor,
    LetterFilterForm,
    PositionChoices,
    PositionsUploadForm,
    QuotaFilterForm,
    ReasonForm,
    ReviewQueueFilterForm,
    position_data,
    position_initial,
)
from .labels import audit_action_label

PAGE_SIZE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, items: QuerySet[Any] | list[Any]) -> Page:
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read once: the rows get extra attributes below
    return page


def _is_km() -> bool:
    return (get_language() or "").startswith("km")


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names, or at the top."""
    if hasattr(exc, "error_dict"):
        for key, msgs in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, msgs)
    else:
        form.add_error(None, exc.messages)


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------------------------------
# Who sees demand at all, and one letter


def can_see_demand(actor: Any) -> bool:
    """Demand pages are for ministry staff, employers' staff and agencies' staff (each scoped by the selectors)."""
    return permissions.is_ministry(actor) or perms.is_employer_staff(actor) or perms.is_agency_staff(actor)


def _letter(request: HttpRequest, letter_id: int) -> DemandLetter:
    permissions.require(can_see_demand(request.user))
    letter = letter_get(actor=request.user, letter_id=letter_id)
    if letter is None:
        raise Http404
    return letter


# ---------------------------------------------------------------------------------------------------
# The status timeline (from the letter's audit events, else from its own dates)


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
        steps.append(Step(label=_("Decision due by %(date)s") % {"date": _date(letter.review_due)},
                          upcoming=True, warn=overdue))
    elif letter.status in NEXT_STEP:
        steps.append(Step(label=NEXT_STEP[letter.status], upcoming=True))
    return steps


def _date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


# ---------------------------------------------------------------------------------------------------
# The screening report


# Labels of the values findings compare: each screening rule declares its own (demand.screening registry).
HIDDEN_VALUES = {"agreement", "employer", "field", "positions"}


@dataclass
class ReportFinding:
    rule: str
    severity: str
    clause: str
    message: str
    line: int | None
    values: list[tuple[Any, list[str]]]

    @property
    def is_blocker(self) -> bool:
        return self.severity == Severity.BLOCKER


@dataclass
class ReportGroup:
    line: int | None
    position: Any
    findings: list[ReportFinding] = field(default_factory=list)


@dataclass
class Report:
    groups: list[ReportGroup]
    blockers: int
    warnings: int
    checked: bool = True  # False: nothing recorded (e.g. a letter filed before screening existed)

    @property
    def clean(self) -> bool:
        return not self.blockers and not self.warnings


# Stored codes among the values compared, as they read on the page.
VALUE_CHOICES: dict[str, dict[str, Any]] = {
    "required_sex": dict(Sex.choices),
    "payer": dict(Payer.choices),
    "accreditation": dict(Accreditation.choices),
    "missing": VALUE_LABELS,  # the names of missing fields (e.g. attestation_date)
}


def _value_lines(key: str, value: Any) -> list[str]:
    from .labels import value_lines

    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    choices = VALUE_CHOICES.get(key)
    if choices is not None:
        items = value if isinstance(value, list) else [value]
        return [str(choices.get(item, item)) if isinstance(item, str) else str(item) for item in items] or ["—"]
    return value_lines(value)


def build_report(findings: list[Any], letter: DemandLetter) -> Report:
    """Findings (screening's FindingData, or the Finding rows recorded at submission) grouped as the reviewer
    reads them: the letter's own first, then each position in line order, each with the values compared."""
    positions = {p.line: p for p in letter.positions.all()}
    groups: dict[int | None, ReportGroup] = {}
    blockers = warnings = 0
    for f in findings:
        line = getattr(f, "position_line", None)
        if line is None and getattr(f, "position", None) is not None:
            line = f.position.line
        values = [(VALUE_LABELS.get(k, k.replace("_", " ")), _value_lines(k, v))
                  for k, v in (f.values or {}).items() if k not in HIDDEN_VALUES and v not in (None, "", [])]
        item = ReportFinding(rule=f.rule, severity=f.severity, clause=f.clause, line=line, values=values,
                             message=f.message_km if _is_km() else f.message_en)
        group = groups.setdefault(line, ReportGroup(line=line, position=positions.get(line)))
        group.findings.append(item)
        if item.is_blocker:
            blockers += 1
        else:
            warnings += 1
    ordered = sorted(groups.values(), key=lambda g: (g.line is not None, g.line or 0))
    for group in ordered:
        group.findings.sort(key=lambda f: (not f.is_blocker,))
    return Report(groups=ordered, blockers=blockers, warnings=warnings)


# ---------------------------------------------------------------------------------------------------
# Lists


def _mark_rows(letters: list[DemandLetter]) -> None:
    today = timezone.localdate()
    for letter in letters:
        overdue = letter_is_overdue(letter=letter, today=today)
        letter.overdue_days = (today - letter.review_due).days if overdue else 0


@login_required
@require_GET
def demand_list(request: HttpRequest) -> HttpResponse:
    """My demand letters (employer), Allocated demand (agency), every letter (ministry)."""
    actor = request.user
    permissions.require(can_see_demand(actor))
    form = LetterFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    page = _page(request, letter_list(actor=actor, status=status or None, order="newest"))
    _mark_rows(page.object_list)
    is_employer = perms.is_employer_staff(actor)
    profile = employer_get(actor=actor, organisation_id=actor.organisation_id) if is_employer else None
    return render(request, "frontend/demand/list.html", {
        "page": page, "form": form, "filtered": bool(status), "is_employer": is_employer,
        "is_agency": perms.is_agency_staff(actor), "is_ministry": permissions.is_ministry(actor),
        "profile": profile,
    })


# ---------------------------------------------------------------------------------------------------
# The editor


def _versions_in_force(agreements: list[Any]) -> list[AgreementVersion | None]:
    out = []
    for agreement in agreements:
        version = agreement_version_in_force(agreement=agreement)
        out.append(AgreementVersion.objects.prefetch_related("sectors").get(pk=version.pk) if version else None)
    return out


def _editor_page(request: HttpRequest, editor: LetterEditor, letter: DemandLetter | None, **extra: Any
                 ) -> HttpResponse:
    return render(request, "frontend/demand/editor.html", {
        "editor": editor, "letter": letter, "occupations": editor.choices.occupations,
        "error_summary": editor.error_summary() if editor.letter_form.is_bound else [], **extra,
    })


@login_required
@require_http_methods(["GET", "POST"])
def demand_create(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.is_employer_staff(actor), _("Only an employer's staff can file demand."))
    agreements = list(agreement_list(actor=actor, status=AgreementStatus.IN_FORCE))
    profile = employer_get(actor=actor, organisation_id=actor.organisation_id)
    choices = PositionChoices.load(versions=_versions_in_force(agreements))
    editor = LetterEditor(
        data=request.POST if request.method == "POST" else None, choices=choices,
        agreements=[(a.pk, f"{a.title} ({a.partner_country.name})") for a in agreements],
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
    return _editor_page(request, editor, None, agreements=agreements, profile=profile)


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = _letter(request, letter_id)
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
        initial={"valid_from": letter.valid_from, "valid_until": letter.valid_until,
                 "attestation_date": letter.attestation_date, "attestation_officer": letter.attestation_officer},
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
    return _editor_page(request, editor, letter, too_many=len(positions) if too_many else 0)


# ---------------------------------------------------------------------------------------------------
# The letter page (employer, agency)


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
    context["can_close"] = letter.status in TRANSITIONS["close"].sources
    return context


# ---------------------------------------------------------------------------------------------------
# Positions filled, per allocation (an agency on its letter page, the ministry on the review page)


def _with_filled_forms(allocations: list[Allocation], letter: DemandLetter, bound: FilledForm | None = None
                       ) -> list[Allocation]:
    """Give each allocation its "positions filled" form (`filled_form`) while the letter takes them; the one
    just posted keeps its input and errors. Only for those who may record them (see the callers)."""
    for allocation in allocations:
        if bound is not None and bound.allocation.pk == allocation.pk:
            allocation.filled_form = bound
        elif letter.status in FILLABLE_STATUSES:
            allocation.filled_form = FilledForm(allocation=allocation)
    return allocations


def _record_filled(request: HttpRequest, letter: DemandLetter) -> FilledForm | None:
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
                _flash_errors(request, exc)  # the letter has moved on: nothing in the form to correct
                return None
            _add_errors(form, exc)
        else:
            messages.success(request, _("Positions filled for %(agency)s: %(filled)s of %(workers)s.") % {
                "agency": allocation.agency.name, "filled": allocation.filled, "workers": allocation.workers})
            return None
    return form


def _letter_page(request: HttpRequest, letter: DemandLetter, *, attachment_form: Any = None,
                 close_form: Any = None, filled_form: FilledForm | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    is_employer = perms.can_draft_letter(actor, letter)
    is_agency = perms.is_agency_staff(actor)
    allocations = list(letter.allocations.all())  # scoped by the selector: an agency sees its own
    context: dict[str, Any] = {
        "letter": letter, "positions": list(letter.positions.all()), "attachments": list(letter.attachments.all()),
        "timeline": letter_timeline(letter, actor), "is_employer": is_employer, "is_agency": is_agency,
        "allocations": allocations,
        "allocated_total": sum(a.workers for a in allocations),
        "overdue": letter_is_overdue(letter=letter),
    }
    if is_employer:
        context.update(_employer_context(request, letter))
        context["attachment_form"] = attachment_form or AttachmentForm()
        context["close_form"] = close_form or ReasonForm(prefix="close")
    if is_agency or permissions.is_ministry(actor):
        context["work_actions"] = [a for a in ("start_recruiting", "fill") if letter.status in TRANSITIONS[a].sources]
    if is_agency:  # its own allocation only (the selector's prefetch)
        _with_filled_forms(allocations, letter, filled_form)
    bound = [f for f in (attachment_form, close_form, filled_form) if f is not None and f.is_bound]
    context["error_summary"] = [item for f in bound for item in form_error_items(f)]
    return render(request, "frontend/demand/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def demand_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = _letter(request, letter_id)
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
                    _flash_errors(request, exc)
                    return redirect("demand_detail", letter_id=letter.pk)
                for key, msgs in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    form.add_error("upload" if key in ("upload", None) else key if key in form.fields else None, msgs)
            else:
                messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
                return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, attachment_form=form)
    if action == "close":
        permissions.require(perms.can_close_letter(actor, letter))
        form = ReasonForm(request.POST, prefix="close", required_message=_("Say why the demand is closed."))
        if form.is_valid():
            try:
                letter_close(actor=actor, letter=letter, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The demand is closed. Positions not filled go back to the quota."))
                return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, close_form=form)
    if action == "set_filled":
        permissions.require(perms.can_work_letter(actor, letter))
        form = _record_filled(request, letter)
        if form is None:
            return redirect("demand_detail", letter_id=letter.pk)
        return _letter_page(request, letter, filled_form=form)
    if action in ("start_recruiting", "fill"):
        permissions.require(perms.can_work_letter(actor, letter))
        try:
            (letter_start_recruiting if action == "start_recruiting" else letter_fill)(actor=actor, letter=letter)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Recruiting has started.") if action == "start_recruiting"
                             else _("The letter is marked filled."))
        return redirect("demand_detail", letter_id=letter.pk)
    raise Http404


@login_required
@require_GET
def demand_attachment(request: HttpRequest, letter_id: int, attachment_id: int) -> FileResponse:
    """An attachment, served only to those who can see its letter (never from a public media URL)."""
    letter = _letter(request, letter_id)
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


# ---------------------------------------------------------------------------------------------------
# Pre-check and submission


def _precheck_page(request: HttpRequest, letter: DemandLetter, findings: list[Any], *, refused: bool = False
                   ) -> HttpResponse:
    actor = request.user
    is_employer = perms.can_draft_letter(actor, letter)
    allowed, why = organisation_can_submit(organisation=letter.employer) if is_employer else (False, "")
    return render(request, "frontend/demand/precheck.html", {
        "letter": letter, "report": build_report(findings, letter), "refused": refused,
        "is_employer": is_employer, "editable": letter.status in EDITABLE_STATUSES,
        "can_submit_employer": allowed, "cannot_submit_reason": why,
        "checked_on": timezone.localdate(), "is_ministry": permissions.is_ministry(actor),
    })


@login_required
@require_GET
def demand_precheck(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = _letter(request, letter_id)
    permissions.require(perms.can_precheck_letter(actor, letter))
    return _precheck_page(request, letter, letter_precheck(actor=actor, letter=letter))


@login_required
@require_POST
def demand_submit(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    letter = _letter(request, letter_id)
    permissions.require(perms.can_draft_letter(actor, letter))
    try:
        letter = letter_submit(actor=actor, letter=letter)
    except SubmissionBlocked as exc:
        return _precheck_page(request, letter, exc.findings, refused=True)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("demand_detail", letter_id=letter.pk)
    messages.success(request, _("%(reference)s is submitted. The ministry decides by %(date)s.") % {
        "reference": letter.reference, "date": _date(letter.review_due)})
    return redirect("demand_detail", letter_id=letter.pk)


# ---------------------------------------------------------------------------------------------------
# Positions by spreadsheet


def _drafting_letter(request: HttpRequest, letter_id: int) -> DemandLetter:
    letter = _letter(request, letter_id)
    permissions.require(perms.can_draft_letter(request.user, letter))
    return letter


@login_required
@require_GET
def demand_template(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The positions workbook for the letter's agreement, in the language of the page."""
    letter = _drafting_letter(request, letter_id)
    language = "km" if _is_km() else "en"
    response = HttpResponse(build_template(agreement=letter.agreement, language=language), content_type=XLSX_TYPE)
    name = f"demand-positions-{letter.agreement.partner_country.iso2.lower()}-{language}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def demand_upload(request: HttpRequest, letter_id: int) -> HttpResponse:
    """Upload a filled-in template. The file is checked (size, really .xlsx, no bomb, no formulas, row cap)
    before anything is stored; then the import runs as a background job."""
    actor = request.user
    letter = _drafting_letter(request, letter_id)
    if letter.status not in EDITABLE_STATUSES:
        messages.info(request, _("This letter is %(status)s: its positions can no longer be changed.")
                      % {"status": letter.get_status_display().lower()})
        return redirect("demand_detail", letter_id=letter.pk)
    form = PositionsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = positions_import_start(actor=actor, letter=letter, upload=form.cleaned_data["workbook"],
                                         language="km" if _is_km() else "en")
        except ValidationError as exc:
            for message in exc.message_dict.get("file", []) + exc.message_dict.get("status", []):
                form.add_error("workbook", message)
        else:
            messages.info(request, _("The workbook is being imported. This page shows how far it has got."))
            return redirect("demand_import", letter_id=letter.pk, job_id=job.pk)
    return render(request, "frontend/demand/upload.html", {
        "letter": letter, "form": form, "max_rows": settings.SPREADSHEET_MAX_ROWS,
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
    errors = (job.params.get("errors") or []) if job.status == JobStatus.FAILED else []
    return {"letter": letter, "job": job, "errors": errors,
            "error_count": job.params.get("error_count", len(errors))}


@login_required
@require_GET
def demand_import(request: HttpRequest, letter_id: int, job_id: int) -> HttpResponse:
    letter, job = _import_job(request, letter_id, job_id)
    return render(request, "frontend/demand/import.html", _import_context(letter, job))


@login_required
@require_GET
def demand_import_status(request: HttpRequest, letter_id: int, job_id: int) -> HttpResponse:
    """The progress fragment with, once the job has failed, the error report (polled by htmx)."""
    letter, job = _import_job(request, letter_id, job_id)
    response = render(request, "frontend/demand/_import_status.html", _import_context(letter, job))
    add_never_cache_headers(response)
    return response


# ---------------------------------------------------------------------------------------------------
# Ministry: review queue and review page


def _agreement_choices(actor: Any) -> list[tuple[int, str]]:
    return [(a.pk, f"{a.partner_country.name} — {a.title}") for a in agreement_list(actor=actor)]


@login_required
@require_GET
def demand_review_queue(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_review_letters(actor))
    form = ReviewQueueFilterForm(request.GET or None, agreements=_agreement_choices(actor),
                                 sectors=TermChoices.load(actor=actor).sector_choices(blank=False))
    filters = form.cleaned_data if form.is_valid() else {}
    letters = letter_review_queue(
        actor=actor, agreement=filters.get("agreement"), sector=filters.get("sector") or None,
        status=filters.get("status") or None, overdue=form.overdue_value() if filters else None,
    )
    page = _page(request, letters)
    _mark_rows(page.object_list)
    return render(request, "frontend/demand/queue.html", {
        "form": form, "page": page, "filtered": bool(filters and any(v not in (None, "") for v in filters.values())),
    })


def _review_terms(letter: DemandLetter, actor: Any) -> dict[str, Any]:
    """The terms the findings are judged against: the version recorded at submission, else the one in force,
    with only the wage floors and quotas of the letter's sectors."""
    version_id = letter.version_id or getattr(agreement_version_in_force(agreement=letter.agreement), "pk", None)
    if version_id is None:
        return {"version": None}
    version = AgreementVersion.objects.prefetch_related(*version_prefetch()).get(pk=version_id)
    positions = list(letter.positions.all())
    codes = {p.sector.code for p in positions} | {p.sector.parent.code for p in positions if p.sector.parent_id}
    year = timezone.localdate().year
    return {
        "version": version,
        "floors": [w for w in version.wage_floors.all() if w.sector.code in codes] or list(version.wage_floors.all()),
        "quota_year": year,
        "quota_lines": [q for q in quota_usage(actor=actor, agreement=letter.agreement, year=year)
                        if q.sector_code in codes],
    }


def _review_page(request: HttpRequest, letter: DemandLetter, *, bound: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    allowed = letter_decision_list(letter=letter)
    forms_: dict[str, Any] = {
        "decision": DecisionForm(allowed=allowed) if allowed else None,
        "allocate": (AllocationForm(agencies=list(licensed_agency_list(actor=request.user)))
                     if letter.status in TRANSITIONS["allocate"].sources else None),
        "revoke": (ReasonForm(prefix="revoke") if letter.status in TRANSITIONS["revoke"].sources else None),
        "close": (ReasonForm(prefix="close") if letter.status in TRANSITIONS["close"].sources else None),
    }
    if bound is not None:
        forms_[bound[0]] = bound[1]
    recorded = list(letter.findings.all())
    live = letter.status == LetterStatus.DRAFT or (not recorded and letter.submitted_at is None)
    report = build_report(letter_precheck(actor=actor, letter=letter) if live else recorded, letter)
    approved = sum(d.workers - d.returned for d in letter.quota_draws.all())
    allocated = sum(a.workers for a in letter.allocations.all())
    profile = employer_get(actor=actor, organisation_id=letter.employer_id)
    can_submit, why = organisation_can_submit(organisation=letter.employer)
    error_form = bound[1] if bound is not None else None
    return render(request, "frontend/demand/review.html", {
        "letter": letter, "positions": list(letter.positions.all()), "attachments": list(letter.attachments.all()),
        "report": report, "report_is_live": live, "profile": profile, "employer_ok": can_submit,
        "employer_problem": why, "forms": forms_, "decisions": allowed, "approved_workers": approved,
        "allocated_workers": allocated, "unallocated": max(approved - allocated, 0),
        "allocations": _with_filled_forms(list(letter.allocations.all()), letter,
                                          bound[1] if bound is not None and bound[0] == "filled" else None),
        "overdue": letter_is_overdue(letter=letter),
        "overdue_days": (timezone.localdate() - letter.review_due).days if letter_is_overdue(letter=letter) else 0,
        "timeline": letter_timeline(letter, actor),
        "audit_events": audit_event_list(actor=actor, target=letter)[:100],
        "error_summary": form_error_items(error_form) if error_form is not None else [],
        **_review_terms(letter, actor),
    }, status=status)


DECISION_DONE = {
    "start_review": gettext_lazy("You have taken %(reference)s into review."),
    "approve": gettext_lazy("%(reference)s is approved. Its workers are drawn from the quota."),
    "return": gettext_lazy("%(reference)s is returned to the employer for changes."),
    "reject": gettext_lazy("%(reference)s is rejected."),
}


@login_required
@require_http_methods(["GET", "POST"])
def demand_review(request: HttpRequest, letter_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_review_letters(actor))
    letter = _letter(request, letter_id)
    if request.method == "GET":
        return _review_page(request, letter)

    action = request.POST.get("action", "")
    done = redirect("demand_review", letter_id=letter.pk)
    if action == "decide":
        form = DecisionForm(request.POST, allowed=letter_decision_list(letter=letter))
        if form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                letter_decide(actor=actor, letter=letter, decision=decision, reason=reason)
            except ValidationError as exc:
                _add_errors(form, exc)
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
                _add_errors(form, exc)
            else:
                messages.success(request, _("The approval is revoked. Positions not filled go back to the quota.")
                                 if action == "revoke" else
                                 _("The demand is closed. Positions not filled go back to the quota."))
                return done
        return _review_page(request, letter, bound=(action, form))
    if action == "set_filled":
        form = _record_filled(request, letter)
        if form is None:
            return done
        return _review_page(request, letter, bound=("filled", form))
    if action in ("start_recruiting", "fill"):
        try:
            (letter_start_recruiting if action == "start_recruiting" else letter_fill)(actor=actor, letter=letter)
        except ValidationError as exc:
            _flash_errors(request, exc)
        return done
    raise Http404


# ---------------------------------------------------------------------------------------------------
# Ministry: quotas


@login_required
@require_GET
def demand_quota(request: HttpRequest) -> HttpResponse:
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
    years = {today.year}
    if agreement is not None:
        version = agreement_version_in_force(agreement=agreement) or agreement.versions.order_by("-number").first()
        if version is not None:
            years |= {q.year for q in version.quotas.all()}
    years_sorted = sorted(years, reverse=True)
    year = today.year
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    form = QuotaFilterForm(initial={"agreement": agreement.pk if agreement else None, "year": year},
                           agreements=[(a.pk, f"{a.partner_country.name} — {a.title}") for a in agreements],
                           years=years_sorted)
    usage = quota_usage(actor=actor, agreement=agreement, year=year) if agreement else []
    # Each line (one per quota pool) with the thresholds of its bar: amber from three quarters of the cap, red
    # from nine tenths; a sector-wide line says whether some occupations of its sector have pools of their own.
    split = {q.sector_code for q in usage if q.occupation_code}
    lines = [SimpleNamespace(**asdict(q), key=q.key, remaining=q.remaining, percent_approved=q.percent_approved,
                             others_only=q.occupation_code is None and q.sector_code in split,
                             low=(q.cap or 0) * 3 // 4, high=(q.cap or 0) * 9 // 10) for q in usage]
    return render(request, "frontend/demand/quota.html", {
        "form": form, "agreement": agreement, "year": year, "lines": lines,
        "totals": {name: sum(getattr(q, name) or 0 for q in usage)
                   for name in ("cap", "approved", "allocated", "used", "remaining")},
    })


# ---------------------------------------------------------------------------------------------------
# Employers: the ministry's list and accreditation, the employer's own profile


@login_required
@require_GET
def demand_employer_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_set_accreditation(actor))
    form = EmployerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = employer_list(actor=actor, accreditation=filters.get("accreditation") or None,
                             search=filters.get("q", ""))
    without_profile = employer_organisation_list(actor=actor, without_profile=True)
    return render(request, "frontend/demand/employers.html", {
        "form": form, "page": _page(request, profiles), "filtered": bool(filters and any(filters.values())),
        "today": timezone.localdate(),
        "without_profile": Paginator(without_profile, PAGE_SIZE).get_page(request.GET.get("orgs_page")),
    })


def _profile_form(request: HttpRequest, *, actor: Any, organisation: Any, profile: Any, with_reason: bool = False,
                  bound: bool = True) -> EmployerProfileForm:
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


@login_required
@require_http_methods(["GET", "POST"])
def demand_employer_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
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
    profile_form = _profile_form(request, actor=actor, organisation=organisation, profile=profile,
                                 with_reason=True, bound=editing_profile)
    form = AccreditationForm(request.POST if request.method == "POST" and not editing_profile else None, initial={
        "status": profile.accreditation, "until": profile.accredited_until or profile.banned_until,
    } if profile else None)
    if editing_profile and profile_form.is_valid():
        try:
            employer_profile_save(actor=actor, organisation=organisation, **profile_form.cleaned_data)
        except ValidationError as exc:
            _add_errors(profile_form, exc)
        else:
            messages.success(request, _("The profile of %(name)s is saved; the employer is told of the change.")
                             % {"name": profile_form.cleaned_data["legal_name"]})
            return redirect("demand_employer_detail", organisation_id=organisation_id)
    elif form.is_bound and profile is not None and form.is_valid():
        try:
            employer_set_accreditation(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The accreditation of %(name)s is changed.") % {"name": profile.legal_name})
            return redirect("demand_employer_detail", organisation_id=organisation_id)
    can_submit, why = organisation_can_submit(organisation=organisation) if profile else (False, "")
    bound_form = profile_form if editing_profile else form
    return render(request, "frontend/demand/employer_detail.html", {
        "organisation": organisation, "profile": profile, "form": form, "profile_form": profile_form,
        "editing_profile": editing_profile, "can_submit": can_submit, "why": why,
        "letters": letter_list(actor=actor, order="newest").filter(employer_id=organisation_id)[:20],
        "audit_events": audit_event_list(actor=actor, target=profile)[:50] if profile else [],
        "error_summary": form_error_items(bound_form) if bound_form.is_bound else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def employer_profile(request: HttpRequest) -> HttpResponse:
    """An employer's own profile (legal name, registration, contact): needed before filing demand."""
    actor = request.user
    permissions.require(perms.is_employer_staff(actor))
    organisation = actor.organisation
    profile = employer_get(actor=actor, organisation_id=organisation.pk)
    form = _profile_form(request, actor=actor, organisation=organisation, profile=profile,
                         bound=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        try:
            employer_profile_save(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your employer profile is saved."))
            return redirect("demand_list")
    can_submit, why = organisation_can_submit(organisation=organisation) if profile else (False, "")
    return render(request, "frontend/demand/profile.html", {
        "profile": profile, "form": form, "can_submit": can_submit, "why": why,
        "accreditation_pending": profile is not None and profile.accreditation == Accreditation.PENDING,
        "error_summary": form_error_items(form) if form.is_bound else [],
    })
