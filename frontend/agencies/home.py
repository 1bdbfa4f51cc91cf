"""The agencies panels of the home page: for an agency's staff, the standing of their licence (and why new
allocations are paused when they are); for the ministry, the agencies that need a look."""

from __future__ import annotations

from django.http import HttpRequest

from coordination.agencies import permissions as perms
from coordination.agencies.models import AgencyStatus
from coordination.agencies.selectors import EXPIRED, EXPIRING, agency_list
from frontend.home import Panel


def panels(request: HttpRequest) -> list[Panel]:
    actor = request.user
    blocked = perms.agency_access_blocked_reason(actor)
    if blocked:
        return [Panel("agencies/home/blocked.html", {"blocked": blocked}, order=0)]
    if perms.is_agency_staff(actor):
        organisation = actor.organisation
        return [Panel("agencies/home/agency.html", {
            "organisation": organisation, "profile": perms.agency_profile_of(organisation)}, order=20)]
    if perms.can_supervise_agencies(actor):
        return [Panel("agencies/home/ministry.html", {
            "expiring": agency_list(actor=actor, status=EXPIRING).count(),
            "expired": agency_list(actor=actor, status=EXPIRED).count(),
            "suspended": agency_list(actor=actor, status=AgencyStatus.SUSPENDED).count(),
        }, order=40)]
    return []
