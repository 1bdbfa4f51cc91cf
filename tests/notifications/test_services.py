"""notify(), marking read, the selectors, and delivery_send run directly (no worker)."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from accounts.models import User
from i18n.messages import message
from notifications import sms
from notifications.models import Channel, Delivery, DeliveryStatus, Notification
from notifications.selectors import notification_get, notification_list, unread_count
from notifications.services import (
    MAX_ATTEMPTS,
    DeliveryError,
    delivery_send,
    notification_mark_all_read,
    notification_mark_read,
    notify,
    notify_phone,
)
from notifications.tasks import deliver


class FailingSmsBackend(sms.BaseSmsBackend):
    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionError("gateway unreachable")


@pytest.fixture
def people(db):
    return {
        "dara": User.objects.create_user("dara", email="dara@example.org", phone="+855 12 345 678"),
        "sokha": User.objects.create_user("sokha", email="sokha@example.org", phone="+85517000111"),
        "no_contact": User.objects.create_user("vanna"),
    }


def _notify(users, **kwargs):
    defaults = {"kind": "demand.approved", "title": "Demand letter DL-1 approved",
                "body": "The ministry approved 12 positions.", "link": "/demand/1/"}
    return notify(users=users, **(defaults | kwargs))


def test_notify_creates_in_app_rows_and_one_delivery_per_channel(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        made = _notify([people["dara"], people["sokha"], people["dara"]])
    assert [n.user for n in made] == [people["dara"], people["sokha"]]  # a user listed twice is notified once
    n = Notification.objects.get(user=people["dara"])
    assert (n.kind, n.title, n.body, n.link, n.read_at) == (
        "demand.approved", "Demand letter DL-1 approved", "The ministry approved 12 positions.", "/demand/1/", None)
    keys = set(Delivery.objects.values_list("key", flat=True))
    assert keys == {f"{m.pk}:{c}" for m in made for c in ("email", "sms")}
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert len(callbacks) == 4  # one task per delivery, enqueued on commit


def test_channels_can_be_turned_off(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _notify([people["dara"]], sms=False)
        _notify([people["sokha"]], email=False, sms=False)
    assert list(Delivery.objects.values_list("channel", flat=True)) == [Channel.EMAIL]
    assert Notification.objects.count() == 2
    assert len(callbacks) == 1


def test_notify_inside_a_rolled_back_transaction_writes_and_enqueues_nothing(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _notify([people["dara"]])
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_nobody_to_notify(people):
    assert _notify([]) == []
    assert _notify([None]) == []


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "demand/1/"])
def test_links_must_be_paths_on_this_site(people, link):
    with pytest.raises(ValueError):
        _notify([people["dara"]], link=link)


def test_title_is_one_line(people):
    [n] = _notify([people["dara"]], title="Line one\nline two")
    assert n.title == "Line one line two"


def test_running_deliver_twice_sends_once(people, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    [n] = _notify([people["dara"]])
    email = n.deliveries.get(channel=Channel.EMAIL)
    text = n.deliveries.get(channel=Channel.SMS)
    for delivery in (email, text):
        assert deliver(delivery.pk) == DeliveryStatus.SENT
        assert deliver(delivery.pk) == ""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dara@example.org"]
    assert message.subject == "Demand letter DL-1 approved"
    assert message.body == "The ministry approved 12 positions.\n\nhttp://127.0.0.1:8000/demand/1/"
    assert sms.outbox == [sms.SmsMessage(to="+855 12 345 678",
                                         text="Demand letter DL-1 approved\nThe ministry approved 12 positions.")]
    email.refresh_from_db()
    assert (email.status, email.attempts, email.address, email.error) == (
        DeliveryStatus.SENT, 1, "dara@example.org", "")
    assert email.sent_at is not None


def test_absolute_links_in_e_mail_when_the_site_address_is_known(people, settings):
    settings.SITE_URL = "https://corridor.example.gov.kh/"
    [n] = _notify([people["dara"]], sms=False)
    delivery_send(delivery_id=n.deliveries.get().pk)
    assert mail.outbox[0].body.endswith("\n\nhttps://corridor.example.gov.kh/demand/1/")


def test_long_sms_is_cut(people):
    [n] = _notify([people["dara"]], email=False, body="x" * 1000)
    delivery_send(delivery_id=n.deliveries.get().pk)
    assert len(sms.outbox[0].text) == 320 and sms.outbox[0].text.endswith("…")


def test_without_address_or_phone_the_delivery_is_skipped(people):
    inactive = User.objects.create_user("gone", email="gone@example.org", phone="+85512000000", is_active=False)
    made = _notify([people["no_contact"], inactive])
    for delivery in Delivery.objects.filter(notification__in=made):
        assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SKIPPED
    reasons = dict(Delivery.objects.filter(notification__user=people["no_contact"]).values_list("channel", "error"))
    assert reasons == {"email": "no e-mail address", "sms": "no phone number"}
    assert set(Delivery.objects.filter(notification__user=inactive).values_list("error", flat=True)) == {
        "account deactivated"}
    assert mail.outbox == [] and sms.outbox == []
    assert Notification.objects.filter(user=people["no_contact"]).exists()  # still in the app


def test_a_failure_is_recorded_and_retried_until_the_last_attempt(people, settings):
    settings.SMS_BACKEND = "tests.notifications.test_services.FailingSmsBackend"
    [n] = _notify([people["dara"]], email=False)
    delivery = n.deliveries.get()
    with pytest.raises(DeliveryError):
        deliver(delivery.pk)  # called directly, Celery's autoretry re-raises instead of queueing a retry
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.error == "ConnectionError: gateway unreachable"
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(DeliveryError):
            delivery_send(delivery_id=delivery.pk)
    assert delivery_send(delivery_id=delivery.pk) == ""  # attempts used up: nothing more is tried
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    assert delivery_send(delivery_id=delivery.pk) == ""
    assert sms.outbox == []


def test_a_failed_delivery_can_succeed_on_retry(people, settings):
    settings.SMS_BACKEND = "tests.notifications.test_services.FailingSmsBackend"
    [n] = _notify([people["dara"]], email=False)
    delivery = n.deliveries.get()
    with pytest.raises(DeliveryError):
        delivery_send(delivery_id=delivery.pk)
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SENT
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 2, "")
    assert len(sms.outbox) == 1


def test_a_delivery_being_sent_is_not_sent_again(people):
    [n] = _notify([people["dara"]], sms=False)
    delivery = n.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING)  # another worker has it
    assert delivery_send(delivery_id=delivery.pk) == ""
    assert mail.outbox == []


def test_a_missing_delivery_is_nothing_to_do(db):
    assert deliver(987654) == ""


def test_logging_backend_is_the_default(settings, caplog):
    settings.SMS_BACKEND = "notifications.sms.LoggingSmsBackend"
    assert isinstance(sms.get_backend(), sms.LoggingSmsBackend)
    with caplog.at_level(logging.INFO, logger="notifications.sms"):
        assert sms.send_sms(to="+85512345678", text="Hello") == 1
    assert "SMS to +85512345678 : Hello" in caplog.text
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    assert isinstance(sms.get_backend(), sms.LocmemSmsBackend)


def test_mark_read_and_selectors_are_scoped_to_the_actor(people):
    dara, sokha = people["dara"], people["sokha"]
    [first] = _notify([dara], title="First")
    [second] = _notify([dara], title="Second")
    [theirs] = _notify([sokha], title="Theirs")
    assert list(notification_list(actor=dara)) == [second, first]  # newest first
    assert unread_count(actor=dara) == 2
    assert notification_get(actor=dara, notification_id=theirs.pk) is None

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(actor=dara, notification_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None

    read = notification_mark_read(actor=dara, notification_id=first.pk)
    assert read.is_read
    when = read.read_at
    assert notification_mark_read(actor=dara, notification_id=first.pk).read_at == when  # unchanged
    assert list(notification_list(actor=dara, unread_only=True)) == [second]
    assert unread_count(actor=dara) == 1

    assert notification_mark_all_read(actor=dara) == 1
    assert notification_mark_all_read(actor=dara) == 0
    assert unread_count(actor=dara) == 0
    assert unread_count(actor=sokha) == 1


def test_anonymous_and_inactive_see_nothing(people):
    from django.contrib.auth.models import AnonymousUser

    _notify([people["dara"]])
    people["dara"].is_active = False
    for actor in (AnonymousUser(), None, people["dara"]):
        assert not notification_list(actor=actor).exists()
        assert unread_count(actor=actor) == 0


# --- someone without an account: an SMS to a phone, in their language, tracked like any other -------------


def _text():
    return message(gettext_lazy("Corridor: your place on the roster of %(agreement)s ends on %(until)s. "
                                "See your job-centre counsellor to renew it."), agreement="EPS", until="2027-01-31")


def test_an_sms_to_a_phone_is_a_tracked_delivery_in_the_recipients_language(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        n = notify_phone(phone=" +855 12 999 000 ", language="km", kind="jobseekers.roster_ending", text=_text(),
                         target=people["dara"])
    assert len(callbacks) == 1  # the task is enqueued when the transaction commits
    deliver(n.deliveries.get().pk)  # what the worker runs
    n.refresh_from_db()
    assert (n.user, n.phone, n.language, n.kind, n.target_id) == (
        None, "+855 12 999 000", "km", "jobseekers.roster_ending", str(people["dara"].pk))
    delivery = n.deliveries.get()
    assert (delivery.channel, delivery.status, delivery.address, delivery.attempts) == (
        Channel.SMS, DeliveryStatus.SENT, "+855 12 999 000", 1)
    [sent] = sms.outbox
    assert sent.to == "+855 12 999 000"
    assert "EPS" in sent.text and "2027-01-31" in sent.text
    assert any("\u1780" <= ch <= "\u17ff" for ch in sent.text), sent.text  # written in Khmer
    assert "Corridor: your place" in n.title  # the English rendering, for the admin's search
    # nobody's in-app message
    assert all(not notification_list(actor=u).exists() for u in people.values())


def test_the_language_recorded_is_the_one_sent(people):
    deliver(notify_phone(phone="+85512999000", language="en", kind="k", text=_text()).deliveries.get().pk)
    assert sms.outbox[0].text.startswith("Corridor: your place on the roster of EPS")


def test_no_phone_no_sms_and_nothing_written(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify_phone(phone=" \t", language="km", kind="k", text=_text()) is None
    assert callbacks == [] and not Notification.objects.exists() and not Delivery.objects.exists()


def test_a_notification_needs_a_user_or_a_phone(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(kind="k", title="t")


def test_a_failed_sms_to_a_phone_is_kept_for_an_administrator_to_send_again(people, users, settings):
    from notifications.selectors import delivery_problem_list

    settings.SMS_BACKEND = "tests.notifications.test_services.FailingSmsBackend"
    n = notify_phone(phone="+85512999000", language="km", kind="k", text=_text())
    delivery = n.deliveries.get()
    with pytest.raises(DeliveryError):
        delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error) == (DeliveryStatus.FAILED, "ConnectionError: gateway unreachable")
    assert list(delivery_problem_list(actor=users["ministry_admin"])) == [delivery]
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert [m.to for m in sms.outbox] == ["+85512999000"]
