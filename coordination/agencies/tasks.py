"""Daily Celery task for agencies (scheduled in coordination.agencies.apps): licence expiry reminders and the
rankings they change. Idempotent: running it twice on the same day sends nothing the second time."""

from __future__ import annotations

import logging

from celery import shared_task

from coordination.agencies.services import agencies_rank_all, agencies_remind_expiry

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def remind_licence_expiry() -> int:
    """Remind agencies and the ministry of licences expiring within 30 and 7 days, and of expired ones."""
    sent = agencies_remind_expiry()
    agencies_rank_all()
    if sent:
        log.info("reminded %d agency licence expiry(ies): %s", len(sent), ", ".join(sent))
    return len(sent)
