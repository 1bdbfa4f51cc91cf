"""The attendee workbook: identifiers masked for those outside the owning job centre, the export audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_export_for_the_owning_centre_and_audited(as_role, event, attendee):
    response = as_role("counsellor").get(reverse("event_export", args=[event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Sok Dara" and sheet["B2"].value == "សុខ ដារា"
    assert sheet["E2"].value == "010203040"
    assert AuditEvent.objects.filter(action="jobseeker.export", target_id=str(event.pk)).exists()


def test_check_in_times_are_in_phnom_penh_time(as_role, event, attendee):
    import datetime

    from coordination.events.models import Attendance

    # 19:06 UTC on 4 December is 02:06 on 5 December in Phnom Penh.
    Attendance.objects.filter(event=event, seeker=attendee).update(
        checked_in_at=datetime.datetime(2026, 12, 4, 19, 6, tzinfo=datetime.UTC))
    response = as_role("counsellor").get(reverse("event_export", args=[event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["K1"].value == "Checked in at"
    assert sheet["K2"].value == datetime.datetime(2026, 12, 5, 2, 6)
    assert sheet["K2"].number_format == "yyyy-mm-dd hh:mm"


def test_phones_read_as_phone_numbers(as_role, event, attendee):
    response = as_role("counsellor").get(reverse("event_export", args=[event.pk]))
    assert load_workbook(io.BytesIO(response.content)).active["F2"].value == "+855 12 345 678"
