"""Demo events: one upcoming and one past job-matching event of the demo counsellor's job centre, with the demo
employers' approved demand. Runs after the demand demo (INSTALLED_APPS order)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from coordination.events.inputs import EventData
from coordination.events.models import EventStatus, MatchingEvent
from coordination.events.selectors import plannable_letters
from coordination.events.services import event_create, event_set_status


def load_demo_events() -> int:
    counsellor = User.objects.select_related("organisation").filter(username="counsellor").first()
    if counsellor is None or MatchingEvent.objects.filter(job_centre_id=counsellor.organisation_id).exists():
        return 0
    letters = list(plannable_letters())
    employers = sorted({x.employer_id for x in letters})
    today = timezone.localdate()
    common = {"employers": employers, "letters": [x.pk for x in letters], "staff": [counsellor.pk]}
    event_create(actor=counsellor, data=EventData(
        title="Job-matching day, Kampong Cham", date=today + datetime.timedelta(days=14),
        venue="Provincial Department of Labour hall", province="KH-3", **common))
    past = event_create(actor=counsellor, data=EventData(
        title="Job-matching day, Phnom Penh", date=today - datetime.timedelta(days=30),
        venue="NEA Job Centre Phnom Penh", province="KH-12", **common))
    past = event_set_status(actor=counsellor, event=past, status=EventStatus.OPEN, today=past.date)  # on its day
    event_set_status(actor=counsellor, event=past, status=EventStatus.CLOSED)
    return 2


def load_demo() -> str:
    """The demo step of `manage.py load_demo`."""
    return f"{load_demo_events()} job-matching events created"
