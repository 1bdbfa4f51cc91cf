"""Reference-data forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import (
    CorridorForm,
)
from reference.models import OccupationLevel


class OccupationSearchForm(CorridorForm):
    q = forms.CharField(
        label=_("Search by code or title"), required=False, max_length=100,
        help_text=_("Type the start of a code (e.g. 75) or a word from the title (e.g. sewing)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), required=False, coerce=int, empty_value=None,
        choices=[("", _("All levels")), *OccupationLevel.choices],
    )
