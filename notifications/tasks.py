"""Send one notification delivery (e-mail or SMS). Idempotent: a task that runs twice sends once.
And the periodic task (notifications.apps) that queues again deliveries stuck in "sending"."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from notifications.services import MAX_ATTEMPTS, DeliveryError, deliveries_requeue_stuck, delivery_send

log = logging.getLogger(__name__)


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


@shared_task(acks_late=True)
def requeue_stuck_deliveries() -> int:
    """Queue stuck deliveries again (a bounded number of times each), then give up on them as failed."""
    requeued, given_up = deliveries_requeue_stuck()
    if requeued or given_up:
        log.warning("stuck deliveries: %d queued again, %d marked failed", len(requeued), len(given_up))
    return len(requeued)
