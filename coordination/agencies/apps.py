from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "agencies-remind-licence-expiry": {
        "task": "coordination.agencies.tasks.remind_licence_expiry", "schedule_crontab": {"hour": 7, "minute": 0},
    },
}


class AgenciesConfig(AppConfig):
    name = "coordination.agencies"
    label = "agencies"
    verbose_name = _("Recruitment agencies")

    def ready(self) -> None:
        from celery.schedules import crontab

        from config.celery import app

        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            **{name: {"task": entry["task"], "schedule": crontab(**entry["schedule_crontab"])}
               for name, entry in BEAT_SCHEDULE.items()},
        }
