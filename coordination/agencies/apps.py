from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "coordination.agencies"
    label = "agencies"
    verbose_name = _("Recruitment agencies")
