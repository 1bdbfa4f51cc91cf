"""Notification pages' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import (
    CorridorForm,
)


class DeliveryFilterForm(CorridorForm):
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from notifications.models import Channel

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("E-mail and SMS")), *Channel.choices]
