"""The notification_read page (notification_read_view in frontend/notifications/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.notifications.pages.helpers import _notify
from tests.pages import LOGIN, assert_status


@pytest.mark.parametrize("name", ["notification_read", "notification_open"])
def test_anonymous_is_sent_to_sign_in(as_role, users, name):
    n = _notify(users["agency"])
    client = as_role("anonymous")
    response = client.post(reverse(name, args=[n.pk])) if name.endswith("read") else client.get(
        reverse(name, args=[n.pk]))
    assert_status(response, LOGIN)
    n.refresh_from_db()
    assert n.read_at is None


def test_next_must_be_the_notifications_page(as_role, users):
    n = _notify(users["agency"])
    response = as_role("agency").post(reverse("notification_read", args=[n.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("notification_list")


def test_marking_someone_elses_is_not_found(as_role, users):
    theirs = _notify(users["employer_kr"])
    client = as_role("employer_th")
    assert_status(client.post(reverse("notification_read", args=[theirs.pk])), 404)
    assert_status(client.get(reverse("notification_open", args=[theirs.pk])), 404)
    assert_status(client.post(reverse("notification_read", args=[999999])), 404)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(as_role, users):
    n = _notify(users["agency"])
    assert_status(as_role("agency").get(reverse("notification_read", args=[n.pk])), 405)
    assert_status(as_role("agency").get(reverse("notification_read_all")), 405)
