"""Reads for recruitment agencies, scoped to the actor: ministry staff see every agency; an agency's staff
their own; everyone else none."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from coordination.agencies import permissions as perms
from coordination.agencies.models import AgencyStatus, AgencyStatusChange, Inspection

# What the list can be narrowed to: a status, or the licence's dates.
EXPIRED = "expired"
EXPIRING = "expiring"
NOT_RECORDED = "not_recorded"
EXPIRING_DAYS = 30


def agency_list(*, actor: Any, status: str | None = None, search: str = "",
                today: datetime.date | None = None) -> QuerySet[Organisation]:
    """Agency organisations (with their profile, if any) by name. `status` is an AgencyStatus value, or
    "expired", "expiring" (within 30 days) or "not_recorded" (no licence dates)."""
    qs = Organisation.objects.filter(kind=OrganisationKind.AGENCY).select_related("agency_profile", "country")
    if perms.can_supervise_agencies(actor):
        pass
    elif perms.is_agency_staff(actor):
        qs = qs.filter(pk=actor.organisation_id)
    else:
        return qs.none()
    day = today or timezone.localdate()
    if status == AgencyStatus.ACTIVE:
        qs = qs.filter(Q(agency_profile__isnull=True) | Q(agency_profile__status=AgencyStatus.ACTIVE))
    elif status in (AgencyStatus.SUSPENDED, AgencyStatus.REVOKED):
        qs = qs.filter(agency_profile__status=status)
    elif status == EXPIRED:
        qs = qs.filter(agency_profile__licence_expires_on__lt=day)
    elif status == EXPIRING:
        qs = qs.filter(agency_profile__licence_expires_on__gte=day,
                       agency_profile__licence_expires_on__lte=day + datetime.timedelta(days=EXPIRING_DAYS))
    elif status == NOT_RECORDED:
        qs = qs.filter(Q(agency_profile__isnull=True) | Q(agency_profile__licence_expires_on__isnull=True))
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(name_km__icontains=search)
                       | Q(licence_number__icontains=search))
    return qs.order_by("name", "pk")


def agency_get(*, actor: Any, organisation_id: Any) -> Organisation | None:
    try:
        pk = int(organisation_id)
    except (TypeError, ValueError):
        return None
    return agency_list(actor=actor).filter(pk=pk).first()


def agency_status_history(*, actor: Any, organisation: Organisation) -> QuerySet[AgencyStatusChange]:
    if not perms.can_view_agency(actor, organisation):
        return AgencyStatusChange.objects.none()
    return (AgencyStatusChange.objects.filter(profile__organisation=organisation).select_related("changed_by")
            .order_by("-changed_at", "-pk"))


def inspection_list(*, actor: Any, organisation: Organisation) -> QuerySet[Inspection]:
    if not perms.can_view_agency(actor, organisation):
        return Inspection.objects.none()
    return (Inspection.objects.filter(profile__organisation=organisation).select_related("recorded_by")
            .order_by("-inspected_on", "-pk"))


def licensed_agencies(*, on: datetime.date | None = None) -> QuerySet[Organisation]:
    """Every agency licensed on `on` (today): for callers that scope by their own rule (demand's allocation)."""
    return Organisation.objects.filter(perms.licensed_agency_q(on)).order_by("name")
