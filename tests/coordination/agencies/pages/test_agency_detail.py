"""The ministry's page on one agency: record the licence, change the status, record an inspection."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import Organisation
from coordination.agencies.models import AgencyProfile, AgencyStatus, Inspection
from demand.models import Allocation
from tests.demand.factories import make_letter


def _url(org: Organisation) -> str:
    return reverse("agency_detail", args=[org.pk])


def test_shows_licence_history_inspections_and_allocations(as_role: Any, supervised: dict[str, Any],
                                                           agreements: dict[str, Any]) -> None:
    users = supervised["users"]
    letter = make_letter(agreement=agreements["KR"], employer=users["employer_kr"].organisation, status="allocated")
    Allocation.objects.create(letter=letter, agency=supervised["other"], workers=3, created_by=users["ministry_admin"])
    page = as_role("ministry_admin").get(_url(supervised["other"])).content.decode()
    assert "LIC-57" in page and "Fees above the cap" in page and "Major findings" in page
    assert letter.reference in page and "0 of 3 positions filled" in page
    assert "The agency&#x27;s licence is suspended" in page  # why it gets no new allocations


def test_change_the_status(as_role: Any, supervised: dict[str, Any]) -> None:
    client = as_role("ministry_reviewer")
    other = supervised["other"]
    response = client.post(_url(other), {"action": "status", "status-status": "active", "status-reason": ""})
    assert response.status_code == 200
    assert "Say why the agency&#x27;s status changes." in response.content.decode()
    response = client.post(_url(other), {"action": "status", "status-status": "active",
                                         "status-reason": "Refunds paid"})
    assert response.status_code == 302
    assert AgencyProfile.objects.get(organisation=other).status == AgencyStatus.ACTIVE
    page = client.get(_url(other)).content.decode()
    assert "Refunds paid" in page and "is changed" in page


def test_record_the_licence(as_role: Any, supervised: dict[str, Any]) -> None:
    client = as_role("ministry_admin")
    demo = supervised["demo"]
    today = timezone.localdate()
    bad = client.post(_url(demo), {"action": "licence", "licence-licence_number": "LIC-1",
                                   "licence-issued_on": today.isoformat(), "licence-expires_on": today.isoformat()})
    issued = formats.date_format(today, "DATE_FORMAT")
    assert f"The expiry date must be after the issue date ({issued})" in bad.content.decode()
    response = client.post(_url(demo), {
        "action": "licence", "licence-licence_number": "LIC-2026-1",
        "licence-issued_on": today.isoformat(),
        "licence-expires_on": (today + datetime.timedelta(days=900)).isoformat()})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=demo.pk).licence_number == "LIC-2026-1"


def test_record_an_inspection(as_role: Any, supervised: dict[str, Any]) -> None:
    client = as_role("ministry_admin")
    demo = supervised["demo"]
    bad = client.post(_url(demo), {"action": "inspection", "inspection-inspected_on": "31-31-2026"})
    text = bad.content.decode()
    assert "Give the date as day, month and year" in text and "Give the inspector&#x27;s name." in text
    response = client.post(_url(demo), {
        "action": "inspection", "inspection-inspected_on": timezone.localdate().isoformat(),
        "inspection-inspector": "Ly Sreymom", "inspection-outcome": "minor",
        "inspection-findings": "Two contracts unsigned."})
    assert response.status_code == 302
    assert Inspection.objects.filter(profile__organisation=demo, inspector="Ly Sreymom").exists()


def test_an_unknown_action_is_refused_politely(as_role: Any, supervised: dict[str, Any]) -> None:
    response = as_role("ministry_admin").post(_url(supervised["demo"]), {"action": "delete"}, follow=True)
    assert "Choose what to record" in response.content.decode()


def test_not_an_agency_is_not_found(as_role: Any, supervised: dict[str, Any]) -> None:
    employer = supervised["users"]["employer_th"].organisation
    assert as_role("ministry_admin").get(_url(employer)).status_code == 404


def test_a_licence_number_another_agency_holds_is_refused_next_to_the_field(as_role: Any,
                                                                            supervised: dict[str, Any]) -> None:
    demo, other = supervised["demo"], supervised["other"]
    number_before = Organisation.objects.get(pk=demo.pk).licence_number
    today = timezone.localdate()
    response = as_role("ministry_admin").post(_url(demo), {
        "action": "licence", "licence-licence_number": " lic-57 ", "licence-issued_on": today.isoformat(),
        "licence-expires_on": (today + datetime.timedelta(days=900)).isoformat()})
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert f"Licence number LIC-57 is already held by {other.name}" in page
    assert 'aria-invalid="true"' in page  # on the field, not only in the summary
    assert Organisation.objects.get(pk=demo.pk).licence_number == number_before


def test_the_licence_history_reads_its_dates_in_the_readers_language(as_role: Any, supervised: dict[str, Any]
                                                                     ) -> None:
    """The audit snapshot keeps dates as ISO text; the history shows them as dates of the reader's language."""
    from django.utils import translation

    client = as_role("ministry_admin")
    demo = supervised["demo"]
    issued = datetime.date(2026, 3, 1) if timezone.localdate() >= datetime.date(2026, 3, 1) else timezone.localdate()
    expires = timezone.localdate() + datetime.timedelta(days=900)
    response = client.post(_url(demo), {"action": "licence", "licence-licence_number": "LIC-2026-1",
                                        "licence-issued_on": issued.isoformat(),
                                        "licence-expires_on": expires.isoformat(), "licence-reason": "Renewed"})
    assert response.status_code == 302
    page = client.get(_url(demo)).content.decode().split('id="history-title"')[1]  # the date inputs keep ISO
    assert expires.isoformat() not in page and formats.date_format(expires, "DATE_FORMAT") in page
    client.cookies["django_language"] = "km"
    khmer = client.get(_url(demo)).content.decode().split('id="history-title"')[1]
    with translation.override("km"):
        in_khmer = formats.date_format(expires, "DATE_FORMAT")
    assert expires.isoformat() not in khmer and in_khmer in khmer
