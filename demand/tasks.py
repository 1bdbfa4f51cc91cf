"""Daily Celery tasks for demand letters (scheduled in demand.apps). Both are idempotent: running one
twice on the same day changes nothing the second time."""

from __future__ import annotations

import logging

from celery import shared_task

from demand.services import letters_expire_due, letters_remind_overdue

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def remind_overdue_reviews() -> int:
    """Remind reviewers of letters past their review deadline: once per letter per day."""
    sent = letters_remind_overdue()
    if sent:
        log.info("reminded reviewers of %d overdue letter(s): %s", len(sent), ", ".join(sent))
    return len(sent)


@shared_task(acks_late=True)
def expire_letters() -> int:
    """Expire approved demand whose validity has passed, returning its unused quota."""
    expired = letters_expire_due()
    if expired:
        log.info("expired %d letter(s): %s", len(expired), ", ".join(expired))
    return len(expired)
