"""Send one notification delivery (e-mail or SMS). Idempotent: a task that runs twice sends once."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from notifications.services import MAX_ATTEMPTS, DeliveryError, delivery_send


@shared_task(
    acks_late=True,
    autoretry_for=(DeliveryError, OperationalError),
    max_retries=MAX_ATTEMPTS - 1,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
)
def deliver(delivery_id: int) -> str:
    """Load the delivery by id and send it unless it was sent, skipped, or is being sent already."""
    return delivery_send(delivery_id=delivery_id)
