"""Plain helpers for the agency tests: an agency organisation and its licence, status or inspection."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from coordination.agencies.services import agency_licence_save, agency_set_status, inspection_record


def today() -> datetime.date:
    return timezone.localdate()


def make_agency(users: dict[str, Any], name: str = "Mekong Manpower (test)", licence: str = "LIC-7",
                **fields: Any) -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.AGENCY,
                                       country=users["agency"].organisation.country, licence_number=licence, **fields)


def license(users: dict[str, Any], organisation: Organisation, *, expires_in: int = 365,
            issued_ago: int = 365) -> Any:
    day = today()
    return agency_licence_save(actor=users["ministry_admin"], organisation=organisation,
                               licence_number=organisation.licence_number or "LIC-1",
                               issued_on=day - datetime.timedelta(days=issued_ago),
                               expires_on=day + datetime.timedelta(days=expires_in))


def set_status(users: dict[str, Any], organisation: Organisation, status: str, reason: str = "Fees over the cap"
               ) -> Any:
    return agency_set_status(actor=users["ministry_admin"], organisation=organisation, status=status, reason=reason)


def inspect(users: dict[str, Any], organisation: Organisation, outcome: str, days_ago: int = 10) -> Any:
    return inspection_record(actor=users["ministry_admin"], organisation=organisation,
                             inspected_on=today() - datetime.timedelta(days=days_ago), inspector="Keo Dara",
                             findings="Receipts checked.", outcome=outcome)


def expire(organisation: Organisation, days_ago: int = 1) -> None:
    """Put the licence's expiry in the past (the service refuses dates so far back only beyond a year)."""
    from coordination.agencies.models import AgencyProfile

    profile, _ = AgencyProfile.objects.get_or_create(organisation=organisation)
    profile.licence_issued_on = today() - datetime.timedelta(days=800)
    profile.licence_expires_on = today() - datetime.timedelta(days=days_ago)
    profile.save()
