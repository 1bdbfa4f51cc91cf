from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every five minutes: deliveries stuck in "sending" are queued again, or marked failed for a person.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "notifications-requeue-stuck-deliveries": {
        "task": "notifications.tasks.requeue_stuck_deliveries", "schedule_crontab": {"minute": "*/5"},
    },
}


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from celery.schedules import crontab

        from config.celery import app

        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            **{name: {"task": entry["task"], "schedule": crontab(**entry["schedule_crontab"])}
               for name, entry in BEAT_SCHEDULE.items()},
        }
