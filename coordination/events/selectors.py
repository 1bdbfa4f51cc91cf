"""Reads of job-matching events, always scoped to what the actor may see (coordination.events.permissions)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role, User
from accounts.permissions import is_ministry
from coordination.events.models import Attendance, CounsellingNote, MatchingEvent
from coordination.events.positions import OPEN_LETTER_STATUSES
from coordination.jobseekers import permissions as seeker_perms
from coordination.jobseekers.models import JobSeeker, RosterEntry, VettingStatus
from coordination.jobseekers.selectors import seeker_list, seeker_scope
from demand.models import DemandLetter


def event_scope(actor: Any) -> QuerySet[MatchingEvent]:
    """The events the actor may see: ministry staff all; a counsellor their job centre's and those they staff."""
    qs = MatchingEvent.objects.all()
    if is_ministry(actor):
        return qs
    if seeker_perms.is_counsellor(actor):
        return qs.filter(Q(job_centre_id=actor.organisation_id) | Q(staff=actor)).distinct()
    return qs.none()


def event_list(*, actor: Any, province: str | None = None, date_from: datetime.date | None = None,
               date_to: datetime.date | None = None, status: str | None = None,
               job_centre: Any = None) -> QuerySet[MatchingEvent]:
    qs = event_scope(actor)
    if province:
        qs = qs.filter(Q(province__code=province.upper()) | Q(province__mef_code=province.zfill(2)))
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if status:
        qs = qs.filter(status=status)
    if job_centre is not None:
        qs = qs.filter(job_centre_id=getattr(job_centre, "pk", job_centre))
    # The staff are counted in a subquery: the counsellors' scope filters on staff, and a Count over that join
    # would count only the rows the filter kept.
    staff = (MatchingEvent.staff.through.objects.filter(matchingevent_id=OuterRef("pk"))
             .values("matchingevent_id").annotate(n=Count("pk")).values("n"))
    return _with_outcomes(qs.select_related("province", "job_centre")).annotate(
        staff_count=Coalesce(Subquery(staff, output_field=IntegerField()), 0),
    ).order_by("-date", "-pk")


def event_get(*, actor: Any, pk: Any) -> MatchingEvent | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return event_scope(actor).select_related("province", "job_centre", "created_by").filter(pk=pk).first()


def _attendances(actor: Any) -> QuerySet[Attendance]:
    """Attendances of seekers the actor may see (coordination.jobseekers.selectors.seeker_scope: a merged record
    is left out, and a seeker who withdrew consent is for those who keep seeing such seekers only), with what the
    attendee lists show of them."""
    return Attendance.objects.filter(seeker__in=seeker_scope(actor)).select_related(
        "seeker", "seeker__province", "seeker__job_centre")


def attendance_list(*, actor: Any, event: MatchingEvent) -> QuerySet[Attendance]:
    """An event's attendees, checked in latest first: the event page, the attendee workbook and GraphQL."""
    return _attendances(actor).filter(event=event).order_by("-checked_in_at", "seeker__name_latin", "pk")


def attendance_lists(*, actor: Any, events: Sequence[MatchingEvent]) -> dict[int, list[Attendance]]:
    """attendance_list for many events in one query (a page of `matchingEvents`), by event id."""
    out: dict[int, list[Attendance]] = {event.pk: [] for event in events}
    for attendance in _attendances(actor).filter(event_id__in=list(out)).order_by(
            "event_id", "-checked_in_at", "seeker__name_latin", "pk"):
        out[attendance.event_id].append(attendance)
    return out


def attendance_get(*, event: MatchingEvent, seeker: Any) -> Attendance | None:
    return event.attendances.filter(seeker_id=getattr(seeker, "pk", seeker)).select_related("seeker").first()


def event_seeker_search(*, actor: Any, event: MatchingEvent, search: str) -> list[JobSeeker]:
    """Seekers to check in: by name in either script, national ID, or phone (as typed: 012 345 678)."""
    from coordination.jobseekers.cleaning import normalise_phone

    search = (search or "").strip()
    if not search:
        return []
    phone = normalise_phone(search) if any(c.isdigit() for c in search) else None
    found = list(seeker_list(actor=actor, search=search)[:20])
    if phone:
        found += [s for s in seeker_list(actor=actor).filter(phone=phone)[:20] if s not in found]
    return found


def event_notes(*, event: MatchingEvent, seeker: Any) -> QuerySet[CounsellingNote]:
    return CounsellingNote.objects.filter(seeker_id=getattr(seeker, "pk", seeker), event=event).select_related(
        "author")


def plannable_employers() -> QuerySet[Organisation]:
    """Employers that have open demand to bring to an event."""
    letters = DemandLetter.objects.filter(employer=OuterRef("pk"), status__in=OPEN_LETTER_STATUSES,
                                          valid_until__gte=timezone.localdate())
    return Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, is_active=True).filter(
        Exists(letters)).order_by("name")


def plannable_letters(*, employers: Any = None) -> QuerySet[DemandLetter]:
    qs = DemandLetter.objects.filter(status__in=OPEN_LETTER_STATUSES, valid_until__gte=timezone.localdate())
    if employers is not None:
        qs = qs.filter(employer_id__in=[getattr(x, "pk", x) for x in employers])
    return qs.select_related("employer", "agreement").order_by("reference")


def plannable_staff() -> QuerySet[User]:
    return User.objects.filter(role=Role.COUNSELLOR, is_active=True,
                               organisation__kind=OrganisationKind.JOB_CENTRE,
                               organisation__is_active=True).select_related("organisation").order_by(
        "organisation__name", "last_name", "first_name")


@dataclass
class Outcomes:
    """What an event led to, as far as the platform records it: attendees, those registered there, those
    vetted since. (Shortlisting and placement come with the placements; nothing is said of them until then.)"""

    attendees: int
    registered: int
    checked_in: int
    vetted: int


def _with_outcomes(qs: QuerySet[MatchingEvent]) -> QuerySet[MatchingEvent]:
    """The outcome figures as annotations, one query for any number of events: the attendees, those registered
    there, those checked in, and those vetted since (on a roster entered on or after the event's date)."""
    roster_since = RosterEntry.objects.filter(seeker=OuterRef("seeker_id"), entered_on__gte=OuterRef(OuterRef("date")))
    vetted = (Attendance.objects.filter(event=OuterRef("pk"), seeker__vetting_status=VettingStatus.VETTED)
              .filter(Exists(roster_since)).values("event_id").annotate(n=Count("pk")).values("n"))
    return qs.annotate(
        attendee_count=Count("attendances", distinct=True),
        registered_count=Count("attendances", filter=Q(attendances__registered_here=True), distinct=True),
        checked_in_count=Count("attendances", filter=Q(attendances__checked_in_at__isnull=False), distinct=True),
        vetted_count=Coalesce(Subquery(vetted, output_field=IntegerField()), 0),
    )


def outcomes_of(event: MatchingEvent) -> Outcomes:
    """The outcomes of an event read from event_list (whose rows carry them)."""
    return Outcomes(attendees=event.attendee_count, registered=event.registered_count,  # type: ignore[attr-defined]
                    checked_in=event.checked_in_count, vetted=event.vetted_count)  # type: ignore[attr-defined]


def event_outcomes(*, event: MatchingEvent) -> Outcomes:
    """One event's outcomes, counted as event_list counts them."""
    return outcomes_of(_with_outcomes(MatchingEvent.objects.filter(pk=event.pk)).get())
