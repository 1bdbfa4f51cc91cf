"""The home page of the notifications side."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.notifications.pages.helpers import _notify


def test_header_shows_the_unread_count(as_role, users):
    for _ in range(3):
        _notify(users["employer_th"])
    html = as_role("employer_th").get(reverse("home")).content.decode()
    link = f'href="{reverse("notification_list")}">Notifications (3<span class="visually-hidden"> unread</span>)</a>'
    assert link in html
    Notification.objects.filter(user=users["employer_th"]).update(read_at="2030-01-01T00:00Z")
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert f'href="{reverse("notification_list")}">Notifications</a>' in html


def test_header_count_costs_one_query_and_none_when_signed_out(as_role, users):
    _notify(users["agency"])
    client = as_role("agency")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]
    client = as_role("anonymous")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("login")).content.decode()
    assert not [q for q in queries if "notifications_notification" in q["sql"]]
    assert "Notifications" not in html
