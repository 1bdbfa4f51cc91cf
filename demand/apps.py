from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The daily demand jobs (Phnom Penh time, CELERY_TIMEZONE): expire first, then remind about what is left.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "demand-expire-letters": {"task": "demand.tasks.expire_letters", "schedule_crontab": {"hour": 0, "minute": 15}},
    "demand-remind-overdue-reviews": {
        "task": "demand.tasks.remind_overdue_reviews", "schedule_crontab": {"hour": 7, "minute": 30},
    },
}


class DemandConfig(AppConfig):
    name = "demand"
    verbose_name = _("Demand")

    def ready(self) -> None:
        from celery.schedules import crontab

        from config.celery import app
        from demand import spreadsheets  # noqa: F401 — registers the positions-import job runner

        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            **{name: {"task": entry["task"], "schedule": crontab(**entry["schedule_crontab"])}
               for name, entry in BEAT_SCHEDULE.items()},
        }
