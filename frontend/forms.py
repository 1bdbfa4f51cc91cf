"""The shell's form helpers, shared by every page package.

Forms check the shape of what a person typed (a date is a date, a code looks like a code) and turn it
into the plain data the services take. The rules themselves live in the services; their ValidationError
keys are mapped back onto the fields (add_service_errors), so that every message appears next to the
field it is about, and form_error_items lists them at the top of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from mou.selectors import destination_country_choices
from reference.models import SectorLevel
from reference.selectors import currency_list, sector_list
from validation import Checker, clean_text, parse_decimal


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def number_input(step: str = "any") -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal", "class": "input-short"})


def int_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"})


class CorridorForm(forms.Form):
    """Plain forms with the house conventions: no colon after labels; what a person typed is cleaned by the
    shared input rules (validation) before the fields read it: zero-width characters and surrounding blanks
    removed (so a field of blanks is empty, and required), NUL refused on the field, and a number field takes
    the one number format (ASCII digits; not "١٢٣", "1_000", "NaN" or "1e5"). The services apply the same
    rules again: the form only puts the message on the field, in the same round as every other."""

    label_suffix = ""

    def _raw(self, name: str, field: forms.Field) -> Any:
        return super()._widget_data_value(field.widget, self.add_prefix(name))

    def _widget_data_value(self, widget: Any, html_name: str) -> Any:
        """What the fields read: the typed text cleaned (validation.clean_text), NUL dropped (refused below)."""
        value = super()._widget_data_value(widget, html_name)
        name = html_name[len(self.prefix) + 1:] if self.prefix else html_name
        field = self.fields.get(name)
        if field is None or isinstance(field, forms.FileField) or getattr(field, "strip", True) is False:
            return value
        return _cleaned(value)

    def full_clean(self) -> None:
        refused: dict[str, str] = {}
        if self.is_bound:
            for name, field in self.fields.items():
                if isinstance(field, forms.FileField) or field.disabled:
                    continue
                raw = self._raw(name, field)
                for value in raw if isinstance(raw, list | tuple) else [raw]:
                    message = _input_problem(field, value)
                    if message:
                        refused[name] = message
        super().full_clean()
        for name, message in refused.items():
            self._errors[name] = self.error_class([message])
            self.cleaned_data.pop(name, None)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value).replace("\x00", "")
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(v) for v in value)
    return value


_NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def _input_problem(field: forms.Field, value: Any) -> str | None:
    """What the shared input rules refuse in one typed value (None: nothing)."""
    if not isinstance(value, str):
        return None
    checker = Checker()
    text = checker.text("value", value, label=field.label)
    if checker:
        return checker.errors["value"][0]
    if isinstance(field, _NUMBER_FIELDS) and text:
        # The field's own words for a value that is not a number ("Write a whole number of positions.").
        number = parse_decimal(text)
        whole = isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField | forms.DecimalField)
        if number is None or (whole and number != number.to_integral_value()):
            return str(field.error_messages["invalid"])
    return None


def destination_choices(*, actor: Any) -> list[tuple[Any, list[tuple[str, str]]]]:
    """The destination countries as grouped choices (mou.selectors.destination_country_choices): those with an
    agreement in force first, then the others, each group in the reader's alphabetical order."""
    groups: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for country in destination_country_choices(actor=actor):
        groups[bool(country.with_agreement)].append((country.iso2, country.local_name))
    labels = {True: _("Countries with an agreement in force"), False: _("Other countries")}
    return [(labels[key], sorted(groups[key], key=lambda choice: choice[1].casefold()))
            for key in (True, False) if groups[key]]


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (e.g. an ISIC section with its divisions)."""

    template_name = "frontend/widgets/grouped_checkboxes.html"


@dataclass
class TermChoices:
    sectors_grouped: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    currencies: list[tuple[str, str]] = field(default_factory=list)
    countries: list[Any] = field(default_factory=list)  # grouped: frontend.forms.destination_choices

    @classmethod
    def load(cls, *, actor: Any, countries: bool = False) -> TermChoices:
        sectors = list(sector_list(actor=actor).only("pk", "code", "title", "level", "parent_id"))
        by_parent: dict[int | None, list[Any]] = {}
        for s in sectors:
            by_parent.setdefault(s.parent_id, []).append(s)
        grouped = []
        for section in (s for s in sectors if s.level == SectorLevel.SECTION):
            options = [(section.code, _("%(code)s — %(title)s (whole section)")
                        % {"code": section.code, "title": section.title})]
            options += [(d.code, f"{d.code} — {d.title}") for d in by_parent.get(section.pk, [])]
            grouped.append((f"{section.code} {section.title}", options))
        return cls(
            sectors_grouped=grouped,
            currencies=[(c.code, f"{c.code} — {c.local_name}") for c in currency_list(actor=actor)],
            countries=destination_choices(actor=actor) if countries else [],
        )

    def sector_choices(self, *, blank: bool) -> list[Any]:
        return ([("", _("Choose a sector"))] if blank else []) + list(self.sectors_grouped)

    def currency_choices(self) -> list[Any]:
        return [("", _("Choose a currency")), *self.currencies]


def form_error_items(
    form: forms.Form, *, section: Any = None, row: int | None = None
) -> list[dict[str, str]]:
    """Error-summary entries for one form: the message, prefixed with where it is, and a link to the field."""
    items = []
    anchor = f"form-{form.prefix}" if section is not None else "page-errors"
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            href, label = f"#{anchor}", None
        else:
            bound = form[name]
            href, label = f"#{bound.id_for_label or bound.auto_id}", bound.label
        for message in errors:
            if section is not None and label is not None:
                text = _("%(section)s, row %(row)s, %(label)s: %(message)s") % {
                    "section": section, "row": row, "label": label, "message": message}
            elif section is not None:
                text = _("%(section)s, row %(row)s: %(message)s") % {
                    "section": section, "row": row, "message": message}
            elif label is not None:
                text = _("%(label)s: %(message)s") % {"label": label, "message": message}
            else:
                text = message
            items.append({"message": str(text), "href": href})
    return items


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, or at the top."""
    if hasattr(exc, "error_dict"):
        for key, msgs in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, msgs)
    else:
        form.add_error(None, exc.messages)
