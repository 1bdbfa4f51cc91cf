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
    from django.utils import timezone

    from coordination.events.models import MatchingEvent

    MatchingEvent.objects.filter(pk=event.pk).update(date=timezone.localdate())
    client = as_role("counsellor")
    url = reverse("event_detail", args=[event.pk])
    assert "Start the event" in client.get(url).content.decode()
    client.post(url, {"action": "status", "status": "open"})
    event.refresh_from_db()
    assert event.status == "open"


def test_an_event_of_another_day_cannot_be_started_and_the_page_says_why(as_role, event):
    client = as_role("counsellor")
    url = reverse("event_detail", args=[event.pk])
    html = client.get(url).content.decode()
    assert "Start the event" not in html
    assert "An event can be started only on its day" in html and "data-start-rule" in html
    response = client.post(url, {"action": "status", "status": "open"}, follow=True)
    event.refresh_from_db()
    assert event.status == "planned"
    assert "An event can be started only on its day" in response.content.decode()


def test_the_cancel_reason_is_a_full_width_field_with_its_label(as_role, event):
    """Every text control on the page sits in a .field (the house style: full width, 2.75rem tall); the cancel
    reason was a bare 21-pixel input."""
    import re

    html = as_role("counsellor").get(reverse("event_detail", args=[event.pk])).content.decode()
    assert re.search(r'<div class="field field--text">\s*<label class="label" for="cancel-reason">'
                     r'Why the event is cancelled</label>\s*<input type="text" name="reason"[^>]*id="cancel-reason"',
                     html), html[html.find("cancel"):][:600]
    assert_controls_in_fields(html)


def assert_controls_in_fields(html: str) -> None:
    """No visible text input, select or textarea outside an element of class "field" (or the search filters)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.bare: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            control = tag in ("select", "textarea") or (
                tag == "input" and a.get("type", "text") not in ("hidden", "checkbox", "radio", "submit"))
            if control and not any("field" in c.split() for c in self.stack):
                self.bare.append(a.get("name") or tag)
            if tag not in ("input", "br", "img", "meta", "link"):
                self.stack.append(a.get("class") or "")

        def handle_endtag(self, tag):
            if tag not in ("input", "br", "img", "meta", "link") and self.stack:
                self.stack.pop()

    reader = Reader()
    reader.feed(html)
    assert reader.bare == []
