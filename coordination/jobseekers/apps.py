from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The daily roster jobs (Phnom Penh time, CELERY_TIMEZONE): expire first, then remind about what is left.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "jobseekers-expire-roster-entries": {
        "task": "coordination.jobseekers.tasks.expire_roster_entries", "schedule_crontab": {"hour": 0, "minute": 30},
    },
    "jobseekers-remind-roster-ending": {
        "task": "coordination.jobseekers.tasks.remind_roster_ending", "schedule_crontab": {"hour": 8, "minute": 0},
    },
}


class JobSeekersConfig(AppConfig):
    name = "coordination.jobseekers"
    label = "jobseekers"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        from celery.schedules import crontab

        from config.celery import app

        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            **{name: {"task": entry["task"], "schedule": crontab(**entry["schedule_crontab"])}
               for name, entry in BEAT_SCHEDULE.items()},
        }
        from coordination.jobseekers import imports  # noqa: F401 — registers the import job's runner
