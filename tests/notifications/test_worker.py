"""Deliveries sent by a real Celery worker, enqueued only when the transaction commits."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import User
from notifications import sms
from notifications.models import Channel, Delivery, DeliveryStatus
from notifications.services import notify
from notifications.tasks import deliver
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
