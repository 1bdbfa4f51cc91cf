"""Who may do what with job-matching events: one definition per rule, used by the services, the selectors and
both doors.

Counsellors of the organising job centre plan and manage an event; other counsellors named as its staff work at
it (register, check in, counsel); ministry staff see every event and its outcomes. Nobody else sees events.
"""

from __future__ import annotations

from typing import Any

from accounts.permissions import is_ministry
from coordination.jobseekers.permissions import is_counsellor


def can_see_events(actor: Any) -> bool:
    """The event pages and lists: counsellors (their job centre's events and those they staff) and the
    ministry (every event)."""
    return is_counsellor(actor) or is_ministry(actor)


def can_plan(actor: Any) -> bool:
    """Plan a new event, organised by the actor's own job centre."""
    return is_counsellor(actor)


def can_manage(actor: Any, event: Any) -> bool:
    """Change, start, close or cancel an event: counsellors of the organising job centre."""
    return is_counsellor(actor, event.job_centre_id)


def is_staff_of(actor: Any, event: Any) -> bool:
    return bool(getattr(actor, "pk", None)) and event.staff.filter(pk=actor.pk).exists()


def can_work(actor: Any, event: Any) -> bool:
    """Work at an event (pre-register, register, check in, counsel, export the attendees): its managers and the
    counsellors named as its staff."""
    return can_manage(actor, event) or (is_counsellor(actor) and is_staff_of(actor, event))


def can_see_overview(actor: Any) -> bool:
    """The ministry's overview of events across job centres, with their outcomes."""
    return is_ministry(actor)
