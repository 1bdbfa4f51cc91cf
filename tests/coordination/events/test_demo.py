"""The demo: one upcoming and one past event of the demo counsellor's job centre, with approved demand."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from coordination.events.models import MatchingEvent

pytestmark = pytest.mark.django_db


def test_demo_events(users, agreements):
    call_command("load_demo", verbosity=0)
    events = list(MatchingEvent.objects.filter(job_centre=users["counsellor"].organisation).order_by("date"))
    today = timezone.localdate()
    assert [e.date < today for e in events] == [True, False]
    assert [e.status for e in events] == ["closed", "planned"]
    assert all(e.letters.exists() for e in events)
    call_command("load_demo", verbosity=0)
    assert MatchingEvent.objects.count() == 2
