"""Event pages: the list (the ministry's overview with outcomes), planning, and event mode on a phone (check-in,
quick registration with the duplicate check, a seeker's counselling notes and the positions they fit), the
attendee export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require
from coordination.events import permissions as perms
from coordination.events import selectors, services
from coordination.events.inputs import EventData
from coordination.events.models import EventStatus
from coordination.events.positions import QUALIFIES, seeker_position_fits
from coordination.events.spreadsheets import attendees_workbook
from coordination.jobseekers import permissions as seeker_perms
from coordination.jobseekers.inputs import ConsentData, ExperienceData, SeekerData
from coordination.jobseekers.selectors import seeker_get, seeker_identifiers
from coordination.jobseekers.services import LikelyDuplicate
from frontend.events.forms import EventForm, NoteForm, OverviewFilterForm, QuickRegisterForm, SearchForm, StatusForm
from frontend.forms import add_service_errors, form_error_items
from frontend.paging import page_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event_or_404(request: HttpRequest, event_id: int) -> Any:
    require(perms.can_see_events(request.user))
    event = selectors.event_get(actor=request.user, pk=event_id)
    if event is None:
        raise Http404
    return event


@login_required
def event_list_view(request: HttpRequest) -> HttpResponse:
    require(perms.can_see_events(request.user))
    form = OverviewFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    events = selectors.event_list(actor=request.user, **filters)
    page = page_of(request, events)
    overview = perms.can_see_overview(request.user)
    if overview:
        for event in page.object_list:
            event.outcomes = selectors.outcomes_of(event)
    return render(request, "events/list.html", {
        "page": page, "form": form, "filtered": bool(filters), "overview": overview,
        "can_plan": perms.can_plan(request.user)})


def _plan_form(request: HttpRequest, event: Any = None) -> EventForm:
    from coordination.events.selectors import plannable_employers, plannable_letters, plannable_staff

    initial = None
    if event is not None:
        initial = {"title": event.title, "date": event.date, "venue": event.venue, "province": event.province.code,
                   "employers": [str(x) for x in event.employers.values_list("pk", flat=True)],
                   "letters": [str(x) for x in event.letters.values_list("pk", flat=True)],
                   "staff": [str(x) for x in event.staff.values_list("pk", flat=True)], "notes": event.notes}
    return EventForm(request.POST or None, initial=initial, employers=plannable_employers(),
                     letters=plannable_letters(), staff=plannable_staff())


def _event_data(form: EventForm) -> EventData:
    d = form.cleaned_data
    return EventData(title=d["title"], date=d["date"], venue=d["venue"], province=d["province"],
                     employers=d["employers"], letters=d["letters"], staff=d["staff"], notes=d["notes"])


@login_required
def event_create_view(request: HttpRequest) -> HttpResponse:
    require(perms.can_plan(request.user))
    form = _plan_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, data=_event_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event is planned."))
            return redirect("event_detail", event_id=event.pk)
    return render(request, "events/form.html", {"form": form, "errors": form_error_items(form)})


@login_required
def event_edit_view(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    require(perms.can_manage(request.user, event))
    form = _plan_form(request, event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=_event_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("event_detail", event_id=event.pk)
    return render(request, "events/form.html", {"form": form, "event": event, "errors": form_error_items(form)})


@login_required
def event_detail_view(request: HttpRequest, event_id: int) -> HttpResponse:
    """Event mode: find and check in seekers, register new ones, the attendees."""
    event = _event_or_404(request, event_id)
    can_work = perms.can_work(request.user, event)
    if request.method == "POST":
        require(can_work or perms.can_manage(request.user, event))
        try:
            if request.POST.get("action") == "status":
                status = StatusForm(request.POST)
                if status.is_valid():
                    services.event_set_status(actor=request.user, event=event, status=status.cleaned_data["status"],
                                              reason=status.cleaned_data["reason"])
                    messages.success(request, _("The event's status is changed."))
            else:
                seeker = seeker_get(actor=request.user, pk=request.POST.get("seeker"))
                if seeker is None:
                    raise Http404
                if request.POST.get("action") == "pre_register":
                    services.attendee_add(actor=request.user, event=event, seeker=seeker)
                    messages.success(request, _("%(name)s is pre-registered.") % {"name": seeker.display_name})
                else:
                    services.attendee_check_in(actor=request.user, event=event, seeker=seeker)
                    messages.success(request, _("%(name)s is checked in.") % {"name": seeker.display_name})
                    return redirect("event_seeker", event_id=event.pk, seeker_id=seeker.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("event_detail", event_id=event.pk)
    search = SearchForm(request.GET or None)
    found = []
    if can_work and search.is_bound and search.is_valid():
        found = selectors.event_seeker_search(actor=request.user, event=event, search=search.cleaned_data["q"])
    attendees = page_of(request, selectors.attendance_list(actor=request.user, event=event))
    return render(request, "events/detail.html", {
        "event": event, "search": search, "found": found, "attendees": attendees, "can_work": can_work,
        "can_manage": perms.can_manage(request.user, event), "outcomes": selectors.event_outcomes(event=event),
        "working": event.status in services.WORKING_STATUSES,
        "next_statuses": services.TRANSITIONS.get(event.status, ()),
        "start_problem": services.start_problem(event) if event.status == EventStatus.PLANNED else None,
        "cancel_form": StatusForm(initial={"status": EventStatus.CANCELLED}, auto_id="cancel-%s"),
        "employers": event.employers.order_by("name"), "letters": event.letters.select_related("employer")})


def _seeker_data(form: QuickRegisterForm) -> SeekerData:
    d = form.cleaned_data
    return SeekerData(name_km=d["name_km"], name_latin=d["name_latin"], sex=d["sex"],
                      date_of_birth=d["date_of_birth"], national_id=d["national_id"], phone=d["phone"],
                      province=d["province"], district=d["district"],
                      experiences=[ExperienceData(occupation=d["occupation"], years=d["years"])])


def _typed_identity(form: QuickRegisterForm) -> SeekerData:
    """What identifies the person, as far as it is typed and readable (a half-typed date is left out)."""
    form.is_valid()
    d = form.cleaned_data
    return SeekerData(name_km=d.get("name_km") or "", name_latin=d.get("name_latin") or "",
                      date_of_birth=d.get("date_of_birth"), national_id=d.get("national_id") or "",
                      phone=d.get("phone") or "")


def _panel(actor: Any, taken: Any, candidates: list[Any]) -> dict[str, Any]:
    """The duplicate panel under the form: the record holding the national ID and the likely duplicates, each
    with its identifiers as the actor may see them (coordination.jobseekers.selectors.seeker_identifiers)."""
    def ids(seeker: Any) -> dict[str, Any]:
        return seeker_identifiers(actor=actor, seeker=seeker, readable=True)

    return {"taken": {"seeker": taken, "ids": ids(taken)} if taken else None,
            "candidates": [{"seeker": c.seeker, "reasons": c.reasons, "ids": ids(c.seeker)} for c in candidates]}


def _check(request: HttpRequest, event: Any, typed: SeekerData) -> dict[str, Any]:
    try:
        found = services.attendee_register_check(actor=request.user, event=event, data=typed)
    except ValidationError:  # the event is closed or cancelled: nothing to compare against
        return _panel(request.user, None, [])
    return _panel(request.user, found.taken, found.candidates)


@login_required
def event_register_view(request: HttpRequest, event_id: int) -> HttpResponse:
    """The quick registration. As the counsellor types, the form asks event_register_check for likely duplicates
    (htmx); without JavaScript the submit shows the same panel: the service's duplicate check refuses a likely
    duplicate until "a different person" sends it again with distinct_from; "the same person" checks the
    existing record in instead."""
    event = _event_or_404(request, event_id)
    require(perms.can_work(request.user, event))
    urls = {"actor": request.user, "check_url": reverse("event_register_check", args=[event.pk]),
            "districts_url": reverse("event_register", args=[event.pk])}
    refresh = request.method == "POST" and "refresh_places" in request.POST
    if request.method == "POST" and not refresh:
        form = QuickRegisterForm(request.POST, **urls)
    else:
        # The province starts as the event's; a GET with ?province= (htmx, as the province changes) or "Show the
        # districts" (without JavaScript: what was typed so far, kept) lists another province's districts.
        initial = request.POST.dict() if refresh else {}
        initial["province"] = (request.POST if refresh else request.GET).get("province") or event.province.code
        form = QuickRegisterForm(initial=initial, **urls)
    panel = _panel(request.user, None, [])
    errors: list[dict[str, str]] = []
    if refresh:
        panel = _check(request, event, _typed_identity(QuickRegisterForm(request.POST, **urls)))
    elif request.method == "POST":
        typed = _typed_identity(form)  # before the service's errors take fields out of cleaned_data
        if form.is_valid():
            distinct = [x for x in form.cleaned_data["distinct_from"].split(",") if x.strip().isdigit()]
            consent = ConsentData() if form.cleaned_data["consent"] else None
            try:
                attendance = services.attendee_register(actor=request.user, event=event, data=_seeker_data(form),
                                                        consent=consent, distinct_from=distinct)
            except LikelyDuplicate as exc:
                panel = _panel(request.user, None, exc.candidates)
                errors = [{"message": message, "href": "#duplicates"} for message in exc.messages]
                form.data = form.data.copy()
                form.data["distinct_from"] = ",".join(
                    [*distinct, *(str(c["seeker"].pk) for c in panel["candidates"])])
            except ValidationError as exc:
                add_service_errors(form, exc)
                panel = _check(request, event, typed)
            else:
                messages.success(request, _("%(name)s is registered and checked in.") % {
                    "name": attendance.seeker.display_name})
                return redirect("event_seeker", event_id=event.pk, seeker_id=attendance.seeker_id)
        else:
            panel = _check(request, event, typed)
    return render(request, "events/register.html", {"event": event, "form": form, **panel,
                                                    "errors": errors + form_error_items(form)})


@login_required
@require_POST
def event_register_check_view(request: HttpRequest, event_id: int) -> HttpResponse:
    """The duplicate panel for what the registration form holds so far (htmx, as the counsellor types; POST so
    that no national ID or phone is written in a URL or an access log). Writes nothing."""
    event = _event_or_404(request, event_id)
    require(perms.can_work(request.user, event))
    form = QuickRegisterForm(request.POST)
    return render(request, "events/_duplicates.html", {"event": event, **_check(request, event, _typed_identity(form))})


@login_required
def event_seeker_view(request: HttpRequest, event_id: int, seeker_id: int) -> HttpResponse:
    """One attendee at the event: counselling notes, and the open positions they fit with what is missing."""
    event = _event_or_404(request, event_id)
    require(perms.can_work(request.user, event) or perms.can_see_overview(request.user))
    attendance = selectors.attendance_get(event=event, seeker=seeker_id)
    seeker = seeker_get(actor=request.user, pk=seeker_id)
    if attendance is None or seeker is None:
        raise Http404
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        require(perms.can_work(request.user, event))
        if form.is_valid():
            try:
                services.note_add(actor=request.user, event=event, seeker=seeker, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The note is saved."))
                return redirect("event_seeker", event_id=event.pk, seeker_id=seeker.pk)
    fits = seeker_position_fits(seeker, event=event)
    return render(request, "events/seeker.html", {
        "event": event, "seeker": seeker, "attendance": attendance, "form": form, "errors": form_error_items(form),
        "notes": selectors.event_notes(event=event, seeker=seeker), "QUALIFIES": QUALIFIES,
        "event_fits": [f for f in fits if f.in_event], "other_fits": [f for f in fits if not f.in_event],
        "ids": seeker_identifiers(actor=request.user, seeker=seeker, readable=True),
        "can_open_profile": seeker_perms.can_open_profile(request.user, seeker),
        "can_work": perms.can_work(request.user, event)})


@login_required
def event_export_view(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    require(perms.can_work(request.user, event) or perms.can_see_overview(request.user))
    response = HttpResponse(attendees_workbook(actor=request.user, event=event), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.xlsx"'
    return response
