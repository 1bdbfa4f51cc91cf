"""Event pages, who may open them: every page, every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import LOGIN, ROLES, assert_status

pytestmark = pytest.mark.django_db

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


def expect(role: str, ok: set[str], otherwise: int = 403):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in ok else otherwise


@pytest.mark.parametrize("role", ROLES)
def test_event_list_by_role(as_role, event, role):
    assert_status(as_role(role).get(reverse("event_list")), expect(role, MINISTRY | {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_create_by_role(as_role, event, role):
    assert_status(as_role(role).get(reverse("event_create")), expect(role, {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_detail_by_role(as_role, event, role):
    assert_status(as_role(role).get(reverse("event_detail", args=[event.pk])),
                  expect(role, MINISTRY | {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_edit_by_role(as_role, event, role):
    assert_status(as_role(role).get(reverse("event_edit", args=[event.pk])),
                  expect(role, {"counsellor"}, otherwise=403))


@pytest.mark.parametrize("role", ROLES)
def test_event_register_by_role(as_role, event, role):
    assert_status(as_role(role).get(reverse("event_register", args=[event.pk])), expect(role, {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_seeker_by_role(as_role, event, attendee, role):
    assert_status(as_role(role).get(reverse("event_seeker", args=[event.pk, attendee.pk])),
                  expect(role, MINISTRY | {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_export_by_role(as_role, event, attendee, role):
    assert_status(as_role(role).get(reverse("event_export", args=[event.pk])),
                  expect(role, MINISTRY | {"counsellor"}))


@pytest.mark.parametrize("role", ROLES)
def test_event_register_check_by_role(as_role, event, role):
    """The duplicate check as the form is typed: those who may register at the event (its organising job centre's
    counsellors and its staff); the ministry sees the event but registers no one there."""
    response = as_role(role).post(reverse("event_register_check", args=[event.pk]), {"name_latin": "Sok Dara"})
    assert_status(response, expect(role, {"counsellor"}))
