"""Job-matching event mutations: parse the input, call coordination.events.services, report problems as
FieldErrors (a position in a list as `employers[0]`, as for every other input list)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import strawberry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from strawberry.types import Info

from accounts.permissions import is_signed_in
from api.context import actor, parse_id
from api.errors import FieldError, field_errors, not_found, unauthenticated
from coordination.events import selectors, services
from coordination.events.graphql.types import AttendanceType, CounsellingNoteType, MatchingEventType
from coordination.events.inputs import EventData
from coordination.events.models import EventStatus, MatchingEvent, NoteKind
from coordination.jobseekers.graphql.inputs import ConsentInput, JobSeekerInput, consent_data, seeker_data
from coordination.jobseekers.graphql.mutations import LIKELY_DUPLICATE, distinct_ids
from coordination.jobseekers.graphql.types import DuplicateCandidateType, JobSeekerType
from coordination.jobseekers.models import JobSeeker
from coordination.jobseekers.selectors import seeker_get
from coordination.jobseekers.services import LikelyDuplicate

_POSITION = re.compile(r"\.(\d+)(?=\.|$)")


@strawberry.input(description="A job-matching event: what it is, where and when, and who takes part.")
class MatchingEventInput:
    title: str
    date: datetime.date
    venue: str
    province: str = strawberry.field(description="A province code: KH-12 or 12.")
    employers: list[strawberry.ID] = strawberry.field(default_factory=list,
                                                      description="Ids of the participating employers.")
    letters: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Ids of approved demand letters of those employers.")
    staff: list[strawberry.ID] = strawberry.field(default_factory=list,
                                                  description="Ids of the job-centre counsellors who work at it.")
    notes: str = ""


def _data(value: MatchingEventInput) -> EventData:
    return EventData(title=value.title, date=value.date, venue=value.venue, province=value.province,
                     employers=list(value.employers), letters=list(value.letters), staff=list(value.staff),
                     notes=value.notes)


@strawberry.type
class MatchingEventPayload:
    event: MatchingEventType | None = strawberry.field(default=None, description="The event after the change.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class EventAttendancePayload:
    attendance: AttendanceType | None = strawberry.field(default=None, description="Null when nothing was saved.")
    event: MatchingEventType | None = strawberry.field(default=None, description="The event, with its counts.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class EventRegistrationPayload:
    attendance: AttendanceType | None = strawberry.field(default=None, description="Null when nothing was saved.")
    job_seeker: JobSeekerType | None = strawberry.field(default=None, description="The seeker registered, as you "
                                                        "see them; null when nothing was saved.")
    event: MatchingEventType | None = strawberry.field(default=None, description="The event, with its counts.")
    duplicates: list[DuplicateCandidateType] = strawberry.field(
        default_factory=list,
        description="Refused as a likely duplicate: the candidates, best match first (the error's code is "
        "`likely_duplicate`). Check in the one who is this person with `matchingEventCheckIn`, or send their ids "
        "in `distinctFrom` to confirm a different person.",
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class CounsellingNotePayload:
    note: CounsellingNoteType | None = strawberry.field(default=None, description="Null when nothing was saved.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


def _errors(exc: ValidationError | PermissionDenied) -> list[FieldError]:
    errors = field_errors(exc)
    for error in errors:
        error.field = _POSITION.sub(r"[\1]", error.field)
    return errors


def _event(info: Info, event_id: strawberry.ID) -> tuple[MatchingEvent | None, list[FieldError]]:
    user = actor(info)
    if not is_signed_in(user):
        return None, unauthenticated()
    event = selectors.event_get(actor=user, pk=parse_id(event_id))
    if event is None:
        return None, not_found("eventId", _("That job-matching event does not exist."))
    return event, []


def _seeker(info: Info, seeker_id: strawberry.ID) -> JobSeeker | None:
    pk = parse_id(seeker_id)
    return seeker_get(actor=actor(info), pk=pk) if pk is not None else None


def _no_seeker() -> list[FieldError]:
    return not_found("seekerId", _("That job seeker does not exist."))


def _reloaded(info: Info, event: MatchingEvent) -> Any:
    return selectors.event_list(actor=actor(info)).filter(pk=event.pk).first()


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Plan a job-matching event organised by your job centre (counsellors).")
    def matching_event_create(self, info: Info, input: MatchingEventInput) -> MatchingEventPayload:
        if not is_signed_in(actor(info)):
            return MatchingEventPayload(errors=unauthenticated())
        try:
            event = services.event_create(actor=actor(info), data=_data(input))
        except (ValidationError, PermissionDenied) as exc:
            return MatchingEventPayload(errors=_errors(exc))
        return MatchingEventPayload(event=_reloaded(info, event))

    @strawberry.mutation(description="Change a planned or under-way event (counsellors of the organising job "
                         "centre). The input replaces the event's details, employers, letters and staff.")
    def matching_event_update(self, info: Info, event_id: strawberry.ID, input: MatchingEventInput
                              ) -> MatchingEventPayload:
        event, errors = _event(info, event_id)
        if event is None:
            return MatchingEventPayload(errors=errors)
        try:
            services.event_update(actor=actor(info), event=event, data=_data(input))
        except (ValidationError, PermissionDenied) as exc:
            return MatchingEventPayload(errors=_errors(exc))
        return MatchingEventPayload(event=_reloaded(info, event))

    @strawberry.mutation(description="Start (OPEN), close (CLOSED) or cancel (CANCELLED, with a reason) an event "
                         "(counsellors of the organising job centre): planned → under way → closed, or "
                         "cancelled before it closes.")
    def matching_event_set_status(self, info: Info, event_id: strawberry.ID, status: EventStatus,
                                  reason: str = "") -> MatchingEventPayload:
        event, errors = _event(info, event_id)
        if event is None:
            return MatchingEventPayload(errors=errors)
        try:
            services.event_set_status(actor=actor(info), event=event, status=status.value, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return MatchingEventPayload(errors=_errors(exc))
        return MatchingEventPayload(event=_reloaded(info, event))

    @strawberry.mutation(description="Pre-register a job seeker for an event (its counsellors and staff); doing "
                         "it twice changes nothing.")
    def matching_event_pre_register(self, info: Info, event_id: strawberry.ID, seeker_id: strawberry.ID
                                    ) -> EventAttendancePayload:
        return _attend(info, event_id, seeker_id, services.attendee_add)

    @strawberry.mutation(description="Check a job seeker in at an event (its counsellors and staff): "
                         "pre-registered, or registered elsewhere and found on the day.")
    def matching_event_check_in(self, info: Info, event_id: strawberry.ID, seeker_id: strawberry.ID
                                ) -> EventAttendancePayload:
        return _attend(info, event_id, seeker_id, services.attendee_check_in)

    @strawberry.mutation(description="Register a new job seeker at an event and check them in, in one call (its "
                         "counsellors and staff, while it is planned or under way): the seeker joins your job "
                         "centre with their consent, which is required (`consent`; matching must be agreed), with "
                         "the checks of `registerJobSeeker`: a national ID already registered refuses it "
                         "(`nationalId`); a likely duplicate refuses it with the candidates in `duplicates` until "
                         "their ids are sent in `distinctFrom`.")
    def matching_event_register(self, info: Info, event_id: strawberry.ID, input: JobSeekerInput,
                                consent: ConsentInput | None = None,
                                distinct_from: list[strawberry.ID] | None = None) -> EventRegistrationPayload:
        event, errors = _event(info, event_id)
        if event is None:
            return EventRegistrationPayload(errors=errors)
        ids = distinct_ids(distinct_from)
        if ids and isinstance(ids[0], FieldError):
            return EventRegistrationPayload(errors=ids)  # type: ignore[arg-type]
        user = actor(info)
        try:
            attendance = services.attendee_register(
                actor=user, event=event, data=seeker_data(input),
                consent=consent_data(consent) if consent is not None else None,
                distinct_from=ids)  # type: ignore[arg-type]
        except LikelyDuplicate as exc:
            errors = _errors(exc)
            for error in errors:
                error.code = LIKELY_DUPLICATE
            return EventRegistrationPayload(errors=errors, duplicates=[
                DuplicateCandidateType.from_candidate(c, user) for c in exc.candidates])
        except (ValidationError, PermissionDenied) as exc:
            return EventRegistrationPayload(errors=_errors(exc))
        return EventRegistrationPayload(attendance=attendance,  # type: ignore[arg-type]
                                        job_seeker=seeker_get(actor=user, pk=attendance.seeker_id),  # type: ignore[arg-type]
                                        event=_reloaded(info, event))

    @strawberry.mutation(description="Take a counselling, mentoring or coaching note on an attendee of an event "
                         "(its counsellors and staff).")
    def matching_event_add_note(self, info: Info, event_id: strawberry.ID, seeker_id: strawberry.ID,
                                kind: NoteKind, text: str) -> CounsellingNotePayload:
        event, errors = _event(info, event_id)
        if event is None:
            return CounsellingNotePayload(errors=errors)
        seeker = _seeker(info, seeker_id)
        if seeker is None:
            return CounsellingNotePayload(errors=_no_seeker())
        try:
            note = services.note_add(actor=actor(info), event=event, seeker=seeker, kind=kind.value, text=text)
        except (ValidationError, PermissionDenied) as exc:
            return CounsellingNotePayload(errors=_errors(exc))
        return CounsellingNotePayload(note=note)  # type: ignore[arg-type]


def _attend(info: Info, event_id: strawberry.ID, seeker_id: strawberry.ID, service: Any) -> EventAttendancePayload:
    event, errors = _event(info, event_id)
    if event is None:
        return EventAttendancePayload(errors=errors)
    seeker = _seeker(info, seeker_id)
    if seeker is None:
        return EventAttendancePayload(errors=_no_seeker())
    try:
        attendance = service(actor=actor(info), event=event, seeker=seeker)
    except (ValidationError, PermissionDenied) as exc:
        return EventAttendancePayload(errors=_errors(exc))
    return EventAttendancePayload(attendance=attendance, event=_reloaded(info, event))
