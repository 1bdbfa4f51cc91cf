"""Shapes of the event forms; the rules are coordination.events.services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.events.models import EventStatus, NoteKind
from coordination.jobseekers.models import Sex
from frontend.forms import CorridorForm, date_input


def province_choices(blank: bool = True) -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from reference.models import Province

    km = (get_language() or "").startswith("km")
    out = [("", _("Choose…"))] if blank else []
    return out + [(p.code, p.name_km if km else p.name_en) for p in Province.objects.order_by("name_en")]


def district_choices(actor: Any, province: str) -> list[tuple[str, str]]:
    """The districts of the province chosen, with a blank first; only the blank while no province is chosen."""
    from reference.selectors import district_list

    blank = [("", _("Choose the district") if province else _("Choose the province first"))]
    return blank + [(d.code, d.local_name) for d in district_list(actor=actor, province=province)]


class EventForm(CorridorForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=date_input())
    venue = forms.CharField(label=_("Venue"), max_length=200)
    province = forms.ChoiceField(label=_("Province"))
    employers = forms.MultipleChoiceField(label=_("Participating employers"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    letters = forms.MultipleChoiceField(label=_("Demand they bring"), required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Approved demand letters of the participating employers."))
    staff = forms.MultipleChoiceField(label=_("Staff"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Counsellors who work at the event."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, employers=(), letters=(), staff=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["employers"].choices = [(str(o.pk), o.name) for o in employers]
        self.fields["letters"].choices = [(str(x.pk), f"{x.reference} — {x.employer.name}") for x in letters]
        self.fields["staff"].choices = [(str(u.pk), f"{u.get_full_name() or u.username} — {u.organisation.name}")
                                        for u in staff]


class StatusForm(CorridorForm):
    status = forms.ChoiceField(choices=EventStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why the event is cancelled"), required=False, max_length=2000)


class QuickRegisterForm(CorridorForm):
    """Only the essentials, under a minute per seeker."""

    name_latin = forms.CharField(label=_("Name in Latin letters"), required=False, max_length=150)
    name_km = forms.CharField(label=_("Name in Khmer script"), required=False, max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect,
                            help_text=_("For statistics and fairness audits only; never used in matching."))
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=date_input())
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    national_id = forms.CharField(label=_("National ID number"), required=False, max_length=30)
    province = forms.ChoiceField(label=_("Province"),
                                 error_messages={"required": _("Choose the province where the person lives."),
                                                 "invalid_choice": _("Choose the province from the list.")})
    # A select of the chosen province's districts; the service checks that the district is in the province.
    district = forms.CharField(label=_("District"), required=False, max_length=4, widget=forms.Select())
    occupation = forms.CharField(label=_("Main occupation (ISCO-08 code)"), max_length=4,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                 help_text=_("Four digits, e.g. 7531."))
    years = forms.DecimalField(label=_("Years of experience"), min_value=0, max_value=60, decimal_places=1)
    consent = forms.BooleanField(label=_("The person agrees to their data being used for matching and shared "
                                         "with licensed agencies and, once shortlisted, employers."),
                                 required=False)
    distinct_from = forms.CharField(required=False, widget=forms.HiddenInput)

    def chosen_province(self) -> str:
        """The province the district list is for: the one sent, else the one the form starts with."""
        if self.is_bound:
            return str(self.data.get(self.add_prefix("province")) or "")
        return str(self.initial.get("province") or self.fields["province"].initial or "")

    # What tells who the person is: the duplicate check runs on these as they are typed.
    IDENTITY = ("name_latin", "name_km", "date_of_birth", "phone", "national_id")

    def __init__(self, *args, actor: Any = None, check_url: str = "", districts_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["district"].widget.choices = district_choices(actor, self.chosen_province())
        if districts_url:
            # With JavaScript, choosing a province reloads the district list (the page itself, for that
            # province); without it, "Show the districts" sends the form back (frontend.events.views).
            self.fields["province"].widget.attrs.update({
                "hx-get": districts_url, "hx-trigger": "change", "hx-select": "#district-field",
                "hx-target": "#district-field", "hx-swap": "outerHTML", "hx-include": "this"})
        if check_url:
            for name in self.IDENTITY:
                self.fields[name].widget.attrs.update({
                    "hx-post": check_url, "hx-trigger": "keyup changed delay:400ms, change",
                    "hx-target": "#duplicate-check", "hx-swap": "innerHTML", "hx-include": "closest form",
                    "hx-sync": "closest form:replace"})


class SearchForm(CorridorForm):
    q = forms.CharField(label=_("Name, phone or national ID"), required=False, max_length=100)


class NoteForm(CorridorForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OverviewFilterForm(CorridorForm):
    province = forms.ChoiceField(label=_("Province"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
