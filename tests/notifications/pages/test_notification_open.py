"""The notification_open page (notification_open_view in frontend/notifications/)."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Notification
from tests.notifications.pages.helpers import _notify


def test_open_marks_read_and_follows_the_link(as_role, users):
    n = _notify(users["attache"], link="/agreements/?status=in_force")
    response = as_role("attache").get(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302 and response.url == "/agreements/?status=in_force"
    n.refresh_from_db()
    assert n.read_at is not None


def test_open_a_bad_stored_link_stays_on_the_site(as_role, users):
    n = _notify(users["attache"])
    Notification.objects.filter(pk=n.pk).update(link="//evil.example/")
    response = as_role("attache").get(reverse("notification_open", args=[n.pk]))
    assert response.url == reverse("notification_list")
