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
