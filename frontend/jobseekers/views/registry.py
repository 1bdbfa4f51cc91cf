"""The registry of job seekers: the list (counsellors and the ministry: everyone; a licensed agency: the seekers
it may see), registration and changes by the owning job centre, and the address lists the form reloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.selectors import (
    seeker_get,
    seeker_holding_national_id,
    seeker_identifiers,
    seeker_list,
)
from coordination.jobseekers.services import LikelyDuplicate, seeker_check, seeker_register, seeker_update
from frontend.jobseekers.forms import AddressForm, SeekerChoices, SeekerEditor, SeekerFilterForm, seeker_initial
from frontend.paging import page_of
from mou.models import AgreementStatus
from mou.selectors import agreement_list


def with_identifiers(actor: Any, seekers: list[Any]) -> list[Any]:
    """Each seeker's identifiers (national ID, phone, passport number) as the actor may see them (`ids`), masked
    or in full: coordination.jobseekers.selectors.seeker_identifiers decides, for this door as for GraphQL."""
    for seeker in seekers:
        seeker.ids = seeker_identifiers(actor=actor, seeker=seeker, readable=True)
    return seekers


@login_required
@require_GET
def jobseeker_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_open_registry_page(actor))
    from reference.selectors import province_list

    agreements = [(a.pk, f"{a.display_title} ({a.partner_country.local_name})")
                  for a in agreement_list(actor=actor, status=AgreementStatus.IN_FORCE)]
    form = SeekerFilterForm(request.GET or None, provinces=[(p.code, p.local_name) for p in province_list(actor=actor)],
                            agreements=agreements, by_national_id=perms.can_search_by_national_id(actor))
    chosen = form.filters()
    unlicensed = not perms.can_see_registry(actor)
    seekers = seeker_list(actor=actor, province=chosen.get("province"), occupation=chosen.get("occupation"),
                          agreement=chosen.get("agreement"), vetting_status=chosen.get("vetting_status"),
                          search=chosen.get("q"))
    page = page_of(request, seekers)
    with_identifiers(actor, page.object_list)
    return render(request, "jobseekers/list.html", {
        "page": page, "form": form, "filtered": bool(chosen), "unlicensed": unlicensed,
        "is_agency": perms.sees_agency_view(actor), "can_register": perms.can_register(actor),
    })


def _taken_record(request: HttpRequest, editor: SeekerEditor, seeker: Any) -> Any:
    """The record that already holds the typed national ID, when the national ID is refused and the reader may
    see that record (selectors.seeker_holding_national_id): the error links to it. None otherwise."""
    if not editor.has_errors() or "national_id" not in editor.form.errors:
        return None
    return seeker_holding_national_id(actor=request.user, national_id=editor.form.data.get("national_id", ""),
                                      exclude=seeker)


def _editor_page(request: HttpRequest, editor: SeekerEditor, seeker: Any, *, candidates: list[Any] | None = None,
                 distinct: list[str] | None = None) -> HttpResponse:
    return render(request, "jobseekers/editor.html", {
        "editor": editor, "seeker": seeker, "occupations": editor.choices.occupations,
        "taken": _taken_record(request, editor, seeker),
        "error_summary": editor.error_summary() if editor.has_errors() else [],
        "candidates": candidates or [], "distinct": distinct or [],
    })


def _candidates(actor: Any, exc: LikelyDuplicate, editing: Any = None) -> list[Any]:
    """The likely duplicates as the counsellor may see them: identifiers masked by the rules, a link only to
    those they may open. Changing a saved record (`editing`), the record can be merged into one of them, or they
    can be recorded as different people, by those the rule allows."""
    out = []
    for candidate in exc.candidates:
        seeker = candidate.seeker
        with_identifiers(actor, [seeker])
        seeker.reasons = candidate.reasons
        seeker.score = round(candidate.score)
        seeker.can_merge = editing is not None and perms.can_merge(actor, editing, seeker)
        out.append(seeker)
    return out


def _distinct_from(request: HttpRequest) -> list[int]:
    """The records the counsellor confirmed are other people ("This is a different person"), else none."""
    if "confirm_distinct" not in request.POST:
        return []
    return [int(v) for v in request.POST.getlist("distinct_from") if v.isdigit()]


def _save(request: HttpRequest, editor: SeekerEditor, seeker: Any) -> tuple[Any, list[Any]]:
    """Register (no `seeker`) or update; the saved record, or None and the likely duplicates if any."""
    actor = request.user
    distinct = _distinct_from(request)
    try:
        if seeker is None:
            saved = seeker_register(actor=actor, data=editor.data(), consent=editor.consent(), distinct_from=distinct)
        else:
            saved = seeker_update(actor=actor, seeker=seeker, data=editor.data(), distinct_from=distinct)
    except LikelyDuplicate as exc:
        return None, _candidates(actor, exc, seeker)
    except ValidationError as exc:
        editor.add_service_errors(exc)
        return None, []
    return saved, []


@login_required
@require_http_methods(["GET", "POST"])
def jobseeker_register_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_register(actor), _("Only a job-centre counsellor can register job seekers."))
    choices = SeekerChoices.load(actor=actor)
    posted = request.method == "POST"
    editor = SeekerEditor(data=request.POST if posted else None, choices=choices, with_consent=True,
                          initial={"passport_status": "none"})
    candidates: list[Any] = []
    if posted and "refresh_places" not in request.POST and editor.is_valid():
        seeker, candidates = _save(request, editor, None)
        if seeker is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": seeker.display_name})
            return redirect("jobseeker_detail", seeker_id=seeker.pk)
    elif posted and "refresh_places" not in request.POST:
        _check_the_rest(editor, None, actor)
    elif posted:
        editor.quiet()
    return _editor_page(request, editor, None, candidates=candidates)


@login_required
@require_http_methods(["GET", "POST"])
def jobseeker_edit_view(request: HttpRequest, seeker_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(perms.can_see_registry(actor))
    seeker = seeker_get(actor=actor, pk=seeker_id)
    if seeker is None:
        raise Http404
    if seeker.pk != seeker_id:
        return redirect("jobseeker_edit", seeker_id=seeker.pk)
    permissions.require(perms.can_update(actor, seeker), _("Only the job centre that keeps this record can change it."))
    choices = SeekerChoices.load(actor=actor)
    posted = request.method == "POST"
    initial, rows = seeker_initial(seeker)
    editor = SeekerEditor(data=request.POST if posted else None, choices=choices, initial=initial, rows=rows)
    candidates: list[Any] = []
    if posted and "refresh_places" not in request.POST and editor.is_valid():
        saved, candidates = _save(request, editor, seeker)
        if saved is not None:
            messages.success(request, _("The changes to %(name)s's record are saved.") % {"name": saved.display_name})
            return redirect("jobseeker_detail", seeker_id=saved.pk)
    elif posted and "refresh_places" not in request.POST:
        _check_the_rest(editor, seeker, actor)
    elif posted:
        editor.quiet()
    return _editor_page(request, editor, seeker, candidates=candidates)


def _check_the_rest(editor: SeekerEditor, seeker: Any = None, actor: Any = None) -> None:
    """The forms found problems: the service checks what they could read, so that every problem shows in one
    round (not the missing fields first and the wrong values after). Nothing is written."""
    try:
        seeker_check(data=editor.data(), exclude=seeker, actor=actor)
    except ValidationError as exc:
        editor.add_service_errors(exc, besides_form_errors=True)


@login_required
@require_GET
def jobseeker_places_view(request: HttpRequest) -> HttpResponse:
    """The address block for the places chosen so far (htmx reloads it when a select changes)."""
    permissions.require(perms.can_register(request.user))
    address = AddressForm.from_values(request.GET, bound=False)
    return render(request, "jobseekers/_address.html", {"address": address})
