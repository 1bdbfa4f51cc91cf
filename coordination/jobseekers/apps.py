from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobSeekersConfig(AppConfig):
    name = "coordination.jobseekers"
    label = "jobseekers"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        from coordination.jobseekers import imports  # noqa: F401 — registers the import job's runner
