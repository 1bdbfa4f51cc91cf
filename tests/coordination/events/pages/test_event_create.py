"""Planning an event from the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.events.models import MatchingEvent

pytestmark = pytest.mark.django_db


def test_plan(as_role, users, agreements):
    from tests.coordination.events.helpers import korean_letter

    letter = korean_letter(users, agreements)
    response = as_role("counsellor").post(reverse("event_create"), {
        "title": "Fair", "date": "2027-01-15", "venue": "Hall", "province": "KH-3",
        "employers": [str(users["employer_kr"].organisation.pk)], "letters": [str(letter.pk)],
        "staff": [str(users["counsellor"].pk)], "notes": ""})
    event = MatchingEvent.objects.get()
    assert response.status_code == 302 and list(event.letters.all()) == [letter]


def test_problems_are_shown(as_role, users):
    response = as_role("counsellor").post(reverse("event_create"), {"title": "", "venue": "", "province": ""})
    assert response.status_code == 200 and not MatchingEvent.objects.exists()
