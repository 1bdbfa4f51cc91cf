"""Who may do what with recruitment agencies, and the one definition of a licensed agency.

"Licensed agency" is decided here and nowhere else: demand's allocation (the agencies a letter may be
allocated to) and the job-seeker pages (which seekers an agency may see) both call it. An agency is
licensed on a day when
- it is an active organisation of kind agency with a licence number,
- the ministry has recorded the licence: its issue and expiry dates are on the agency's profile,
- the licence is in force that day: issued on that day or before, expiring that day or later
  (today in Phnom Penh, `timezone.localdate()`), and
- its status is active (not suspended, not revoked).
A licence the ministry has not recorded is not taken on trust: an agency organisation without a profile, or
with no dates on it, is not licensed until the ministry records the licence (the agencies page lists such
agencies as "dates not recorded", and the agency's staff are told so).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role
from accounts.permissions import is_ministry, is_signed_in
from coordination.agencies.models import AgencyStatus


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def licensed_agency_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """The rule as a query on organisations (or, with `prefix` such as "agency__", on a relation to one)."""
    day = _today(on)
    p = prefix
    return (Q(**{f"{p}kind": OrganisationKind.AGENCY, f"{p}is_active": True}) & ~Q(**{f"{p}licence_number": ""})
            & Q(**{f"{p}agency_profile__status": AgencyStatus.ACTIVE,
                   f"{p}agency_profile__licence_issued_on__lte": day,
                   f"{p}agency_profile__licence_expires_on__gte": day}))


def agency_profile_of(organisation: Any) -> Any:
    """The organisation's AgencyProfile, None when it has none."""
    try:
        return organisation.agency_profile
    except (ObjectDoesNotExist, AttributeError):
        return None


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def licence_problem(organisation: Any, on: datetime.date | None = None) -> str:
    """Why the organisation is not a licensed agency on `on` (today), in the active language; "" when it is."""
    if organisation is None or organisation.kind != OrganisationKind.AGENCY:
        return _("This organisation is not a recruitment agency.")
    if not organisation.is_active:
        return _("The agency's account is deactivated.")
    if not (organisation.licence_number or "").strip():
        return _("The agency has no licence number on record.")
    profile = agency_profile_of(organisation)
    if profile is not None:
        if profile.status == AgencyStatus.SUSPENDED:
            return _("The agency's licence is suspended: %(reason)s") % {"reason": profile.status_reason}
        if profile.status == AgencyStatus.REVOKED:
            return _("The agency's licence is revoked: %(reason)s") % {"reason": profile.status_reason}
    if profile is None or profile.licence_issued_on is None or profile.licence_expires_on is None:
        return _("The ministry has not recorded the agency's licence dates (issued on, expires on) yet.")
    day = _today(on)
    if profile.licence_issued_on > day:
        return _("The agency's licence takes effect on %(date)s.") % {"date": _date(profile.licence_issued_on)}
    if profile.licence_expires_on < day:
        return _("The agency's licence expired on %(date)s.") % {"date": _date(profile.licence_expires_on)}
    return ""


def is_licensed_agency(organisation: Any, on: datetime.date | None = None) -> bool:
    """The rule for one organisation (the same as licensed_agency_q)."""
    return not licence_problem(organisation, on)


def is_agency_staff(actor: Any, organisation: Any = None) -> bool:
    """Staff of an active recruitment agency; of `organisation` when one is given (licensed or not)."""
    if not (is_signed_in(actor) and actor.role == Role.AGENCY_STAFF and actor.organisation_id is not None
            and actor.organisation.kind == OrganisationKind.AGENCY and actor.organisation.is_active):
        return False
    return organisation is None or actor.organisation_id == getattr(organisation, "pk", organisation)


def agency_access_blocked_reason(actor: Any) -> str:
    """For an agency's staff whose agency is not licensed today: why new allocations and access to job
    seekers are paused, in the active language. "" for everyone else (licensed agencies' staff included)."""
    if not (is_signed_in(actor) and actor.role == Role.AGENCY_STAFF and actor.organisation_id is not None
            and actor.organisation.kind == OrganisationKind.AGENCY):
        return ""
    problem = licence_problem(actor.organisation)
    if not problem:
        return ""
    return _("%(problem)s New allocations and access to job seekers are paused until the ministry restores "
             "the licence.") % {"problem": problem}


def can_act_as_licensed_agency(actor: Any) -> bool:
    """Take new allocations and see job seekers: staff of an agency that is licensed today."""
    return is_agency_staff(actor) and is_licensed_agency(actor.organisation)


def can_supervise_agencies(actor: Any) -> bool:
    """See every agency and manage licences, status and inspections: ministry staff."""
    return is_ministry(actor)


def can_view_agency(actor: Any, organisation: Any) -> bool:
    """An agency's profile: the ministry, or the agency's own staff (read-only)."""
    return can_supervise_agencies(actor) or is_agency_staff(actor, organisation)
