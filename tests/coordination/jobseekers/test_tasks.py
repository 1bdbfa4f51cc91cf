"""The daily roster tasks, run as Celery runs them: reminders 30 days before the end, expiry after it; both
tell the seeker's counsellors (notifications) and the seeker (an SMS to their own phone, in Khmer, a tracked
delivery), once."""

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
from notifications.models import Channel, Delivery, DeliveryStatus, Notification
from notifications.selectors import delivery_problem_list
from notifications.services import DeliveryError
from notifications.tasks import deliver
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import DAY, today, vet_for_korea

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def send_seeker_sms(kind: str) -> list[Delivery]:
    """Run what the worker runs for each SMS to a seeker (a notification without a user) of this kind."""
    deliveries = list(Delivery.objects.filter(notification__kind=kind, notification__user__isnull=True))
    for delivery in deliveries:
        deliver(delivery.pk)
    return [Delivery.objects.get(pk=d.pk) for d in deliveries]


def khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


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
    notes = Notification.objects.filter(kind="jobseekers.roster_ending", user__isnull=False)
    assert {n.user for n in notes} == {users["counsellor"], colleague}
    assert "Sok Dara" in notes[0].title
    [sms_delivery] = send_seeker_sms("jobseekers.roster_ending")
    assert (sms_delivery.channel, sms_delivery.status, sms_delivery.address) == (
        Channel.SMS, DeliveryStatus.SENT, "+85512345678")
    assert (sms_delivery.notification.language, sms_delivery.notification.target_id) == ("km", str(entry.seeker_id))
    assert [m.to for m in outbox] == ["+85512345678"]
    assert "Corridor" in outbox[0].text and khmer(outbox[0].text)  # in Khmer: the product name stays
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_roster_ending.apply().result == 0
    assert notes.count() == 2
    assert Delivery.objects.filter(notification__user__isnull=True).count() == 1


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
    sent = send_seeker_sms("jobseekers.roster_expired")
    assert len(sent) >= 1 and {d.status for d in sent} == {DeliveryStatus.SENT}
    assert outbox[0].to == "+85512345678" and khmer(outbox[0].text)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_roster_entries.apply().result == 0
    assert Delivery.objects.filter(notification__user__isnull=True).count() == len(sent)


def test_a_gateway_failure_undoes_nothing_and_is_kept_to_send_again(
        users: dict[str, Any], entry: RosterEntry, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SMS_BACKEND = "tests.notifications.test_services.FailingSmsBackend"
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=today() - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        expire_roster_entries()
    assert RosterEntry.objects.get(pk=entry.pk).status == RosterStatus.EXPIRED
    [delivery] = Delivery.objects.filter(notification__user__isnull=True, notification__target_id=str(entry.seeker_id))
    with pytest.raises(DeliveryError):
        deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error) == (DeliveryStatus.FAILED, "ConnectionError: gateway unreachable")
    assert delivery in delivery_problem_list(actor=users["ministry_admin"])


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
    assert not Notification.objects.filter(user__isnull=True).exists() and not Delivery.objects.filter(
        notification__user__isnull=True).exists()
    assert Notification.objects.filter(kind="jobseekers.roster_expired", user__isnull=False).exists()


def test_the_beat_schedule_is_registered() -> None:
    from config.celery import app

    for name, entry in BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[name]["task"] == entry["task"]
    assert {e["task"] for e in BEAT_SCHEDULE.values()} == {
        "coordination.jobseekers.tasks.expire_roster_entries", "coordination.jobseekers.tasks.remind_roster_ending"}
    assert set(app.tasks) >= {e["task"] for e in BEAT_SCHEDULE.values()}
