"""Agreement forms: registration, the terms editor (each section of terms with its rows), list filters and
status change.

Forms check shapes; the rules are mou.services'. Their ValidationError keys are mapped back onto the fields here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from frontend.forms import (
    CorridorForm,
    GroupedCheckboxes,
    TermChoices,
    date_input,
    form_error_items,
    int_input,
    number_input,
)
from mou.models import (
    AgreementStatus,
    AgreementVersion,
    Branch,
    Channel,
    Payer,
    Period,
    PremiumPayer,
    ProtectionKind,
    TestKind,
)
from mou.terms import (
    SCALAR_FIELDS,
    FeeItemData,
    PortabilityData,
    ProtectionData,
    QuotaData,
    RequiredTestData,
    VersionTerms,
    WageFloorData,
)

ISCO_CODE = re.compile(r"^\d{1,4}$")

SERVICE_ROW_KEY = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)$")


def _clause_input() -> forms.TextInput:
    return forms.TextInput(attrs={"class": "input-clause", "autocomplete": "off"})


def _parse_isco_codes(raw: str) -> list[str]:
    codes = [c.strip() for c in re.split(r"[,;\s]+", raw or "") if c.strip()]
    bad = [c for c in codes if not ISCO_CODE.match(c)]
    if bad:
        raise ValidationError(
            _("These are not ISCO-08 codes: %(codes)s. A code is 1 to 4 digits, e.g. 7531."),
            params={"codes": ", ".join(bad)},
        )
    return list(dict.fromkeys(codes))


class AgreementForm(CorridorForm):
    partner_country = forms.ChoiceField(
        label=_("Partner country"), help_text=_("The destination country that signed the agreement.")
    )
    title = forms.CharField(
        label=_("Title"), max_length=255,
        help_text=_("The title of the signed text, e.g. “MoU on the Employment of Workers”."),
    )
    title_km = forms.CharField(
        label=_("Title in Khmer"), max_length=255, required=False, widget=forms.TextInput(attrs={"lang": "km"}),
        help_text=_("As Khmer readers see it on every page; without it they see the title above."),
    )
    channel = forms.ChoiceField(
        label=_("Recruitment channel"), choices=Channel.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(
        label=_("Status when registered"),
        choices=[(AgreementStatus.DRAFT, AgreementStatus.DRAFT.label),
                 (AgreementStatus.IN_FORCE, AgreementStatus.IN_FORCE.label)],
        initial=AgreementStatus.DRAFT, widget=forms.RadioSelect,
        help_text=_(
            "Keep it a draft until the text is checked; demand is only judged against agreements in force."
        ),
    )
    illustrative = forms.BooleanField(
        label=_("These terms are illustrative, not the signed text"), required=False,
        help_text=_("Pages then show a warning to verify every term against the signed text."),
    )

    def __init__(self, *args: Any, choices: TermChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_country"].choices = [("", _("Choose a country")), *choices.countries]


CLAUSE_LABELS = {
    "sectors_clause": _("Clause for the sectors"),
    "occupations_clause": _("Clause for the occupations"),
    "hours_clause": _("Clause for working hours"),
    "rest_clause": _("Clause for rest days"),
    "overtime_clause": _("Clause for overtime"),
    "contract_clause": _("Clause for contract length"),
    "stay_clause": _("Clause for the maximum stay"),
    "reentry_clause": _("Clause for re-entry"),
    "age_clause": _("Clause for the age range"),
    "eligibility_clause": _("Clause for the checks before departure"),
    "roster_clause": _("Clause for the roster"),
    "fee_clause": _("Clause for fees"),
    "attestation_clause": _("Clause for attestation"),
    "review_clause": _("Clause for the review deadline"),
}


TERM_HELP = {
    "signed_date": _("The day the text (or the amendment) was signed."),
    "in_force_from": _("The first day these terms apply."),
    "source_document": _("Title, reference number or web address of the signed text."),
    "hours_per_day": _("Between 1 and 12."),
    "hours_per_week": _("Between 1 and 60."),
    "min_weekly_rest_days": _("At least one day a week."),
    "overtime_rate": _("A multiple of the normal hourly wage, e.g. 1.5."),
    "reentry_rule": _("In words a worker understands: when and how they may come back."),
    "reentry_rule_km": _("The same rule in Khmer, for Khmer readers."),
    "source_document_km": _("The Khmer title of the signed text, when it has one."),
    "cooling_off_months": _("Months a worker must stay outside the country before re-entering; 0 if none."),
    "roster_validity_months": _("How long a vetted job seeker stays on the roster, e.g. 12."),
    "zero_fee": _("Workers pay no recruitment fees or related costs at all; the employer pays every item."),
    "review_working_days": _("How many working days the ministry has to decide on a demand letter."),
}


DECIMAL_TERMS = {"hours_per_day": "0.5", "hours_per_week": "0.5", "overtime_rate": "0.05"}


@dataclass(frozen=True)
class Row:
    fields: tuple[str, ...]
    clause: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    rows: tuple[Row, ...] = ()
    formsets: tuple[str, ...] = ()
    intro: Any = ""


# The form reads in the same order as the agreement page: as a worker or employer would read it.
TERM_SECTIONS: tuple[Section, ...] = (
    Section("basis", _("Signature and source"), (
        Row(("signed_date", "in_force_from", "source_document", "source_document_km")),)),
    Section("coverage", _("Who and what it covers"), (
        Row(("sectors",), "sectors_clause"), Row(("occupations",), "occupations_clause"))),
    Section("pay", _("Pay and working time"), (
        Row(("hours_per_day", "hours_per_week"), "hours_clause"),
        Row(("min_weekly_rest_days",), "rest_clause"),
        Row(("overtime_rate",), "overtime_clause"),
    ), ("wage_floors",)),
    Section("contract", _("Contract and stay"), (
        Row(("contract_min_months", "contract_max_months"), "contract_clause"),
        Row(("max_stay_months",), "stay_clause"),
        Row(("reentry_rule", "reentry_rule_km", "cooling_off_months"), "reentry_clause"),
    )),
    Section("eligibility", _("Who can apply"), (
        Row(("min_age", "max_age"), "age_clause"),
        Row(("medical_check_required", "orientation_required", "police_clearance_required"),
            "eligibility_clause"),
        Row(("roster_validity_months",), "roster_clause"),
    ), ("required_tests",)),
    Section("fees", _("Fees and costs"), (Row(("zero_fee",), "fee_clause"),), ("fee_items",),
            _("List every cost item and who pays it. A cost the worker may pay needs a cap.")),
    Section("procedure", _("Procedure"), (
        Row(("attestation_required",), "attestation_clause"),
        Row(("review_working_days",), "review_clause"),
    )),
    Section("protections", _("Protections"), (), ("protections",)),
    Section("quotas", _("Quotas"), (), ("quotas",),
            _("How many workers may be recruited per year and sector (and, if the agreement says so, "
              "per occupation).")),
    Section("social_security", _("Social security"), (), ("portability_rules",),
            _("One row per benefit branch or scheme, with a summary a worker can read in English "
              "and in Khmer.")),
)


class TermsForm(CorridorForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors covered (ISIC Rev.4)"),
        help_text=_("Tick a whole section, or only the divisions the agreement names."),
        error_messages={"required": _("Choose at least one sector the agreement covers.")},
        widget=GroupedCheckboxes,
    )
    occupations = forms.CharField(
        label=_("Occupations covered (ISCO-08 codes)"), required=False,
        help_text=_("Codes separated by commas, e.g. 7531, 9211. Leave empty when every occupation "
                    "in the covered sectors is allowed."),
    )

    def __init__(self, *args: Any, choices: TermChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scalar = fields_for_model(
            AgreementVersion, fields=list(SCALAR_FIELDS),
            labels=CLAUSE_LABELS, help_texts=TERM_HELP,
            widgets={
                "signed_date": date_input(), "in_force_from": date_input(),
                "reentry_rule": forms.Textarea(attrs={"rows": 3}),
                "reentry_rule_km": forms.Textarea(attrs={"rows": 3, "lang": "km"}),
                "source_document_km": forms.TextInput(attrs={"lang": "km"}),
                **{name: _clause_input() for name in CLAUSE_LABELS},
                **{name: number_input(step) for name, step in DECIMAL_TERMS.items()},
            },
        )
        for name, formfield in scalar.items():
            if isinstance(formfield, forms.IntegerField) and not isinstance(formfield, forms.DecimalField):
                formfield.widget = int_input()
            self.fields[name] = formfield
        self.fields["sectors"].choices = choices.sector_choices(blank=False)

    def clean_occupations(self) -> list[str]:
        return _parse_isco_codes(self.cleaned_data.get("occupations", ""))


class AmendTermsForm(TermsForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record: e.g. the exchange of letters of 3 March 2026 raising the wage floor."),
        error_messages={"required": _("Say why the agreement is amended (e.g. the exchange of letters).")},
    )
    title_km = forms.CharField(
        label=_("Title in Khmer"), max_length=255, required=False, widget=forms.TextInput(attrs={"lang": "km"}),
        help_text=_("As Khmer readers see it on every page; without it they see the English title."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["in_force_from"].help_text = _(
            "The first day the amended terms apply. The current version ends the day before."
        )
        self.fields["in_force_from"].error_messages["required"] = _(
            "Give the day the amendment comes into force."
        )


class TermRowForm(CorridorForm):
    # Optional grouping of the fields of a long row: ((legend, (field names…)), …).
    layout: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def layout_groups(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.layout]

    def __init__(self, *args: Any, choices: TermChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup(choices)
        for name, f in self.fields.items():
            if name.endswith("clause"):
                f.widget = _clause_input()

    def setup(self, choices: TermChoices) -> None:
        pass

    def to_data(self) -> Any:
        raise NotImplementedError


class WageFloorForm(TermRowForm):
    sector = forms.ChoiceField(label=_("Sector"))
    amount = forms.DecimalField(label=_("Minimum wage"), max_digits=12, decimal_places=2, min_value=0,
                                widget=number_input("0.01"))
    currency = forms.ChoiceField(label=_("Currency"))
    period = forms.ChoiceField(label=_("Paid"), choices=[("", _("Choose a period")), *Period.choices])
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    def setup(self, choices: TermChoices) -> None:
        self.fields["sector"].choices = choices.sector_choices(blank=True)
        self.fields["currency"].choices = choices.currency_choices()

    def to_data(self) -> WageFloorData:
        keys = ("sector", "amount", "currency", "period", "clause")
        return WageFloorData(**{k: self.cleaned_data[k] for k in keys})


class RequiredTestForm(TermRowForm):
    name = forms.CharField(label=_("Test"), max_length=100, help_text=_("e.g. EPS-TOPIK, JLPT"))
    name_km = forms.CharField(label=_("Test in Khmer"), max_length=100, required=False,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose a kind")), *TestKind.choices])
    min_score = forms.CharField(label=_("Minimum score or level"), max_length=30,
                                help_text=_("A number (e.g. 80) or a level (e.g. N4)."))
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    def to_data(self) -> RequiredTestData:
        return RequiredTestData(**{k: self.cleaned_data[k] for k in ("name", "name_km", "kind", "min_score",
                                                                      "clause")})


class FeeItemForm(TermRowForm):
    name = forms.CharField(label=_("Cost item"), max_length=150, help_text=_("e.g. Passport, Medical check"))
    name_km = forms.CharField(label=_("Cost item in Khmer"), max_length=150, required=False,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    payer = forms.ChoiceField(label=_("Paid by"), choices=[("", _("Choose who pays")), *Payer.choices])
    cap_amount = forms.DecimalField(
        label=_("Most the worker may pay"), required=False, max_digits=12, decimal_places=2, min_value=0,
        widget=number_input("0.01"), help_text=_("Only when the worker pays."),
    )
    cap_currency = forms.ChoiceField(label=_("Currency of the cap"), required=False)
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    def setup(self, choices: TermChoices) -> None:
        self.fields["cap_currency"].choices = choices.currency_choices()

    def to_data(self) -> FeeItemData:
        cd = self.cleaned_data
        return FeeItemData(name=cd["name"], name_km=cd["name_km"], payer=cd["payer"], cap_amount=cd["cap_amount"],
                           cap_currency=cd["cap_currency"] or None, clause=cd["clause"])


class ProtectionForm(TermRowForm):
    kind = forms.ChoiceField(label=_("Protection"),
                             choices=[("", _("Choose a protection")), *ProtectionKind.choices])
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    details_km = forms.CharField(label=_("Details in Khmer"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2, "lang": "km"}))
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    def to_data(self) -> ProtectionData:
        return ProtectionData(**{k: self.cleaned_data[k] for k in ("kind", "details", "details_km", "clause")})


class QuotaForm(TermRowForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, widget=int_input())
    sector = forms.ChoiceField(label=_("Sector"))
    occupation = forms.CharField(
        label=_("Occupation (ISCO-08 code)"), required=False, max_length=4, help_text=_("Optional."),
        widget=forms.TextInput(attrs={"class": "input-short", "inputmode": "numeric"}),
    )
    cap = forms.IntegerField(label=_("Cap (workers)"), min_value=0, widget=int_input())
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    def setup(self, choices: TermChoices) -> None:
        self.fields["sector"].choices = choices.sector_choices(blank=True)

    def clean_occupation(self) -> str | None:
        code = (self.cleaned_data.get("occupation") or "").strip()
        if code and not ISCO_CODE.match(code):
            raise ValidationError(_("An ISCO-08 code is 1 to 4 digits, e.g. 7531."))
        return code or None

    def to_data(self) -> QuotaData:
        keys = ("year", "sector", "occupation", "cap", "clause")
        return QuotaData(**{k: self.cleaned_data[k] for k in keys})


class PortabilityForm(TermRowForm):
    branch = forms.ChoiceField(
        label=_("Benefit branch"), choices=[("", _("Choose a branch")), *Branch.choices]
    )
    scheme = forms.CharField(label=_("Scheme"), required=False, max_length=150)
    scheme_km = forms.CharField(label=_("Scheme in Khmer"), required=False, max_length=150,
                                widget=forms.TextInput(attrs={"lang": "km"}))
    mandatory = forms.BooleanField(label=_("Membership is mandatory"), required=False, initial=True)
    employer_percent = forms.DecimalField(label=_("Employer pays (per cent of the wage)"), required=False,
                                          max_digits=5, decimal_places=2, widget=number_input("0.01"))
    worker_percent = forms.DecimalField(label=_("Worker pays (per cent of the wage)"), required=False,
                                        max_digits=5, decimal_places=2, widget=number_input("0.01"))
    wage_ceiling = forms.DecimalField(label=_("Wage ceiling"), required=False, max_digits=12,
                                      decimal_places=2, min_value=0, widget=number_input("0.01"))
    wage_ceiling_currency = forms.ChoiceField(label=_("Currency of the wage ceiling"), required=False)
    totalisation = forms.BooleanField(label=_("Periods are totalised"), required=False)
    payable_abroad = forms.BooleanField(label=_("Benefit payable abroad"), required=False)
    lump_sum_on_leaving = forms.BooleanField(label=_("Lump sum paid on leaving"), required=False)
    lump_sum_min_months = forms.IntegerField(label=_("Minimum months for the lump sum"), required=False,
                                             min_value=0, widget=int_input())
    claim_deadline = forms.CharField(label=_("Claim deadline"), required=False, max_length=200)
    claim_deadline_km = forms.CharField(label=_("Claim deadline in Khmer"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    proof_required = forms.CharField(label=_("Proof required"), required=False, max_length=255)
    proof_required_km = forms.CharField(label=_("Proof required in Khmer"), required=False, max_length=255,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    insurer = forms.CharField(label=_("Insurer"), required=False, max_length=150)
    insurer_km = forms.CharField(label=_("Insurer in Khmer"), required=False, max_length=150,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    premium = forms.CharField(label=_("Premium"), required=False, max_length=150)
    premium_km = forms.CharField(label=_("Premium in Khmer"), required=False, max_length=150,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    premium_payer = forms.ChoiceField(label=_("Premium paid by"), choices=PremiumPayer.choices,
                                      initial=PremiumPayer.NONE)
    purchase_deadline = forms.CharField(label=_("Purchase deadline"), required=False, max_length=200)
    purchase_deadline_km = forms.CharField(label=_("Purchase deadline in Khmer"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"lang": "km"}))
    summary_en = forms.CharField(
        label=_("Summary for workers (English)"), widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        help_text=_("Two or three plain sentences: what the worker pays, what they get, what to keep."),
        error_messages={"required": _("Write a summary a worker can read, in English.")},
    )
    summary_km = forms.CharField(
        label=_("Summary for workers (Khmer)"), widget=forms.Textarea(attrs={"rows": 3, "lang": "km"}),
        error_messages={"required": _("Write a summary a worker can read, in Khmer.")},
    )
    clause = forms.CharField(label=_("Clause"), required=False, max_length=60)

    layout = (
        (_("Branch and scheme"), ("branch", "scheme", "scheme_km", "insurer", "insurer_km", "clause", "mandatory")),
        (_("Contributions"), ("employer_percent", "worker_percent", "wage_ceiling", "wage_ceiling_currency",
                              "totalisation")),
        (_("On leaving the country"), ("payable_abroad", "lump_sum_on_leaving", "lump_sum_min_months",
                                       "claim_deadline", "claim_deadline_km", "proof_required",
                                       "proof_required_km")),
        (_("Insurance to buy"), ("premium", "premium_km", "premium_payer", "purchase_deadline",
                                 "purchase_deadline_km")),
        (_("What a worker reads"), ("summary_en", "summary_km")),
    )

    def setup(self, choices: TermChoices) -> None:
        self.fields["wage_ceiling_currency"].choices = choices.currency_choices()

    def to_data(self) -> PortabilityData:
        cd = dict(self.cleaned_data)
        cd.pop("DELETE", None)
        cd["wage_ceiling_currency"] = cd.get("wage_ceiling_currency") or None
        return PortabilityData(**cd)


def _formset(form: type[TermRowForm]) -> type[forms.BaseFormSet]:
    return forms.formset_factory(form, extra=1, can_delete=True, can_delete_extra=False)


# The formset prefixes are the list names the services use in their error keys ("wage_floors[0].amount").
TERM_FORMSETS: dict[str, tuple[type[forms.BaseFormSet], Any]] = {
    "wage_floors": (_formset(WageFloorForm), _("Minimum wage by sector")),
    "required_tests": (_formset(RequiredTestForm), _("Required tests")),
    "fee_items": (_formset(FeeItemForm), _("Cost items")),
    "protections": (_formset(ProtectionForm), _("Protections")),
    "quotas": (_formset(QuotaForm), _("Quotas")),
    "portability_rules": (_formset(PortabilityForm), _("Social-security rules")),
}


def terms_initial(
    terms: VersionTerms, *, amend: bool
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Form initial data from existing terms (an amendment starts from the version it amends)."""
    scalars = {name: getattr(terms, name) for name in SCALAR_FIELDS}
    scalars["sectors"] = list(terms.sectors)
    scalars["occupations"] = ", ".join(terms.occupations)
    if amend:
        scalars["in_force_from"] = None
    rows = {name: [asdict(item) for item in getattr(terms, name)] for name in TERM_FORMSETS}
    return scalars, rows


@dataclass
class BoundRow:
    fields: list[Any]
    clause: Any


@dataclass
class BoundSection:
    key: str
    title: Any
    intro: Any
    rows: list[BoundRow]
    formsets: list[tuple[str, Any, Any]]  # (prefix, legend, formset)


class TermsEditor:
    """The agreement form (create only), the terms form and the six row formsets, handled as one page."""

    def __init__(
        self, *, data: Any = None, choices: TermChoices, mode: str, initial: VersionTerms | None = None,
        title_km: str = "",
    ) -> None:
        self.mode = mode
        scalars, rows = terms_initial(initial, amend=mode == "amend") if initial else ({}, {})
        if mode == "amend":
            scalars["title_km"] = title_km
        self.agreement_form = AgreementForm(data, choices=choices) if mode == "create" else None
        form_class = AmendTermsForm if mode == "amend" else TermsForm
        self.terms_form = form_class(data, choices=choices, initial=scalars)
        self.formsets = {
            name: formset_class(
                data, prefix=name, initial=rows.get(name, []), form_kwargs={"choices": choices}
            )
            for name, (formset_class, _legend) in TERM_FORMSETS.items()
        }
        self.page_errors: list[str] = []
        self._row_forms: dict[str, list[TermRowForm]] = {}

    # --- reading input --------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        forms_ = [self.terms_form, *self.formsets.values()]
        if self.agreement_form is not None:
            forms_.insert(0, self.agreement_form)
        results = [f.is_valid() for f in forms_]  # every form is checked, so every error shows at once
        return all(results)

    def terms(self) -> VersionTerms:
        cd = self.terms_form.cleaned_data
        lists: dict[str, list[Any]] = {}
        for name, formset in self.formsets.items():
            kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            self._row_forms[name] = kept
            lists[name] = [f.to_data() for f in kept]
        return VersionTerms(
            **{name: cd[name] for name in SCALAR_FIELDS},
            sectors=list(cd["sectors"]), occupations=cd["occupations"], **lists,
        )

    @property
    def reason(self) -> str:
        return self.terms_form.cleaned_data.get("reason", "")

    @property
    def title_km(self) -> str | None:
        """The Khmer title an amendment writes (None when creating: it is one of the agreement's fields)."""
        return self.terms_form.cleaned_data.get("title_km", "") if self.mode == "amend" else None

    def agreement_fields(self) -> dict[str, Any]:
        assert self.agreement_form is not None
        return dict(self.agreement_form.cleaned_data)

    # --- errors from the services ------------------------------------------------------------------------

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.page_errors.extend(exc.messages)
            return
        for key, messages in exc.message_dict.items():
            target, field_name = self._locate(key)
            if target is None:
                self.page_errors.extend(messages)
            else:
                target.add_error(field_name, messages)

    def _locate(self, key: str) -> tuple[forms.Form | None, str | None]:
        if match := SERVICE_ROW_KEY.match(key):
            rows = self._row_forms.get(match["list"], [])
            index = int(match["index"])
            if index < len(rows):
                form = rows[index]
                return form, match["field"] if match["field"] in form.fields else None
            return None, None
        if key in self.terms_form.fields:
            return self.terms_form, key
        if self.agreement_form is not None and key in self.agreement_form.fields:
            return self.agreement_form, key
        return None, None

    def error_summary(self) -> list[dict[str, str]]:
        items = [{"message": m, "href": "#page-errors"} for m in self.page_errors]
        if self.agreement_form is not None:
            items += form_error_items(self.agreement_form)
        items += form_error_items(self.terms_form)
        for name, formset in self.formsets.items():
            legend = TERM_FORMSETS[name][1]
            items += [{"message": m, "href": f"#{name}"} for m in formset.non_form_errors()]
            for number, form in enumerate(formset.forms, start=1):
                items += form_error_items(form, section=legend, row=number)
        return items

    # --- layout -------------------------------------------------------------------------------------------

    # An amendment asks for its reason and start date first, in the card at the top of the page.
    @property
    def top_fields(self) -> tuple[str, ...]:
        return ("reason", "in_force_from", "title_km") if self.mode == "amend" else ()

    def sections(self) -> list[BoundSection]:
        out = []
        for s in TERM_SECTIONS:
            rows = []
            for r in s.rows:
                fields = [self.terms_form[f] for f in r.fields if f not in self.top_fields]
                if fields:
                    rows.append(BoundRow(fields, self.terms_form[r.clause] if r.clause else None))
            formsets = [(name, TERM_FORMSETS[name][1], self.formsets[name]) for name in s.formsets]
            out.append(BoundSection(s.key, s.title, s.intro, rows, formsets))
        return out


class AgreementFilterForm(CorridorForm):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Title or partner country"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Partner country"), required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *AgreementStatus.choices]
        self.fields["country"].choices = [("", _("Any country")), *countries]


class StatusChangeForm(CorridorForm):
    status = forms.ChoiceField(
        label=_("New status"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose the new status.")},
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record: e.g. the partner's note of 12 May suspending recruitment."),
        error_messages={"required": _("Say why the status changes.")},
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, AgreementStatus(s).label) for s in allowed]
