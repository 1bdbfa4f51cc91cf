"""Job-matching events as GraphQL types: the event with its employers, the demand it presents, its staff count,
its outcomes (coordination.events.selectors.event_list annotates them) and its attendees as the event page and
the attendee workbook list them (selectors.attendance_list: seekers the caller may see, the national ID and phone
masked by coordination.jobseekers.selectors.seeker_identifiers). The mutations answer with the attendance or the
note they recorded, naming the seeker by id."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import strawberry
import strawberry_django
from strawberry import auto
from strawberry.types import Info

from accounts.graphql.types import OrganisationType
from api.context import actor
from api.fields import column, fast_type
from api.pagination import Connection, connection
from coordination.events import models, selectors
from coordination.events.models import EventStatus, NoteKind
from coordination.jobseekers.graphql.enums import Sex
from coordination.jobseekers.graphql.types import identifiers, sees_sex
from demand.models import DemandLetter
from reference.graphql.types import ProvinceType

strawberry.enum(EventStatus, name="MatchingEventStatus",
                description="PLANNED, OPEN (under way), CLOSED or CANCELLED.")
strawberry.enum(NoteKind, name="CounsellingNoteKind", description="Counselling, mentoring or coaching.")


@fast_type(DemandLetter, name="EventDemandLetter", description="A demand letter presented at an event.")
class EventLetterType:
    id: strawberry.ID
    reference: auto


@strawberry.type(name="MatchingEventOutcomes",
                 description="What an event led to, as the event page shows it. Shortlisting and placement are not "
                 "recorded yet.")
class OutcomesType:
    attendees: int = strawberry.field(description="Seekers who attend: pre-registered, registered there or "
                                      "checked in.")
    registered: int = strawberry.field(description="Seekers registered at the event itself.")
    checked_in: int = strawberry.field(description="Attendees checked in on the day.")
    vetted: int = strawberry.field(description="Attendees vetted since: on an agreement's roster entered on or after "
                                   "the event's date.")


@fast_type(models.Attendance, name="EventAttendee",
           description="A seeker who attends an event, as the attendee list shows them: the national ID and phone "
           "in full for the seeker's own job centre and ministry staff, masked for everyone else.")
class EventAttendeeType:
    seeker_id: strawberry.ID = column(description="The seeker's id: `jobSeeker(id)` opens the full profile.")
    pre_registered: auto
    registered_here: auto = column(description="Registered at the event itself.")
    checked_in_at: auto = column(description="Null while not checked in.")

    @strawberry_django.field(only=[], description="In Khmer script; may be empty when the Latin one is given.")
    def name_km(self, root: models.Attendance) -> str:
        return root.seeker.name_km

    @strawberry_django.field(only=[], description="In Latin letters, as on the passport; may be empty.")
    def name_latin(self, root: models.Attendance) -> str:
        return root.seeker.name_latin

    @strawberry_django.field(only=[], description="Both names, e.g. `Sok Dara (សុខ ដារា)`.")
    def display_name(self, root: models.Attendance) -> str:
        return root.seeker.display_name

    @strawberry_django.field(only=[], description="For statistics and fairness audits only: counsellors and "
                             "ministry staff; null for anyone else.")
    def sex(self, root: models.Attendance, info: Info) -> Sex | None:
        return Sex(root.seeker.sex) if sees_sex(actor(info)) else None

    @strawberry_django.field(only=[])
    def date_of_birth(self, root: models.Attendance) -> datetime.date:
        return root.seeker.date_of_birth

    @strawberry_django.field(only=[], description="In full for the seeker's own job centre and ministry staff, "
                             "masked (•••••6789) for everyone else; empty when not recorded.")
    def national_id(self, root: models.Attendance, info: Info) -> str:
        return identifiers(info, root.seeker)["national_id"]  # type: ignore[no-any-return]

    @strawberry_django.field(only=[], description="International form, masked like the national ID.")
    def phone(self, root: models.Attendance, info: Info) -> str:
        return identifiers(info, root.seeker)["phone"]  # type: ignore[no-any-return]

    @strawberry_django.field(only=[], description="Whether `nationalId` and `phone` are masked for you.")
    def identifiers_masked(self, root: models.Attendance, info: Info) -> bool:
        return bool(identifiers(info, root.seeker)["masked"])

    @strawberry_django.field(only=[], description="Consent to matching is in force (a seeker who withdrew it is "
                             "listed only for counsellors and ministry staff).")
    def consent_active(self, root: models.Attendance) -> bool:
        return root.seeker.consent_active

    @strawberry_django.field(only=[], description="The province the seeker lives in.")
    def province(self, root: models.Attendance) -> ProvinceType:
        return root.seeker.province  # type: ignore[return-value]

    @strawberry_django.field(only=[], description="The job centre that keeps the seeker's record.")
    def job_centre(self, root: models.Attendance) -> OrganisationType:
        return root.seeker.job_centre  # type: ignore[return-value]


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

    @strawberry_django.field(only=[], description="The event's outcome figures, as the event page shows them.")
    def outcomes(self, root: models.MatchingEvent) -> OutcomesType:
        found = selectors.outcomes_of(root) if hasattr(root, "vetted_count") else selectors.event_outcomes(event=root)
        return OutcomesType(attendees=found.attendees, registered=found.registered, checked_in=found.checked_in,
                            vetted=found.vetted)

    @connection(Connection[EventAttendeeType],
                description="The seekers who attend, checked in latest first, as the event page and the attendee "
                "workbook list them.")
    def attendees(self, root: models.MatchingEvent, info: Info) -> list[models.Attendance]:
        """Read for every event on the page at once (CorridorContext.load_batched)."""
        user = actor(info)

        def load(events: Sequence[models.MatchingEvent]) -> dict[Any, list[models.Attendance]]:
            return selectors.attendance_lists(actor=user, events=list(events))  # type: ignore[return-value]

        return info.context.load_batched("events.attendees", root, load, default=list)


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
