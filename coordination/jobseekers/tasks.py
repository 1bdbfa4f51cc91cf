"""Daily Celery tasks for the agreement rosters (scheduled in coordination.jobseekers.apps). Both are idempotent:
running one twice on the same day changes nothing the second time."""

from __future__ import annotations

import logging

from celery import shared_task

from coordination.jobseekers.vetting import roster_expire_due, roster_remind_due

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def expire_roster_entries() -> int:
    """Expire roster entries past their validity; tell the seekers and their counsellors."""
    expired = roster_expire_due()
    if expired:
        log.info("expired %d roster entr(y/ies): %s", len(expired), ", ".join(map(str, expired)))
    return len(expired)


@shared_task(acks_late=True)
def remind_roster_ending() -> int:
    """Remind seekers and their counsellors of roster entries ending within 30 days: once per entry."""
    sent = roster_remind_due()
    if sent:
        log.info("reminded about %d roster entr(y/ies) ending: %s", len(sent), ", ".join(map(str, sent)))
    return len(sent)
