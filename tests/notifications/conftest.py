"""Notification tests: SMS kept in memory, a real Celery worker (the pattern of tests/jobs)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from celery.signals import task_postrun

from notifications import sms
from notifications.models import Delivery, DeliveryStatus

FINISHED = {DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED}


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    """SMS go to notifications.sms.outbox, e-mail to django.core.mail.outbox (pytest-django uses locmem)."""
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def task_runs() -> Iterator[list[int]]:
    """The delivery ids `deliver` has run for (on the worker), in order."""
    runs: list[int] = []
    lock = threading.Lock()

    def record(sender: Any = None, args: Any = None, **kwargs: Any) -> None:
        if sender is not None and sender.name == "notifications.tasks.deliver":
            with lock:
                runs.append(int(args[0]))

    task_postrun.connect(record, weak=False)
    yield runs
    task_postrun.disconnect(record)


def wait_until(condition: Callable[[], bool], seconds: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not reached after {seconds}s")


def wait_delivered(deliveries: list[Delivery], seconds: float = 60) -> list[Delivery]:
    ids = [d.pk for d in deliveries]

    def done() -> bool:
        return Delivery.objects.filter(pk__in=ids, status__in=FINISHED).count() == len(ids)

    wait_until(done, seconds, what=f"deliveries {ids} finished")
    return list(Delivery.objects.filter(pk__in=ids).order_by("pk"))
