"""The daily roster tasks, run as Celery runs them: reminders 30 days before the end, expiry after it; both
tell the seeker's counsellors (notifications) and the seeker (an SMS to their own phone), once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.models import Role, User
from audit.models import AuditEvent
from coordination.jobseekers.apps import BEAT_SCHEDULE
from coordination.jobseekers.models import JobSeeker, RosterEntry, RosterStatus, VettingStatus
from coordination.jobseekers.tasks import expire_roster_entries, remind_roster_ending
from notifications import sms
from notifications.models import Notification
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import DAY, today, vet_for_korea

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def entry(users: dict[str, Any], agreements: dict[str, Any]) -> RosterEntry:
    seeker = register(users["counsellor"])
    vet_for_korea(users["counsellor"], seeker)
    return RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])


def test_counsellors_and_the_seeker_are_reminded_once_30_days_before(
        users: dict[str, Any], entry: RosterEntry, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    colleague = User.objects.create_user("colleague", password="x-password-123",
                                         organisation=users["counsellor"].organisation, role=Role.COUNSELLOR)
    others = RosterEntry.objects.exclude(pk=entry.pk)
    others.update(valid_until=today() + 200 * DAY)
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=today() + 30 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_roster_ending.apply().result == 1
    assert RosterEntry.objects.get(pk=entry.pk).reminded_on == today()
    notes = Notification.objects.filter(kind="jobseekers.roster_ending")
    assert {n.user for n in notes} == {users["counsellor"], colleague}
    assert "Sok Dara" in notes[0].title
    assert [m.to for m in outbox] == ["+85512345678"]
    assert "Corridor" in outbox[0].text  # rendered in Khmer: the product name stays
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_roster_ending.apply().result == 0
    assert notes.count() == 2 and len(outbox) == 1


def test_entries_further_out_are_not_reminded_yet(entry: RosterEntry, outbox: list[Any]) -> None:
    RosterEntry.objects.update(valid_until=today() + 31 * DAY)
    assert remind_roster_ending() == 0
    assert not Notification.objects.exists()


def test_an_entry_past_its_end_expires_once_and_everyone_is_told(
        users: dict[str, Any], entry: RosterEntry, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    RosterEntry.objects.filter(seeker=entry.seeker).update(valid_until=today() - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_roster_entries.apply().result == RosterEntry.objects.filter(seeker=entry.seeker).count()
    assert RosterEntry.objects.get(pk=entry.pk).status == RosterStatus.EXPIRED
    assert JobSeeker.objects.get(pk=entry.seeker_id).vetting_status == VettingStatus.IN_PROGRESS
    assert Notification.objects.filter(kind="jobseekers.roster_expired", user=users["counsellor"]).exists()
    assert AuditEvent.objects.filter(action="jobseeker.roster_expire").exists()
    sent = len(outbox)
    assert sent >= 1 and outbox[0].to == "+85512345678"
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_roster_entries.apply().result == 0
    assert len(outbox) == sent


def test_an_entry_ending_today_is_still_on_the_roster(entry: RosterEntry) -> None:
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=today())
    expire_roster_entries()
    assert RosterEntry.objects.get(pk=entry.pk).status == RosterStatus.ACTIVE


def test_a_seeker_without_a_phone_gets_no_sms_and_the_counsellors_are_still_told(
        users: dict[str, Any], entry: RosterEntry, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    JobSeeker.objects.filter(pk=entry.seeker_id).update(phone="")
    RosterEntry.objects.update(valid_until=today() - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        expire_roster_entries()
    assert outbox == []
    assert Notification.objects.filter(kind="jobseekers.roster_expired").exists()


def test_the_beat_schedule_is_registered() -> None:
    from config.celery import app

    for name, entry in BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[name]["task"] == entry["task"]
    assert {e["task"] for e in BEAT_SCHEDULE.values()} == {
        "coordination.jobseekers.tasks.expire_roster_entries", "coordination.jobseekers.tasks.remind_roster_ending"}
    assert set(app.tasks) >= {e["task"] for e in BEAT_SCHEDULE.values()}
