"""The daily tasks: overdue reminders (once per letter per day) and expiry (returns unused quota)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from demand.apps import BEAT_SCHEDULE
from demand.models import DemandLetter, QuotaUse
from demand.services import letters_expire_due, letters_remind_overdue
from demand.tasks import expire_letters, remind_overdue_reviews
from notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def overdue(letter, days=1):
    DemandLetter.objects.filter(pk=letter.pk).update(review_due=timezone.localdate() - days * DAY)


def test_reviewers_are_reminded_once_a_day_per_overdue_letter(users, letter_in):
    late = letter_in("under_review")
    late_too = letter_in("submitted")
    on_time = letter_in("submitted")
    waiting_on_employer = letter_in("returned")
    for letter in (late, late_too, waiting_on_employer):
        overdue(letter)
    assert remind_overdue_reviews() == 2
    assert remind_overdue_reviews() == 0  # the same day again: nothing more
    reminders = Notification.objects.filter(kind="demand.review_overdue")
    assert {(int(n.target_id), n.user.username) for n in reminders} == {
        (late.pk, "ministry.reviewer"), (late_too.pk, "ministry.reviewer")}
    assert on_time.pk not in {int(n.target_id) for n in reminders}
    tomorrow = timezone.localdate() + DAY
    assert sorted(letters_remind_overdue(today=tomorrow)) == sorted([late.reference, late_too.reference])
    assert letters_remind_overdue(today=tomorrow) == []


def test_expire_letters_ends_approved_demand_past_its_validity(users, agreements, letter_in):
    old = letter_in("allocated")
    current = letter_in("approved")
    draft = letter_in("draft")
    yesterday = timezone.localdate() - DAY
    DemandLetter.objects.filter(pk__in=[old.pk, draft.pk]).update(valid_until=yesterday)
    assert expire_letters() == 1
    assert expire_letters() == 0
    statuses = dict(DemandLetter.objects.values_list("pk", "status"))
    assert (statuses[old.pk], statuses[current.pk], statuses[draft.pk]) == ("expired", "approved", "draft")
    use = QuotaUse.objects.get(agreement=agreements["KR"], sector__code="C")
    assert (use.approved, use.allocated, use.used) == (10, 0, 0)  # only the current letter's 10 remain
    event = AuditEvent.objects.get(action="letter.expire")
    assert event.actor is None and "validity ended" in event.reason
    assert letters_expire_due(today=timezone.localdate()) == []


def test_the_beat_schedule_is_registered():
    from config.celery import app

    for name, entry in BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[name]["task"] == entry["task"]
    assert {e["task"] for e in BEAT_SCHEDULE.values()} == {"demand.tasks.expire_letters",
                                                          "demand.tasks.remind_overdue_reviews"}
    assert set(app.tasks) >= {"demand.tasks.expire_letters", "demand.tasks.remind_overdue_reviews"}
