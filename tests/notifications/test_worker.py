"""Deliveries sent by a real Celery worker, enqueued only when the transaction commits."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications import sms
from notifications.models import Channel, Delivery, DeliveryStatus, Notification
from notifications.services import notify
from notifications.tasks import deliver, requeue_stuck_deliveries
from tests.notifications.conftest import wait_delivered, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


class FlakySmsBackend(sms.BaseSmsBackend):
    """Refuses the first message it is given, then works: a gateway that hiccups once."""

    failures_left = 1

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if FlakySmsBackend.failures_left > 0:
            FlakySmsBackend.failures_left -= 1
            raise TimeoutError("gateway timed out")
        return sms.LocmemSmsBackend().send_messages(messages)


@pytest.fixture
def dara(reference_data):
    return User.objects.create_user("dara", email="dara@example.org", phone="+85512345678")


def _notify(users, **kwargs):
    return notify(users=users, kind="demand.approved", title="Demand letter DL-7 approved",
                  body="12 positions approved.", link="/demand/7/", **kwargs)


def test_worker_sends_e_mail_and_sms(dara, worker, task_runs):
    with transaction.atomic():
        [n] = _notify([dara])
        assert task_runs == []  # nothing leaves before the commit
    deliveries = wait_delivered(list(n.deliveries.all()))
    assert [d.status for d in deliveries] == [DeliveryStatus.SENT, DeliveryStatus.SENT]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["dara@example.org"], "Demand letter DL-7 approved")]
    assert sms.outbox == [sms.SmsMessage(to="+85512345678", text="Demand letter DL-7 approved\n12 positions approved.")]


def test_a_task_enqueued_three_times_sends_once(dara, worker, task_runs):
    with transaction.atomic():
        [n] = _notify([dara], sms=False)
        delivery = n.deliveries.get()
        deliver.delay_on_commit(delivery.pk)  # the same delivery queued again in the same transaction
    deliver.delay(delivery.pk)  # ... and once more afterwards (e.g. a redelivered message)
    wait_until(lambda: task_runs.count(delivery.pk) == 3, what="three runs of the task")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_rolled_back_notify_enqueues_nothing(dara, worker, task_runs):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([dara])
        raise RuntimeError("the decision failed")
    assert not Delivery.objects.exists()
    # A notification that commits afterwards is delivered; by then the worker would have seen any earlier task.
    with transaction.atomic():
        [n] = _notify([dara], sms=False)
    [delivery] = wait_delivered(list(n.deliveries.all()))
    assert delivery.status == DeliveryStatus.SENT
    assert task_runs == [delivery.pk]
    assert len(mail.outbox) == 1 and sms.outbox == []


def test_a_failed_send_is_recorded_and_retried_by_celery(dara, worker, task_runs, settings):
    FlakySmsBackend.failures_left = 1
    settings.SMS_BACKEND = "tests.notifications.test_worker.FlakySmsBackend"
    with transaction.atomic():
        [n] = _notify([dara], email=False)
    delivery = n.deliveries.get(channel=Channel.SMS)
    wait_until(lambda: Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENT).exists(),
               what="the retried SMS sent")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 2, "")
    assert task_runs == [delivery.pk, delivery.pk]
    assert len(sms.outbox) == 1


# --- sending again: the ministry's button and the beat task, on the real worker ----------------------------------


def _left_behind(dara, status, minutes_ago=0):
    """A delivery a worker left failed (after its retries) or stuck in sending (it died): written directly,
    so that no task is queued for it."""
    n = Notification.objects.create(user=dara, kind="demand.approved", title="Demand letter DL-7 approved",
                                    body="12 positions approved.", link="/demand/7/")
    return Delivery.objects.create(
        notification=n, channel=Channel.EMAIL, key=Delivery.make_key(n.pk, Channel.EMAIL), status=status,
        attempts=5 if status == DeliveryStatus.FAILED else 1,
        claimed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def test_send_again_pressed_twice_sends_once(dara, users, worker, task_runs, as_role):
    failed = _left_behind(dara, DeliveryStatus.FAILED)  # before the worker could see it: nothing queued
    client = as_role("ministry_admin")
    assert client.post(reverse("delivery_resend"), {"one": failed.pk}).status_code == 302
    assert client.post(reverse("delivery_resend"), {"one": failed.pk}).status_code == 302  # pressed again
    deliver.delay(failed.pk)  # ... and the message delivered twice by the broker, for good measure
    wait_until(lambda: task_runs.count(failed.pk) >= 2, what="the re-queued delivery run")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [["dara@example.org"]]
    # A sent delivery cannot be sent again.
    response = client.post(reverse("delivery_resend"), {"one": failed.pk}, follow=True)
    assert "It was sent already." in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_beat_task_sends_a_stuck_delivery_on_the_worker(dara, worker, task_runs, settings):
    stuck = _left_behind(dara, DeliveryStatus.SENDING, minutes_ago=settings.NOTIFICATION_STUCK_MINUTES + 1)
    requeue_stuck_deliveries.delay()
    [stuck] = wait_delivered([stuck])
    assert (stuck.status, stuck.attempts, stuck.requeues) == (DeliveryStatus.SENT, 1, 1)
    assert len(mail.outbox) == 1
    requeue_stuck_deliveries.delay()  # again: nothing is stuck any more
    wait_until(lambda: Delivery.objects.filter(pk=stuck.pk, status=DeliveryStatus.SENT).exists())
    assert task_runs == [stuck.pk] and len(mail.outbox) == 1
