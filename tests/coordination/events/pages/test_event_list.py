"""The list of events and the ministry's overview with outcomes, filtered by province and dates."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_overview_filters(as_role, event, attendee):
    client = as_role("ministry_admin")
    assert event.title in client.get(reverse("event_list")).content.decode()
    assert event.title in client.get(reverse("event_list"), {"province": "KH-3"}).content.decode()
    assert event.title not in client.get(reverse("event_list"), {"province": "KH-12"}).content.decode()
    later = event.date.replace(year=event.date.year + 1).isoformat()
    assert event.title not in client.get(reverse("event_list"), {"date_from": later}).content.decode()
