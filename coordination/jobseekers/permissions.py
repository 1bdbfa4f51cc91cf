"""Who may do what with job seekers: one definition per rule, used by the services, the selectors and both doors.

The registry is national: every counsellor can find any seeker (a duplicate registered in another province is
the commonest mistake), but the national ID and phone are shown in full only to the owning job centre and the
ministry, and every full profile opened by anyone else is logged. Licensed agencies see vetted seekers who
consented to be shared with agencies; employers see a seeker only once shortlisted (placements, next issue),
so none yet. A seeker whose consent is withdrawn is in no agency's or employer's view and in no matching.
"""

from __future__ import annotations

from typing import Any

from accounts.models import OrganisationKind, Role
from accounts.permissions import is_ministry, is_signed_in
from coordination.agencies.permissions import can_act_as_licensed_agency, is_agency_staff


def is_counsellor(actor: Any, job_centre: Any = None) -> bool:
    """A counsellor of an active job centre; of `job_centre` when one is given."""
    ok = bool(
        is_signed_in(actor) and actor.role == Role.COUNSELLOR and actor.organisation_id is not None
        and actor.organisation.kind == OrganisationKind.JOB_CENTRE and actor.organisation.is_active
    )
    return ok and (job_centre is None or actor.organisation_id == getattr(job_centre, "pk", job_centre))


def is_licensed_agency_staff(actor: Any) -> bool:
    """Staff of an agency that holds a valid licence now: the one definition of a licensed agency."""
    return can_act_as_licensed_agency(actor)


def sees_agency_view(actor: Any) -> bool:
    """The registry as an agency sees it (the seekers shared with agencies, and why others are not there):
    staff of an agency, licensed or paused."""
    return is_agency_staff(actor)


def owns(actor: Any, seeker: Any) -> bool:
    """A counsellor of the job centre that keeps the seeker's record."""
    return is_counsellor(actor, seeker.job_centre_id)


def can_see_registry(actor: Any) -> bool:
    """The job-seeker pages and lists: counsellors, ministry staff, and licensed agencies' staff (scoped)."""
    return is_counsellor(actor) or is_ministry(actor) or is_licensed_agency_staff(actor)


def can_open_profile(actor: Any, seeker: Any) -> bool:
    """A seeker's full profile (jobseeker_detail), for a seeker the actor's scope holds (selectors.seeker_get):
    whoever may see the registry; the view is logged for those outside the owning job centre and the ministry
    (profile_view_is_logged). Event mode links an attendee to it on this rule."""
    return can_see_registry(actor)


def can_open_registry_page(actor: Any) -> bool:
    """The registry page opens for those who may see the registry, and for the staff of an agency that may not
    (its licence is not valid now): they are told why instead of being turned away with no reason."""
    return can_see_registry(actor) or is_agency_staff(actor)


def can_register(actor: Any) -> bool:
    """Register job seekers (one at a time, at an event, or by import) into the actor's own job centre."""
    return is_counsellor(actor)


def can_update(actor: Any, seeker: Any) -> bool:
    return owns(actor, seeker)


def can_vet(actor: Any, seeker: Any) -> bool:
    """Record vetting evidence and put a seeker on a roster: the owning job centre, or ministry staff."""
    return owns(actor, seeker) or is_ministry(actor)


def can_counsel(actor: Any, seeker: Any) -> bool:
    """Counsel a seeker (notes, the counselling sheet): any counsellor (events gather seekers of several job
    centres) and ministry staff."""
    return is_counsellor(actor) or is_ministry(actor)


def can_record_consent(actor: Any, seeker: Any) -> bool:
    return owns(actor, seeker)


def can_withdraw_consent(actor: Any, seeker: Any) -> bool:
    """A seeker may withdraw through any counsellor, or ask the ministry: no one should have to travel back to
    the job centre that registered them to be taken out of the pool."""
    return is_counsellor(actor) or is_ministry(actor)


def can_merge(actor: Any, first: Any, second: Any) -> bool:
    """Merge two records, or confirm they are distinct people: a counsellor of either record's job centre, or
    ministry staff."""
    return owns(actor, first) or owns(actor, second) or is_ministry(actor)


def can_export_subject_data(actor: Any, seeker: Any) -> bool:
    """Export all of a seeker's own data for them on request: the owning job centre, or ministry staff."""
    return owns(actor, seeker) or is_ministry(actor)


def sees_identifiers(actor: Any, seeker: Any) -> bool:
    """The national ID and phone in full: the owning job centre and ministry staff; masked for everyone else."""
    return owns(actor, seeker) or is_ministry(actor)


def can_search_by_national_id(actor: Any) -> bool:
    """Find a seeker by the whole national ID number: those who keep the registry (counsellors and ministry staff),
    who need it to find a person before registering them again, and are told at registration anyway that a number
    is taken. For anyone else the national ID is masked, and a search that answered to it would confirm the hidden
    digits, or that someone holds the number: their search is by name only."""
    return is_counsellor(actor) or is_ministry(actor)


def profile_view_is_logged(actor: Any, seeker: Any) -> bool:
    """A full profile opened by anyone outside the owning job centre and the ministry goes in the access log."""
    return not sees_identifiers(actor, seeker)


def sees_without_consent(actor: Any) -> bool:
    """Counsellors and the ministry keep seeing a seeker who withdrew consent (to record it, to answer them);
    agencies and employers never do."""
    return is_counsellor(actor) or is_ministry(actor)
