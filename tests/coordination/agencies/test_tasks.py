"""Licence expiry reminders (Celery beat): 30 and 7 days before, and once expired; each once, to the agency's
staff and the ministry; a renewed licence starts again."""

from __future__ import annotations

import datetime
from typing import Any

from coordination.agencies.apps import BEAT_SCHEDULE
from coordination.agencies.models import AgencyProfile, AgencyStatus
from coordination.agencies.services import agencies_remind_expiry
from coordination.agencies.tasks import remind_licence_expiry
from notifications.models import Notification
from tests.coordination.agencies.helpers import license, make_agency, set_status, today


def _sent(users: dict[str, Any], role: str) -> int:
    return Notification.objects.filter(user=users[role], kind="agencies.expiry").count()


def test_reminders_at_30_and_7_days_and_at_expiry(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    license(users, agency, expires_in=40)
    day = today()
    expires = day + datetime.timedelta(days=40)
    assert agencies_remind_expiry(today=day) == []
    thirty = expires - datetime.timedelta(days=30)
    assert agencies_remind_expiry(today=thirty) == [agency.name]
    assert agencies_remind_expiry(today=thirty) == []  # twice a day: nothing more
    assert agencies_remind_expiry(today=thirty + datetime.timedelta(days=1)) == []  # same stage
    assert (_sent(users, "agency"), _sent(users, "ministry_admin"), _sent(users, "ministry_reviewer")) == (1, 1, 1)
    seven = expires - datetime.timedelta(days=7)
    assert agencies_remind_expiry(today=seven) == [agency.name]
    assert agencies_remind_expiry(today=expires) == []  # expiring today is still the 7-day stage
    after = expires + datetime.timedelta(days=1)
    assert agencies_remind_expiry(today=after) == [agency.name]
    assert agencies_remind_expiry(today=after + datetime.timedelta(days=5)) == []
    assert _sent(users, "agency") == 3
    titles = [n.title_text for n in Notification.objects.filter(user=users["agency"], kind="agencies.expiry")
              .order_by("pk")]
    assert [("expired on" in t, "expires on" in t) for t in titles] == [(False, True), (False, True), (True, False)]


def test_a_late_first_run_sends_only_the_latest_stage(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    license(users, agency, expires_in=5)
    assert agencies_remind_expiry() == [agency.name]
    profile = AgencyProfile.objects.get(organisation=agency)
    assert profile.expiry_reminder == "7" and profile.reminded_on == today()
    assert _sent(users, "agency") == 1


def test_renewal_starts_the_reminders_again(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    license(users, agency, expires_in=5)
    agencies_remind_expiry()
    license(users, agency, expires_in=25)
    assert agencies_remind_expiry(today=today() + datetime.timedelta(days=1)) == [agency.name]


def test_revoked_and_deactivated_agencies_are_not_reminded(users: dict[str, Any]) -> None:
    revoked = make_agency(users, name="Revoked (test)")
    license(users, revoked, expires_in=3)
    set_status(users, revoked, AgencyStatus.REVOKED)
    closed = make_agency(users, name="Closed (test)", licence="LIC-8")  # one agency per licence number
    license(users, closed, expires_in=3)
    closed.is_active = False
    closed.save()
    assert agencies_remind_expiry() == []


def test_the_task_runs_and_is_scheduled(users: dict[str, Any]) -> None:
    from config.celery import app

    license(users, users["agency"].organisation, expires_in=2)
    assert remind_licence_expiry() == 1
    assert remind_licence_expiry() == 0
    for name, entry in BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[name]["task"] == entry["task"]
    assert {e["task"] for e in BEAT_SCHEDULE.values()} == {"coordination.agencies.tasks.remind_licence_expiry"}
