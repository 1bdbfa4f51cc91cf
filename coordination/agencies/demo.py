"""Demo agency profiles: the demo agency licensed (issued two years ago, valid three more), and a second
agency suspended after an inspection, so that the supervision pages have something to show."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import load_demo_users
from accounts.models import Organisation, OrganisationKind
from coordination.agencies.models import AgencyProfile, AgencyStatus, InspectionOutcome
from coordination.agencies.services import agency_licence_save, agency_set_status, inspection_record
from validation.dates import shift_years

LICENSED = "Angkor Manpower Recruitment (demo)"
SUSPENDED = ("Bayon Overseas Manpower (demo)", "ក្រុមហ៊ុនជ្រើសរើសកម្លាំងពលកម្មបាយ័ន (សាកល្បង)", "MOLVT-LIC-0057")


@transaction.atomic
def load_demo_agencies() -> int:
    """Profiles for the demo agencies, if missing; returns how many were made."""
    admin = load_demo_users()
    today = timezone.localdate()
    made = 0
    licensed = Organisation.objects.get(name=LICENSED)
    if not AgencyProfile.objects.filter(organisation=licensed, licence_expires_on__isnull=False).exists():
        agency_licence_save(actor=admin, organisation=licensed, licence_number=licensed.licence_number or
                            "MOLVT-LIC-0042", issued_on=shift_years(today, -2), expires_on=shift_years(today, 3),
                            reason="Licence on file (demo)")
        inspection_record(actor=admin, organisation=licensed, inspected_on=today - datetime.timedelta(days=90),
                          inspector="Chan Sokha", findings="Fee receipts and worker contracts in order.",
                          outcome=InspectionOutcome.COMPLIANT)
        made += 1
    name, name_km, number = SUSPENDED
    other, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": OrganisationKind.AGENCY, "country": licensed.country, "name_km": name_km,
                             "licence_number": number})
    if not AgencyProfile.objects.filter(organisation=other).exists():
        agency_licence_save(actor=admin, organisation=other, licence_number=number, issued_on=shift_years(today, -4),
                            expires_on=today + datetime.timedelta(days=20), reason="Licence on file (demo)")
        inspection_record(actor=admin, organisation=other, inspected_on=today - datetime.timedelta(days=14),
                          inspector="Keo Dara", findings="Workers charged recruitment fees above the agreed cap.",
                          outcome=InspectionOutcome.MAJOR)
        agency_set_status(actor=admin, organisation=other, status=AgencyStatus.SUSPENDED,
                          reason="Fees above the cap found at the inspection; suspended pending refunds.")
        made += 1
    return made


def load_demo() -> str:
    """The demo step of `manage.py load_demo`."""
    load_demo_agencies()
    return "2 demo agency profiles"
