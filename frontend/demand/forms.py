"""Forms for the demand pages: the letter editor (letter fields and one row per position), uploads,
the ministry's decisions, allocation, accreditation and the filters of the lists.

As in frontend.forms, a form checks only the shape of what was typed (a number is a number, a date is a
date) and turns it into the plain data of demand.inputs; the rules (is this wage high enough? may the
worker pay this?) live in demand.services and demand.screening. Their ValidationError keys
("positions[2].wage_amount", "positions[0].costs[1].amount", "allocations[0].workers") are mapped back
onto the field they are about, so that each message shows next to it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from demand.inputs import CostData, LetterData, PositionData
from demand.models import Accreditation, AttachmentKind, LetterStatus, Position, Sex
from demand.selectors import REVIEW_QUEUE_STATUSES
from frontend.forms import CorridorForm, date_input, form_error_items, int_input, number_input
from mou.models import AgreementVersion, Payer, Period
from mou.selectors import version_sector_list
from reference.models import SectorLevel

OCCUPATION_LIST_ID = "isco-unit-groups"
ISCO_UNIT = re.compile(r"^\s*(\d{4})(?!\d)")
# "positions[3].wage_amount", "positions[3].costs[1].amount", "positions[3]"
POSITION_KEY = re.compile(
    r"^positions\[(?P<index>\d+)\](?:\.(?P<field>\w+)(?:\[(?P<cost>\d+)\]\.(?P<cost_field>\w+))?)?$"
)
ALLOCATION_KEY = re.compile(r"^allocations\[(?P<index>\d+)\]\.(?P<field>\w+)$")

COST_FIELD_LABELS = {
    "name": _("cost item"),
    "payer": _("paid by"),
    "amount": _("amount"),
    "currency": _("currency"),
}



def _plain(value: Any) -> str:
    """A decimal as typed, without trailing zeros: 3000.00 → 3000, 1.50 → 1.5."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number.quantize(Decimal(1)) if number == number.to_integral() else number:f}"


# ---------------------------------------------------------------------------------------------------
# Choices for the editor, read once per request and shared by every position row


@dataclass
class PositionChoices:
    sectors: list[Any] = field(default_factory=list)
    currencies: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)  # for the page's one <datalist>

    @classmethod
    def load(cls, *, versions: list[AgreementVersion | None], extra_sectors: set[str] | None = None
             ) -> PositionChoices:
        """The sectors the agreement versions cover (a covered section brings its divisions), every
        currency and every ISCO-08 unit group. Sectors already on the letter stay choosable, so that
        saving never drops them silently (screening then reports them as not covered)."""
        from reference.models import Currency, Occupation, OccupationLevel

        sectors = version_sector_list(versions=versions, extra_codes=extra_sectors)
        groups: dict[str, list[tuple[str, str]]] = {}
        labels: dict[str, str] = {}
        for s in sectors:
            head = s if s.level == SectorLevel.SECTION else s.parent
            key = head.code if head else s.code
            labels.setdefault(key, f"{head.code} {head.title}" if head else s.title)
            groups.setdefault(key, [])
        for s in sectors:
            head = s if s.level == SectorLevel.SECTION else s.parent
            key = head.code if head else s.code
            text = (_("%(code)s — %(title)s (whole section)") % {"code": s.code, "title": s.title}
                    if s.level == SectorLevel.SECTION else f"{s.code} — {s.title}")
            groups[key].append((s.code, str(text)))
        return cls(
            sectors=[(labels[key], options) for key, options in sorted(groups.items())],
            currencies=[(c.code, f"{c.code} — {c.local_name}") for c in Currency.objects.order_by("code")],
            occupations=list(Occupation.objects.filter(level=OccupationLevel.UNIT).order_by("code")
                             .values_list("code", "title")),
        )


# ---------------------------------------------------------------------------------------------------
# The letter itself


class LetterForm(CorridorForm):
    agreement = forms.TypedChoiceField(
        label=_("Agreement"), coerce=int, help_text=_("The agreement with your country that the demand falls under."),
        error_messages={"required": _("Choose the agreement the demand falls under.")},
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=date_input(),
        error_messages={"required": _("Give the date the demand is valid from."),
                        "invalid": _("Give the date as day, month and year, e.g. 2026-05-01.")},
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=date_input(),
        help_text=_("After this date the demand expires and unused positions go back to the quota."),
        error_messages={"required": _("Give the date the demand is valid until."),
                        "invalid": _("Give the date as day, month and year, e.g. 2026-12-31.")},
    )
    def __init__(self, *args: Any, agreements: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreements is None:  # editing: the agreement of a letter never changes
            del self.fields["agreement"]
        else:
            self.fields["agreement"].choices = agreements if len(agreements) == 1 else [
                ("", _("Choose an agreement")), *agreements]


# ---------------------------------------------------------------------------------------------------
# One position


def _text_area(rows: int = 2, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class PositionForm(CorridorForm):
    occupation = forms.CharField(
        label=_("Occupation (ISCO-08)"), max_length=300,
        help_text=_("Type the four-digit code or words from the title, then choose, e.g. 7531."),
        widget=forms.TextInput(attrs={"list": OCCUPATION_LIST_ID, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Choose the occupation (ISCO-08 unit group, four digits).")},
    )
    sector = forms.ChoiceField(label=_("Sector (ISIC Rev.4)"),
                               error_messages={"required": _("Choose the sector.")})
    workers = forms.IntegerField(label=_("Number of workers"), widget=int_input(),
                                 error_messages={"required": _("Give the number of workers."),
                                                 "invalid": _("Write a whole number, e.g. 25.")})
    work_location = forms.CharField(label=_("Work location"), max_length=255,
                                    error_messages={"required": _("Say where the work is (town, province).")})
    contract_months = forms.IntegerField(label=_("Contract length (months)"), widget=int_input(),
                                         error_messages={"required": _("Give the contract length in months."),
                                                         "invalid": _("Write a whole number of months, e.g. 24.")})

    wage_amount = forms.DecimalField(label=_("Wage"), max_digits=12, decimal_places=2,
                                     widget=number_input("0.01"),
                                     error_messages={"required": _("Give the wage."),
                                                     "invalid": _("Write an amount, e.g. 400 or 12000.50.")})
    wage_currency = forms.ChoiceField(label=_("Currency"), error_messages={"required": _("Choose the currency.")})
    wage_period = forms.ChoiceField(label=_("Paid"), choices=[("", _("Choose a period")), *Period.choices],
                                    error_messages={"required": _("Choose the period the wage is paid for.")})
    hours_per_day = forms.DecimalField(label=_("Normal hours per day"), max_digits=4, decimal_places=1,
                                       widget=number_input("0.5"),
                                       error_messages={"required": _("Give the normal hours per day."),
                                                       "invalid": _("Write a number of hours, e.g. 8.")})
    days_per_week = forms.IntegerField(label=_("Working days per week"), widget=int_input(),
                                       error_messages={"required": _("Give the working days per week."),
                                                       "invalid": _("Write a whole number from 1 to 7.")})
    rest_days_per_week = forms.IntegerField(label=_("Rest days per week"), widget=int_input(),
                                            error_messages={"required": _("Give the rest days per week."),
                                                            "invalid": _("Write a whole number from 0 to 7.")})
    overtime_rate = forms.DecimalField(label=_("Overtime rate (× hourly wage)"), max_digits=4, decimal_places=2,
                                       widget=number_input("0.05"),
                                       error_messages={"required": _("Give the overtime rate, e.g. 1.5."),
                                                       "invalid": _("Write a number, e.g. 1.5.")})

    skills = forms.CharField(label=_("Skills and qualifications"), required=False, widget=_text_area())
    experience_months = forms.IntegerField(label=_("Experience (months)"), required=False, widget=int_input(),
                                           error_messages={"invalid": _("Write a whole number of months.")})
    language_test = forms.CharField(label=_("Language test"), required=False, max_length=60)
    language_min_score = forms.CharField(label=_("Minimum language score"), required=False, max_length=20)
    required_sex = forms.ChoiceField(
        label=_("Open to"), choices=Sex.choices, initial=Sex.ANY,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, widget=int_input(),
                                 error_messages={"invalid": _("Write a whole number of years.")})
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, widget=int_input(),
                                 error_messages={"invalid": _("Write a whole number of years.")})

    accommodation = forms.BooleanField(label=_("Accommodation provided"), required=False)
    food = forms.BooleanField(label=_("Food provided"), required=False)
    transport = forms.BooleanField(label=_("Transport provided"), required=False)

    costs = forms.CharField(
        label=_("Cost items"), required=False, widget=_text_area(3, spellcheck="false"),
        help_text=_("One cost per line: item; who pays (employer or worker); amount; currency. "
                    "For example: Visa and work permit; employer; 2500; THB"),
    )

    layout = (
        (_("The job"), ("occupation", "sector", "workers", "work_location", "contract_months")),
        (_("Pay"), ("wage_amount", "wage_currency", "wage_period", "overtime_rate")),
        (_("Working time"), ("hours_per_day", "days_per_week", "rest_days_per_week")),
        (_("Requirements"), ("skills", "experience_months", "language_test", "language_min_score")),
        (_("Who may apply"), ("required_sex", "min_age", "max_age")),
        (_("Provided by the employer"), ("accommodation", "food", "transport")),
        (_("Costs"), ("costs",)),
    )

    def __init__(self, *args: Any, choices: PositionChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("Choose a sector")), *choices.sectors]
        self.fields["wage_currency"].choices = [("", _("Choose a currency")), *choices.currencies]

    def layout_groups(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.layout]

    def clean_occupation(self) -> str:
        raw = self.cleaned_data["occupation"]
        match = ISCO_UNIT.match(raw or "")
        if match is None:
            raise ValidationError(_("Give the four-digit ISCO-08 code, e.g. 7531, or choose from the list."))
        return match.group(1)

    def clean_costs(self) -> list[CostData]:
        return parse_costs(self.cleaned_data.get("costs", ""))

    def to_data(self) -> PositionData:
        cd = self.cleaned_data
        names = ("occupation", "sector", "workers", "wage_amount", "wage_currency", "wage_period", "hours_per_day",
                 "days_per_week", "rest_days_per_week", "overtime_rate", "contract_months", "work_location", "skills",
                 "language_test", "language_min_score", "required_sex", "min_age", "max_age", "accommodation",
                 "food", "transport", "costs")
        return PositionData(**{name: cd[name] for name in names}, experience_months=cd["experience_months"] or 0)

    def partial_data(self) -> PositionData:
        """to_data with what could be read: a field with a form error (or not given) is None."""
        cd = getattr(self, "cleaned_data", {})
        names = [f.name for f in dataclasses.fields(PositionData)]
        values = {name: cd.get(name) for name in names}
        values["costs"] = values["costs"] or []
        values["experience_months"] = values["experience_months"] or 0
        return PositionData(**values)


def _payer_words() -> dict[str, str]:
    """What a person may type for who pays: the stored value or its label in the active language."""
    words = {value: value for value in Payer.values}
    words.update({str(label).strip().lower(): value for value, label in Payer.choices})
    return words


def parse_costs(text: str) -> list[CostData]:
    """'item; payer; amount; currency' per line → CostData; every bad line reported at once."""
    costs, problems = [], []
    payers = _payer_words()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 4:
            problems.append(_("Cost line %(number)s: write four parts separated by semicolons — item; who pays; "
                              "amount; currency.") % {"number": number})
            continue
        name, payer, amount, currency = parts
        payer_value = payers.get(payer.lower())
        try:
            value = Decimal(amount.replace(",", "").replace(" ", ""))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            value = None
        if not name:
            problems.append(_("Cost line %(number)s: name the cost item.") % {"number": number})
        if payer_value is None:
            problems.append(_("Cost line %(number)s: say who pays, employer or worker (not “%(text)s”).")
                            % {"number": number, "text": payer})
        if value is None:
            problems.append(_("Cost line %(number)s: write the amount as a number, e.g. 2500 (not “%(text)s”).")
                            % {"number": number, "text": amount})
        if not re.fullmatch(r"[A-Za-z]{3}", currency):
            problems.append(_("Cost line %(number)s: write the currency as a three-letter code, e.g. THB or USD.")
                            % {"number": number})
        if payer_value is not None and value is not None and name and re.fullmatch(r"[A-Za-z]{3}", currency):
            costs.append(CostData(name=name, payer=payer_value, amount=value, currency=currency.upper()))
    if problems:
        raise ValidationError(problems)
    return costs


def costs_text(costs: list[Any]) -> str:
    labels = dict(Payer.choices)
    return "\n".join(
        f"{c.name}; {str(labels.get(c.payer, c.payer)).lower()}; {_plain(c.amount)}; {c.currency}"
        for c in costs
    )


def position_initial(position: Position) -> dict[str, Any]:
    """A stored position as the editor's initial values (positions come prefetched with their codes)."""
    costs = [CostData(name=c.name, payer=c.payer, amount=c.amount, currency=c.currency.code)
             for c in position.costs.all()]
    return {
        "occupation": f"{position.occupation.code} — {position.occupation.title}",
        "sector": position.sector.code, "workers": position.workers, "work_location": position.work_location,
        "contract_months": position.contract_months, "wage_amount": _plain(position.wage_amount),
        "wage_currency": position.wage_currency.code, "wage_period": position.wage_period,
        "hours_per_day": _plain(position.hours_per_day), "days_per_week": position.days_per_week,
        "rest_days_per_week": position.rest_days_per_week, "overtime_rate": _plain(position.overtime_rate),
        "skills": position.skills, "experience_months": position.experience_months or None,
        "language_test": position.language_test, "language_min_score": position.language_min_score,
        "required_sex": position.required_sex, "min_age": position.min_age, "max_age": position.max_age,
        "accommodation": position.accommodation, "food": position.food, "transport": position.transport,
        "costs": costs_text(costs),
    }


def position_data(position: Position) -> PositionData:
    """A stored position as plain data, as it would be typed again (for letters kept as they are)."""
    return PositionData(
        occupation=position.occupation.code, sector=position.sector.code, workers=position.workers,
        wage_amount=position.wage_amount, wage_currency=position.wage_currency.code,
        wage_period=position.wage_period, hours_per_day=position.hours_per_day, days_per_week=position.days_per_week,
        rest_days_per_week=position.rest_days_per_week, overtime_rate=position.overtime_rate,
        contract_months=position.contract_months, work_location=position.work_location, skills=position.skills,
        experience_months=position.experience_months, language_test=position.language_test,
        language_min_score=position.language_min_score, required_sex=position.required_sex,
        min_age=position.min_age, max_age=position.max_age, accommodation=position.accommodation,
        food=position.food, transport=position.transport,
        costs=[CostData(name=c.name, payer=c.payer, amount=c.amount, currency=c.currency.code)
               for c in position.costs.all()],
    )


# Beyond this many positions the editor keeps them as they are and points to the spreadsheet.
EDITOR_MAX_POSITIONS = 100
PositionFormSet = forms.formset_factory(PositionForm, extra=1, can_delete=True, can_delete_extra=False,
                                        max_num=500, validate_max=True)
POSITIONS_PREFIX = "positions"


class LetterEditor:
    """The letter form and the positions formset, handled as one page (create or edit)."""

    def __init__(self, *, data: Any = None, choices: PositionChoices, agreements: list[tuple[int, str]] | None,
                 initial: dict[str, Any] | None = None, positions: list[dict[str, Any]] | None = None,
                 fixed_positions: list[PositionData] | None = None) -> None:
        self.choices = choices
        # A letter with more positions than a page can hold keeps them as they are (the spreadsheet changes them).
        self.fixed_positions = fixed_positions
        self.letter_form = LetterForm(data, agreements=agreements, initial=initial or {})
        self.formset = PositionFormSet(data, prefix=POSITIONS_PREFIX, initial=positions or [],
                                       form_kwargs={"choices": choices})
        self.page_errors: list[str] = []
        self.positions_errors: list[str] = []  # about the positions as a whole (e.g. too many)
        self._kept: list[PositionForm] = []

    def is_valid(self) -> bool:
        if self.fixed_positions is not None:
            return self.letter_form.is_valid()
        results = [self.letter_form.is_valid(), self.formset.is_valid()]
        return all(results)

    @property
    def agreement_id(self) -> int | None:
        return self.letter_form.cleaned_data.get("agreement")

    def data(self) -> LetterData:
        cd = self.letter_form.cleaned_data
        if self.fixed_positions is not None:
            positions = self.fixed_positions
        else:
            self._kept = [f for f in self.formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            positions = [f.to_data() for f in self._kept]
        # No attestation typed in: the labour attaché attests on the platform after submission.
        return LetterData(valid_from=cd["valid_from"], valid_until=cd["valid_until"], positions=positions)

    def partial_data(self) -> LetterData:
        """What the forms could read so far (a field they could not read is None), for the service to check
        the rest in the same round: a page then shows every field and row error at once."""
        cd = getattr(self.letter_form, "cleaned_data", {})
        if self.fixed_positions is not None:
            positions = self.fixed_positions
        else:
            self._kept = [f for f in self.formset.forms
                          if f.has_changed() and not getattr(f, "cleaned_data", {}).get("DELETE")]
            positions = [f.partial_data() for f in self._kept]
        return LetterData(valid_from=cd.get("valid_from"), valid_until=cd.get("valid_until"), positions=positions)

    def add_service_errors(self, exc: ValidationError, *, besides_form_errors: bool = False) -> None:
        """Put the service's errors on the fields they name. `besides_form_errors`: only where the forms found
        nothing (the forms could not read that field: their word stands)."""
        if not hasattr(exc, "error_dict"):
            self.page_errors.extend(exc.messages)
            return
        for key, messages in exc.message_dict.items():
            self._place(key, messages, besides_form_errors=besides_form_errors)

    def _place(self, key: str, messages: list[str], *, besides_form_errors: bool = False) -> None:
        if key in self.letter_form.fields:
            if not (besides_form_errors and key in self.letter_form.errors):
                self.letter_form.add_error(key, messages)
            return
        match = POSITION_KEY.match(key)
        if match is None or int(match["index"]) >= len(self._kept):
            (self.positions_errors if key == "positions" else self.page_errors).extend(messages)
            return
        form = self._kept[int(match["index"])]
        name = match["field"]
        if match["cost"] is not None:
            label = COST_FIELD_LABELS.get(match["cost_field"], match["cost_field"])
            messages = [str(_("Cost line %(number)s, %(field)s: %(message)s") % {
                "number": int(match["cost"]) + 1, "field": label, "message": m}) for m in messages]
            name = "costs"
        if besides_form_errors and (name in form.errors or name not in form.fields):
            return
        form.add_error(name if name in form.fields else None, messages)

    def error_summary(self) -> list[dict[str, str]]:
        items = [{"message": m, "href": "#page-errors"} for m in self.page_errors]
        items += form_error_items(self.letter_form)
        if self.fixed_positions is not None:
            return items + [{"message": m, "href": "#positions"} for m in self.positions_errors]
        items += [{"message": m, "href": "#positions"}
                  for m in [*self.formset.non_form_errors(), *self.positions_errors]]
        for number, form in enumerate(self.formset.forms, start=1):
            items += form_error_items(form, section=_("Position"), row=number)
        return items


# ---------------------------------------------------------------------------------------------------
# Uploads


class AttachmentForm(CorridorForm):
    # No default: a document filed under the wrong kind misleads the reviewer, so the person chooses.
    kind = forms.ChoiceField(label=_("What is it?"), choices=AttachmentKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what the document is: the signed letter, the "
                                                           "attestation, or other.")})
    upload = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        error_messages={"required": _("Choose the file to upload."),
                        "empty": _("The file is empty. Choose the file again.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="attachment", **kwargs)


class PositionsUploadForm(CorridorForm):
    replace = forms.BooleanField(
        label=_("Replace the positions the letter has now"), required=False,
        error_messages={"required": _("The letter already has positions: tick the box to replace them with the "
                                      "workbook's, or cancel.")},
    )
    workbook = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        help_text=_("The positions in the workbook replace every position of the letter, or nothing changes."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        error_messages={"required": _("Choose the workbook to upload."),
                        "empty": _("The file is empty. Choose the file again.")},
    )

    def __init__(self, *args: Any, existing: int = 0, **kwargs: Any) -> None:
        """`existing`: the positions the letter has now. With any, the upload replaces them: asked first."""
        super().__init__(*args, **kwargs)
        if existing:
            self.fields["replace"].required = True
        else:
            del self.fields["replace"]


# ---------------------------------------------------------------------------------------------------
# The ministry's decisions

DECISION_LABELS = {
    "start_review": _("Start the review"),
    "approve": _("Approve"),
    "return": _("Return to the employer for changes"),
    "reject": _("Reject"),
}


class DecisionForm(CorridorForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose a decision.")})
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=_text_area(3),
        help_text=_("Required to return or reject: the employer reads it. For an approval, an optional note."),
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, prefix="decision", **kwargs)
        self.fields["decision"].choices = [(a, DECISION_LABELS[a]) for a in allowed]
        if len(allowed) == 1:
            self.fields["decision"].initial = allowed[0]


class ReasonForm(CorridorForm):
    reason = forms.CharField(label=_("Reason"), widget=_text_area(3),
                             error_messages={"required": _("Give the reason.")})

    def __init__(self, *args: Any, prefix: str, required_message: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message


class AllocationForm(CorridorForm):
    """One number per licensed agency: the positions it gets now (empty for none)."""

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, prefix="allocate", **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        for agency in agencies:
            self.fields[f"agency_{agency.pk}"] = forms.IntegerField(
                label=agency.name, required=False, min_value=0, widget=int_input(),
                help_text=_("Licence %(number)s") % {"number": agency.licence_number},
                error_messages={"invalid": _("Write a whole number of positions."),
                                "min_value": _("Write a number from 0.")},
            )
        self._chosen: list[str] = []

    def clean(self) -> dict[str, Any]:
        cd = super().clean()
        if not self.errors and not any(cd.get(name) for name in self.fields):
            raise ValidationError(_("Give at least one agency a number of positions."))
        return cd

    def allocations(self) -> list[tuple[Any, int]]:
        out = []
        self._chosen = []
        for name in self.fields:
            count = self.cleaned_data.get(name)
            if count:
                self._chosen.append(name)
                out.append((self.agencies[name.removeprefix("agency_")], count))
        return out

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            match = ALLOCATION_KEY.match(key)
            if match and int(match["index"]) < len(self._chosen):
                self.add_error(self._chosen[int(match["index"])], messages)
            else:
                self.add_error(None, messages)


class FilledForm(CorridorForm):
    """How many of one agency's allocated positions are filled. The range (0 to the positions allocated) and
    the statuses that take it are demand.services.allocation_set_filled's rules; its errors come back here."""

    filled = forms.IntegerField(
        widget=int_input(),
        error_messages={"required": _("Write the number of positions filled."),
                        "invalid": _("Write a whole number of positions.")},
    )

    def __init__(self, *args: Any, allocation: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"filled-{allocation.pk}", initial={"filled": allocation.filled}, **kwargs)
        self.allocation = allocation
        field = self.fields["filled"]
        field.label = _("Positions filled by %(agency)s") % {"agency": allocation.agency.name}
        field.help_text = _("From 0 to %(max)s, the positions allocated.") % {"max": allocation.workers}
        field.widget.attrs.update({"min": 0, "max": allocation.workers})


# ---------------------------------------------------------------------------------------------------
# Employers


class AccreditationForm(CorridorForm):
    status = forms.ChoiceField(label=_("Accreditation"), choices=Accreditation.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose the accreditation.")})
    until = forms.DateField(
        label=_("Until"), required=False, widget=date_input(),
        help_text=_("For an accreditation, the day it ends (empty: no end). For a ban, the last day of the ban."),
        error_messages={"invalid": _("Give the date as day, month and year, e.g. 2027-12-31.")},
    )
    reason = forms.CharField(label=_("Reason for the change"), widget=_text_area(3),
                             help_text=_("For the record and for the employer, who is told of the change."),
                             error_messages={"required": _("Say why the accreditation changes.")})


class EmployerProfileForm(CorridorForm):
    legal_name = forms.CharField(label=_("Legal name"), max_length=255,
                                 help_text=_("As registered, e.g. Siam Garments Company Limited."))
    registration_number = forms.CharField(label=_("Registration number"), max_length=80)
    address = forms.CharField(label=_("Address"), widget=_text_area(3))
    sector = forms.ChoiceField(label=_("Sector (ISIC Rev.4)"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"),
                                     error_messages={"invalid": _("Enter a valid e-mail address, e.g. "
                                                                  "name@example.com.")})
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    def __init__(self, *args: Any, sectors: list[Any], with_reason: bool = False, **kwargs: Any) -> None:
        """with_reason: the ministry changing an employer's profile says why (the employer is told)."""
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sectors
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the change"), widget=_text_area(3),
                help_text=_("For the record and for the employer, who is told of the change."),
                error_messages={"required": _("Say why you change this employer's profile.")})
        for name in ("legal_name", "registration_number", "address", "contact_name", "contact_email"):
            self.fields[name].error_messages["required"] = {
                "legal_name": _("Give the employer's legal name, as registered."),
                "registration_number": _("Give the company registration number."),
                "address": _("Give the employer's address."),
                "contact_name": _("Name the contact person."),
                "contact_email": _("Give the contact person's e-mail address."),
            }[name]


# ---------------------------------------------------------------------------------------------------
# Filters


class LetterFilterForm(CorridorForm):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, statuses: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LetterStatus.choices)
        self.fields["status"].choices = [("", _("Any status")),
                                         *[(s, labels[s]) for s in (statuses or LetterStatus.values)]]


class ReviewQueueFilterForm(CorridorForm):
    agreement = forms.TypedChoiceField(label=_("Agreement"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.ChoiceField(label=_("Deadline"), required=False, choices=[
        ("", _("Any")), ("yes", _("Overdue only")), ("no", _("Not overdue"))])

    def __init__(self, *args: Any, agreements: list[tuple[int, str]], sectors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LetterStatus.choices)
        self.fields["agreement"].choices = [("", _("Any agreement")), *agreements]
        self.fields["sector"].choices = [("", _("Any sector")), *sectors]
        self.fields["status"].choices = [("", _("Any status")), *[(s, labels[s]) for s in REVIEW_QUEUE_STATUSES]]

    def overdue_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("overdue") or "")


class QuotaFilterForm(CorridorForm):
    agreement = forms.TypedChoiceField(label=_("Agreement"), coerce=int)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, agreements: list[tuple[int, str]], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = agreements
        self.fields["year"].choices = [(y, str(y)) for y in years]


class EmployerFilterForm(CorridorForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name or registration number"),
                        widget=forms.TextInput(attrs={"type": "search"}))
    accreditation = forms.ChoiceField(label=_("Accreditation"), required=False,
                                      choices=[("", _("Any accreditation")), *Accreditation.choices])


def non_field(form: forms.Form) -> list[str]:
    return list(form.errors.get(NON_FIELD_ERRORS, []))
