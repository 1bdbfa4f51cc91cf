"""A seeker at an event: the positions of the event's demand they qualify or nearly qualify for, with what is
missing, and counselling notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.events.models import CounsellingNote

pytestmark = pytest.mark.django_db


def test_positions_with_what_is_missing(as_role, event, attendee):
    response = as_role("counsellor").get(reverse("event_seeker", args=[event.pk, attendee.pk]))
    text = response.content.decode()
    assert "Nearly qualifies" in text
    assert "needs EPS-TOPIK ≥ 80, has 72" in text
    assert "needs 24 months' experience, has 36" not in text
    for evidence in ("Identity not yet checked", "No medical check recorded", "No police clearance recorded",
                     "Pre-departure orientation not yet completed"):
        assert evidence in text, evidence


def test_a_note(as_role, event, attendee):
    url = reverse("event_seeker", args=[event.pk, attendee.pk])
    response = as_role("counsellor").post(url, {"kind": "mentoring", "text": "Talked about the EPS-TOPIK."})
    assert response.status_code == 302
    assert CounsellingNote.objects.get().kind == "mentoring"
    response = as_role("counsellor").post(url, {"kind": "", "text": ""})
    assert response.status_code == 200 and CounsellingNote.objects.count() == 1
