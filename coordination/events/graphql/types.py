"""Job-matching events as GraphQL types: the event with its employers, the demand it presents, its staff count
and its attendance counts (coordination.events.selectors.event_list annotates them). No seeker's personal data
appears in an event; the mutations answer with the attendance or the note they recorded, naming the seeker by
id only."""

from __future__ import annotations

import strawberry
from strawberry import auto

from accounts.graphql.types import OrganisationType
from api.fields import column, fast_type
from coordination.events import models
from coordination.events.models import EventStatus, NoteKind
from demand.models import DemandLetter
from reference.graphql.types import ProvinceType

strawberry.enum(EventStatus, name="MatchingEventStatus",
                description="PLANNED, OPEN (under way), CLOSED or CANCELLED.")
strawberry.enum(NoteKind, name="CounsellingNoteKind", description="Counselling, mentoring or coaching.")


@fast_type(DemandLetter, name="EventDemandLetter", description="A demand letter presented at an event.")
class EventLetterType:
    id: strawberry.ID
    reference: auto


@fast_type(models.MatchingEvent, name="MatchingEvent", description="A job-matching event organised by a job centre.")
class MatchingEventType:
    id: strawberry.ID = column(description="What the event mutations take as `eventId`.")
    title: auto
    date: auto
    venue: auto
    province: ProvinceType
    job_centre: OrganisationType = column(description="The organising job centre.")
    status: EventStatus
    notes: auto
    employers: list[OrganisationType] = column(description="The participating employers.")
    letters: list[EventLetterType] = column(description="The demand presented: approved letters of those employers.")
    staff_count: int = column(description="Counsellors named as the event's staff.", only=[])
    attendee_count: int = column(description="Seekers who attend: pre-registered, registered there or checked in.",
                                 only=[])
    registered_count: int = column(description="Seekers registered at the event itself.", only=[])
    checked_in_count: int = column(description="Attendees checked in on the day.", only=[])


@fast_type(models.Attendance, name="EventAttendance", description="A seeker's attendance at an event.")
class AttendanceType:
    seeker_id: strawberry.ID = column(description="The seeker's id.")
    pre_registered: auto
    registered_here: auto
    checked_in_at: auto


@fast_type(models.CounsellingNote, name="CounsellingNote", description="A counselling note taken at an event.")
class CounsellingNoteType:
    id: strawberry.ID
    seeker_id: strawberry.ID = column(description="The seeker's id.")
    kind: NoteKind
    text: auto
    created_at: auto
