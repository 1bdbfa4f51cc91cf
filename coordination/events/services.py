"""Writes on job-matching events: planning, the status (planned → under way → closed, or cancelled), the
seekers who attend (pre-registered, registered on the day, checked in) and the counselling notes taken there.
Transactional and audited; every problem is reported at once with its field."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role, User
from accounts.permissions import require
from audit.services import audit_record
from coordination.events import permissions as perms
from coordination.events.inputs import EventData
from coordination.events.models import Attendance, CounsellingNote, EventStatus, MatchingEvent, NoteKind
from coordination.events.positions import OPEN_LETTER_STATUSES
from coordination.jobseekers import permissions as seeker_perms
from coordination.jobseekers.inputs import ConsentData, SeekerData
from coordination.jobseekers.models import JobSeeker, SeekerStatus
from coordination.jobseekers.services import DuplicateCheck, seeker_check, seeker_duplicate_check, seeker_register
from demand.models import DemandLetter
from reference.models import Province
from validation.columns import Checker, field_of
from validation.dates import date_window
from validation.numbers import parse_id

# The one transition table: from each status, the statuses an event may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.PLANNED: (EventStatus.OPEN, EventStatus.CANCELLED),
    EventStatus.OPEN: (EventStatus.CLOSED, EventStatus.CANCELLED),
    EventStatus.CLOSED: (),
    EventStatus.CANCELLED: (),
}
# Seekers are added, checked in and counselled while the event is planned or under way.
WORKING_STATUSES = (EventStatus.PLANNED, EventStatus.OPEN)


def _ids(e: Checker, path: str, values: Sequence[Any]) -> list[int]:
    out: list[int] = []
    for i, value in enumerate(values):
        # One number format for every door: ASCII digits within a bigint ("1_0", "१२" or a 30-digit number
        # name nothing, and never reach the database).
        pk = parse_id(getattr(value, "pk", value))
        if pk is None:
            e.add(f"{path}.{i}", _("This is not an id."))
            continue
        if pk not in out:
            out.append(pk)
    return out


def _clean(actor: Any, data: EventData) -> dict[str, Any]:
    e = Checker()
    out: dict[str, Any] = {
        "title": e.text("title", data.title, field_of(MatchingEvent, "title"), required=_("Give the event a title.")),
        "venue": e.text("venue", data.venue, field_of(MatchingEvent, "venue"), required=_("Give the venue.")),
        "notes": e.text("notes", data.notes, field_of(MatchingEvent, "notes")),
    }
    today = timezone.localdate()
    out["date"] = e.date("date", data.date, window=date_window(today, past_years=2, future_years=2),
                         message=_("Give the date of the event."))
    code = (data.province or "").strip().upper()
    province = None
    if code:
        province = (Province.objects.filter(code=code).first()
                    or (Province.objects.filter(mef_code=code.zfill(2)).first() if code.isdigit() else None))
    if province is None:
        e.add("province", _("Choose the province where the event takes place."))
    out["province"] = province

    employer_ids = _ids(e, "employers", data.employers)
    employers = list(Organisation.objects.filter(pk__in=employer_ids, kind=OrganisationKind.EMPLOYER))
    if len(employers) != len(employer_ids):
        e.add("employers", _("Choose participating employers from the list of employers."))
    out["employers"] = employers

    letter_ids = _ids(e, "letters", data.letters)
    letters = list(DemandLetter.objects.filter(pk__in=letter_ids, status__in=OPEN_LETTER_STATUSES,
                                               employer_id__in=[o.pk for o in employers]))
    if len(letters) != len(letter_ids):
        e.add("letters", _("Choose approved demand letters of the participating employers only."))
    out["letters"] = letters

    staff_ids = _ids(e, "staff", data.staff)
    staff = [u for u in User.objects.select_related("organisation").filter(pk__in=staff_ids, is_active=True,
                                                                            role=Role.COUNSELLOR)
             if seeker_perms.is_counsellor(u)]
    if len(staff) != len(staff_ids):
        e.add("staff", _("Staff must be job-centre counsellors."))
    out["staff"] = staff
    e.raise_if_any()
    return out


def _snapshot(event: MatchingEvent) -> dict[str, Any]:
    return {"title": event.title, "date": event.date.isoformat(), "venue": event.venue,
            "province": event.province.code, "status": event.status,
            "employers": sorted(event.employers.values_list("pk", flat=True)),
            "letters": sorted(event.letters.values_list("reference", flat=True)),
            "staff": sorted(event.staff.values_list("username", flat=True))}


def _write(event: MatchingEvent, clean: dict[str, Any]) -> None:
    for name in ("title", "date", "venue", "notes", "province"):
        setattr(event, name, clean[name])
    event.save()
    event.employers.set(clean["employers"])
    event.letters.set(clean["letters"])
    event.staff.set(clean["staff"])


def event_create(*, actor: Any, data: EventData) -> MatchingEvent:
    """Plan an event organised by the actor's job centre."""
    require(perms.can_plan(actor), _("Only a job-centre counsellor can plan a job-matching event."))
    clean = _clean(actor, data)
    with transaction.atomic():
        event = MatchingEvent(job_centre=actor.organisation, created_by=actor)
        _write(event, clean)
        audit_record(actor=actor, action="event.create", target=event, after=_snapshot(event))
    return event


def event_update(*, actor: Any, event: MatchingEvent, data: EventData) -> MatchingEvent:
    require(perms.can_manage(actor, event), _("Only counsellors of the organising job centre can change it."))
    if event.status not in WORKING_STATUSES:
        raise ValidationError({"status": [_("A closed or cancelled event can no longer be changed.")]})
    clean = _clean(actor, data)
    with transaction.atomic():
        locked = MatchingEvent.objects.select_for_update().get(pk=event.pk)
        before = _snapshot(locked)
        _write(locked, clean)
        audit_record(actor=actor, action="event.update", target=locked, before=before, after=_snapshot(locked))
    return locked


def start_problem(event: MatchingEvent, *, today: datetime.date | None = None) -> str | None:
    """Why the event cannot be started today, or None. An event is started on its day, by the calendar in the
    platform's time zone (Phnom Penh): not days before (seekers registered then would count as attending an
    event that has not taken place), and not after (a day that has passed is closed or cancelled instead)."""
    today = today or timezone.localdate()
    if event.date == today:
        return None
    return _("An event can be started only on its day, %(date)s; today is %(today)s.") % {
        "date": date_format(event.date, "DATE_FORMAT"), "today": date_format(today, "DATE_FORMAT")}


def event_set_status(*, actor: Any, event: MatchingEvent, status: str, reason: str = "",
                     today: datetime.date | None = None) -> MatchingEvent:
    """Start (under way, on the event's day only: start_problem), close or cancel an event, along the transition
    table. `today` is the day in Phnom Penh (the demo replays past events on their day)."""
    require(perms.can_manage(actor, event), _("Only counsellors of the organising job centre can change it."))
    e = Checker()
    reason = e.text("reason", reason, limit=2000)
    if status == EventStatus.CANCELLED and not reason:
        e.add("reason", _("Say why the event is cancelled."))
    e.raise_if_any()
    with transaction.atomic():
        locked = MatchingEvent.objects.select_for_update().get(pk=event.pk)
        if status not in TRANSITIONS.get(locked.status, ()):
            raise ValidationError({"status": [_("An event that is “%(now)s” cannot become “%(then)s”.") % {
                "now": locked.get_status_display(), "then": EventStatus(status).label
                if status in EventStatus.values else status}]})
        problem = start_problem(locked, today=today) if status == EventStatus.OPEN else None
        if problem:
            raise ValidationError({"status": [problem]})
        before = locked.status
        locked.status = status
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action=f"event.{status}", target=locked, before={"status": before},
                     after={"status": status}, reason=reason)
    return locked


def _require_working(actor: Any, event: MatchingEvent) -> None:
    require(perms.can_work(actor, event),
            _("Only the organising job centre's counsellors and the event's staff can do this."))
    if event.status not in WORKING_STATUSES:
        raise ValidationError({"status": [_("This event is closed or cancelled.")]})


def _active_seeker(seeker: JobSeeker) -> JobSeeker:
    if seeker.status != SeekerStatus.ACTIVE:
        raise ValidationError({"seeker": [_("This record was merged into another: use that one.")]})
    return seeker


def attendee_add(*, actor: Any, event: MatchingEvent, seeker: JobSeeker) -> Attendance:
    """Pre-register a seeker for the event (before the day); adding them twice changes nothing."""
    _require_working(actor, event)
    _active_seeker(seeker)
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(event=event, seeker=seeker,
                                                               defaults={"pre_registered": True})
        if created:
            audit_record(actor=actor, action="event.pre_register", target=event, after={"seeker": seeker.pk})
    return attendance


def attendee_register_check(*, actor: Any, event: MatchingEvent, data: SeekerData,
                            distinct_from: Sequence[Any] = ()) -> DuplicateCheck:
    """The registration's duplicate check on the form as it is being typed, writing nothing
    (coordination.jobseekers.services.seeker_duplicate_check): for those who may register at the event."""
    _require_working(actor, event)
    return seeker_duplicate_check(actor=actor, data=data, distinct_from=distinct_from)


def _require_consent(data: SeekerData, consent: ConsentData | None) -> None:
    """At an event a seeker is registered with their consent to matching, or not at all (they came to be
    matched): refused on `consent`, with every other problem of the record in the same round."""
    if consent is not None and consent.for_matching:
        return
    problems: dict[str, list[Any]] = {"consent": [_("Ask for consent: without it the person cannot be matched.")]}
    try:
        seeker_check(data=data)
    except ValidationError as exc:
        for key, errors in exc.message_dict.items():
            problems.setdefault(key, []).extend(errors)
    raise ValidationError(problems)


def attendee_register(*, actor: Any, event: MatchingEvent, data: SeekerData, consent: ConsentData | None = None,
                      distinct_from: Sequence[Any] = ()) -> Attendance:
    """Register a new seeker at the event with their consent (coordination.jobseekers.services.seeker_register:
    its duplicate check raises LikelyDuplicate until the counsellor confirms the person is distinct) and check
    them in. Every door registers at an event through here: the page and `matchingEventRegister`."""
    _require_working(actor, event)
    _require_consent(data, consent)
    with transaction.atomic():
        seeker = seeker_register(actor=actor, data=data, consent=consent, distinct_from=distinct_from)
        attendance = Attendance.objects.create(event=event, seeker=seeker, registered_here=True,
                                               checked_in_at=timezone.now(), checked_in_by=actor)
        audit_record(actor=actor, action="event.register", target=event, after={"seeker": seeker.pk})
    return attendance


def attendee_check_in(*, actor: Any, event: MatchingEvent, seeker: JobSeeker) -> Attendance:
    """Check a seeker in at the event: pre-registered, or already registered elsewhere and found on the day."""
    _require_working(actor, event)
    _active_seeker(seeker)
    with transaction.atomic():
        attendance, _created = Attendance.objects.select_for_update().get_or_create(event=event, seeker=seeker)
        if attendance.checked_in_at is None:
            attendance.checked_in_at = timezone.now()
            attendance.checked_in_by = actor
            attendance.save(update_fields=["checked_in_at", "checked_in_by"])
            audit_record(actor=actor, action="event.check_in", target=event, after={"seeker": seeker.pk})
    return attendance


def note_add(*, actor: Any, event: MatchingEvent | None, seeker: JobSeeker, kind: str, text: str
             ) -> CounsellingNote:
    """A counselling, mentoring or coaching note on a seeker, taken at an event (who attends it)."""
    if event is not None:
        _require_working(actor, event)
    require(seeker_perms.can_counsel(actor, seeker), _("Only counsellors can take counselling notes."))
    e = Checker()
    if kind not in NoteKind.values:
        e.add("kind", _("Choose counselling, mentoring or coaching."))
    text = e.text("text", text, field_of(CounsellingNote, "text"), required=_("Write the note."))
    if event is not None and not Attendance.objects.filter(event=event, seeker=seeker).exists():
        e.add("seeker", _("This person is not among the event's attendees: check them in first."))
    e.raise_if_any()
    with transaction.atomic():
        note = CounsellingNote.objects.create(seeker=seeker, event=event, kind=kind, text=text, author=actor)
        audit_record(actor=actor, action="event.note", target=event or seeker,
                     after={"seeker": seeker.pk, "kind": kind})
    return note


__all__ = ["TRANSITIONS", "attendee_add", "attendee_check_in", "attendee_register", "attendee_register_check",
           "event_create", "event_set_status", "event_update", "note_add", "start_problem"]
