"""The notification_read_all page (notification_read_all_view in frontend/notifications/)."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Notification
from tests.notifications.pages.helpers import _notify


def test_mark_all_read(as_role, users):
    mine = [_notify(users["counsellor"]) for _ in range(3)]
    theirs = _notify(users["agency"])
    client = as_role("counsellor")
    response = client.post(reverse("notification_read_all"), follow=True)
    assert "3 notifications are marked as read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.post(reverse("notification_read_all"), follow=True).content.decode()
    assert "You have no unread notifications." in html
