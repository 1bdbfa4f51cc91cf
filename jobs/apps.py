from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every five minutes: jobs still running past their deadline (their worker died) are marked failed.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "jobs-fail-stalled": {"task": "jobs.tasks.fail_stalled_jobs", "schedule_crontab": {"minute": "*/5"}},
}


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from celery.schedules import crontab

        from config.celery import app

        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            **{name: {"task": entry["task"], "schedule": crontab(**entry["schedule_crontab"])}
               for name, entry in BEAT_SCHEDULE.items()},
        }
