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


def test_a_notes_time_is_shown_in_phnom_penh_time(as_role, users, event, attendee):
    import datetime

    from coordination.events.services import note_add

    note = note_add(actor=users["counsellor"], event=event, seeker=attendee, kind="coaching", text="CV.")
    CounsellingNote.objects.filter(pk=note.pk).update(
        created_at=datetime.datetime(2026, 12, 4, 19, 6, tzinfo=datetime.UTC))
    text = as_role("counsellor").get(reverse("event_seeker", args=[event.pk, attendee.pk])).content.decode()
    assert "Dec. 5, 2026, 2:06 a.m." in text
    assert "7:06 p.m." not in text


def test_the_phone_reads_as_a_phone_number(as_role, event, attendee):
    assert attendee.phone == "+85512345678"
    text = as_role("counsellor").get(reverse("event_seeker", args=[event.pk, attendee.pk])).content.decode()
    assert "+855 12 345 678" in text and "+85512345678" not in text


@pytest.mark.parametrize("role", ["counsellor", "ministry_reviewer"])
def test_an_attendee_links_to_their_full_profile_for_those_who_may_open_it(as_role, event, attendee, role):
    client = as_role(role)
    text = client.get(reverse("event_seeker", args=[event.pk, attendee.pk])).content.decode()
    profile = reverse("jobseeker_detail", args=[attendee.pk])
    assert f'href="{profile}" data-profile-link' in text
    assert client.get(profile).status_code == 200


def test_the_profile_link_follows_the_rule(users, attendee):
    from coordination.jobseekers.permissions import can_open_profile

    assert can_open_profile(users["counsellor"], attendee) and can_open_profile(users["ministry_reviewer"], attendee)
    assert not can_open_profile(users["employer_kr"], attendee)
