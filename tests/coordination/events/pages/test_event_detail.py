"""Event mode: find a seeker by phone and check them in; start and close the event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.events.models import Attendance
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db


def test_find_and_check_in(as_role, users, event):
    seeker = register(users["counsellor"])
    client = as_role("counsellor")
    url = reverse("event_detail", args=[event.pk])
    assert "Sok Dara" in client.get(url, {"q": "012345678"}).content.decode()
    response = client.post(url, {"seeker": seeker.pk, "action": "check_in"})
    assert response.status_code == 302
    assert Attendance.objects.get(event=event, seeker=seeker).checked_in_at is not None


def test_status(as_role, event):
    client = as_role("counsellor")
    url = reverse("event_detail", args=[event.pk])
    client.post(url, {"action": "status", "status": "open"})
    event.refresh_from_db()
    assert event.status == "open"
