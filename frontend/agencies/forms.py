"""Agency supervision forms: shapes only (a date is a date); the rules are coordination.agencies.services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.agencies.models import AgencyStatus, InspectionOutcome
from coordination.agencies.selectors import EXPIRED, EXPIRING, NOT_RECORDED
from frontend.forms import CorridorForm, date_input

DATE_ERROR = {"invalid": _("Give the date as day, month and year, e.g. 2027-12-31.")}


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AgencyFilterForm(CorridorForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name or licence number"),
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Standing"), required=False, choices=[
        ("", _("Any standing")), *AgencyStatus.choices, (EXPIRING, _("Licence expires within 30 days")),
        (EXPIRED, _("Licence expired")), (NOT_RECORDED, _("Licence dates not recorded")),
    ])


class LicenceForm(CorridorForm):
    licence_number = forms.CharField(label=_("Licence number"), max_length=60,
                                     error_messages={"required": _("Give the licence number.")})
    issued_on = forms.DateField(label=_("Issued on"), widget=date_input(), error_messages={
        **DATE_ERROR, "required": _("Give the date the licence was issued.")})
    expires_on = forms.DateField(label=_("Expires on"), widget=date_input(), error_messages={
        **DATE_ERROR, "required": _("Give the date the licence expires.")},
        help_text=_("After this day the agency gets no new allocations and no access to job seekers."))
    reason = forms.CharField(label=_("Note for the record"), required=False, widget=_text_area(2),
                             help_text=_("For example: licence renewed on the ministry's decision of …"))


class StatusForm(CorridorForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgencyStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose active, suspended or revoked.")})
    reason = forms.CharField(label=_("Reason for the change"), widget=_text_area(3),
                             help_text=_("For the record and for the agency's staff, who are told of the change."),
                             error_messages={"required": _("Say why the agency's status changes.")})


class InspectionForm(CorridorForm):
    inspected_on = forms.DateField(label=_("Inspected on"), widget=date_input(), error_messages={
        **DATE_ERROR, "required": _("Give the date of the inspection.")})
    inspector = forms.CharField(label=_("Inspector"), max_length=200,
                                error_messages={"required": _("Give the inspector's name.")})
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InspectionOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _(
                                    "Choose the outcome: compliant, minor, major or critical findings.")})
    findings = forms.CharField(label=_("Findings"), widget=_text_area(4), error_messages={
        "required": _("Say what the inspection found (\"no findings\" if nothing).")})
