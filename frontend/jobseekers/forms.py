"""Job-seeker forms: shapes only (a date is a date, a number a number). The rules are the services'
(coordination.jobseekers.cleaning checks every field and names it); their errors are put back on the field
they name, on the main form, the address or the row they are about (SeekerEditor.add_service_errors).

The registration form is used on a phone at a job-centre desk: one column, big inputs, a few blank rows for
experience, certificates and languages (blank rows are skipped), and the address as four selects that each
list the places of the one above. With JavaScript, htmx reloads the address block when a select changes; without
it, "Show the places" sends the form back with the lists filled, and saving checks the address anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from coordination.jobseekers.inputs import (
    CertificationData,
    ConsentData,
    ExperienceData,
    LanguageData,
    SeekerData,
)
from coordination.jobseekers.models import (
    EducationLevel,
    EvidenceKind,
    EvidenceResult,
    JobSeeker,
    LanguageTest,
    PassportStatus,
    Sex,
    VettingStatus,
)
from frontend.forms import CorridorForm, date_input, destination_choices, form_error_items, number_input

DATE_INVALID = _("Give the date as day, month and year, e.g. 2026-05-01.")
DESTINATION_SLOTS = 3
EXPERIENCE_ROWS = 3
CERTIFICATION_ROWS = 2
LANGUAGE_ROWS = 2


def _date_field(label: Any, *, required: Any = False, **kwargs: Any) -> forms.DateField:
    """A date; `required` is False or the message for a missing one."""
    messages = {"invalid": DATE_INVALID}
    if required:
        messages["required"] = required
    return forms.DateField(label=label, required=bool(required), widget=date_input(), error_messages=messages,
                           **kwargs)


def _text(label: Any, *, max_length: int = 150, required: bool = False, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.TextInput(attrs=attrs))


# ---------------------------------------------------------------------------------------------------
# Choices, read once per request


@dataclass
class AddressChoices:
    """The four lists of the address, each for the place chosen above it (a choice that is not inside the one
    above is dropped, so a changed province empties the district, commune and village)."""

    provinces: list[tuple[str, str]] = field(default_factory=list)
    districts: list[tuple[str, str]] = field(default_factory=list)
    communes: list[tuple[str, str]] = field(default_factory=list)
    villages: list[tuple[str, str]] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, *, province: str = "", district: str = "", commune: str = "", village: str = "") -> AddressChoices:
        from reference.models import Commune, District, Province, Village

        out = cls(provinces=[(p.code, p.local_name) for p in Province.objects.all()])
        chosen = {"province": "", "district": "", "commune": "", "village": ""}
        found = Province.objects.filter(code=province).first() if province else None
        if found is not None:
            chosen["province"] = found.code
            districts = list(District.objects.filter(province=found))
            out.districts = [(d.code, d.local_name) for d in districts]
            d = next((d for d in districts if d.code == district), None)
            if d is not None:
                chosen["district"] = d.code
                communes = list(Commune.objects.filter(district=d))
                out.communes = [(c.code, c.local_name) for c in communes]
                c = next((c for c in communes if c.code == commune), None)
                if c is not None:
                    chosen["commune"] = c.code
                    villages = list(Village.objects.filter(commune=c))
                    out.villages = [(v.code, v.local_name) for v in villages]
                    if any(v.code == village for v in villages):
                        chosen["village"] = village
        out.chosen = chosen
        return out


@dataclass
class SeekerChoices:
    countries: list[Any] = field(default_factory=list)  # grouped: frontend.forms.destination_choices
    languages: list[tuple[str, str]] = field(default_factory=list)
    currencies: list[tuple[str, str]] = field(default_factory=list)
    sectors: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[tuple[str, str]] = field(default_factory=list)  # for the page's one <datalist>

    @classmethod
    def load(cls, *, actor: Any) -> SeekerChoices:
        from reference.models import Occupation, OccupationLevel, SectorLevel
        from reference.selectors import currency_list, language_list, sector_list

        return cls(
            countries=destination_choices(actor=actor),
            languages=sorted(((lang.code, lang.local_name) for lang in language_list(actor=actor)),
                             key=lambda choice: choice[1].casefold()),
            currencies=[(c.code, f"{c.code} — {c.local_name}") for c in currency_list(actor=actor)],
            sectors=[(s.code, f"{s.code} — {s.title}")
                     for s in sector_list(actor=actor, level=SectorLevel.SECTION)],
            occupations=list(Occupation.objects.filter(level=OccupationLevel.UNIT).order_by("code")
                             .values_list("code", "title")),
        )


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


# ---------------------------------------------------------------------------------------------------
# The address


PLACE_FIELDS = ("province", "district", "commune", "village")


class AddressForm(CorridorForm):
    province = forms.CharField(label=_("Province"), required=False, widget=forms.Select())
    district = forms.CharField(label=_("District"), required=False, widget=forms.Select())
    commune = forms.CharField(label=_("Commune"), required=False, widget=forms.Select())
    village = forms.CharField(label=_("Village"), required=False, widget=forms.Select())

    def __init__(self, *args: Any, places: AddressChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        for name, options, blank in (
            ("province", places.provinces, _("Choose the province")),
            ("district", places.districts, _("Choose the district")),
            ("commune", places.communes, _("Choose the commune")),
            ("village", places.villages, _("Choose the village")),
        ):
            self.fields[name].widget.choices = _blank(blank) + list(options)

    @classmethod
    def from_values(cls, values: Any, *, bound: bool) -> AddressForm:
        """The address block for the values given (a POST, a GET from htmx, or a record's initial values)."""
        places = AddressChoices.load(**{name: (values.get(name) or "").strip() for name in PLACE_FIELDS})
        if bound:
            return cls(values, places=places)
        return cls(initial=places.chosen, places=places)


# ---------------------------------------------------------------------------------------------------
# The person


class SeekerForm(CorridorForm):
    name_km = _text(_("Name in Khmer script"), lang="km", autocomplete="off")
    name_latin = _text(_("Name in Latin letters"), autocomplete="off", autocapitalize="words")
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect,
                            help_text=_("For statistics and fairness audits only; never used in matching."),
                            error_messages={"required": _("Choose the sex (kept for statistics only).")})
    date_of_birth = _date_field(_("Date of birth"), required=_("Give the date of birth."))
    national_id = _text(_("National ID number"), max_length=30, inputmode="numeric", autocomplete="off")
    phone = _text(_("Phone"), max_length=30, type="tel", inputmode="tel",
                  placeholder="012 345 678")
    education_level = forms.ChoiceField(label=_("Education"), required=False,
                                        choices=_blank(_("Choose the level")) + list(EducationLevel.choices))
    sectors = forms.MultipleChoiceField(label=_("Sectors wanted"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    min_wage = forms.DecimalField(label=_("Minimum acceptable monthly wage"), required=False, widget=number_input(),
                                  error_messages={"invalid": _("Give the minimum wage as a number of 0 or more.")})
    min_wage_currency = forms.ChoiceField(label=_("Currency of the minimum wage"), required=False)
    available_from = _date_field(_("Available from"))
    passport_status = forms.ChoiceField(label=_("Passport"), choices=PassportStatus.choices,
                                        widget=forms.RadioSelect, initial=PassportStatus.NONE,
                                        help_text=_("The passport is always held by the worker."))
    passport_number = _text(_("Passport number"), max_length=30, autocomplete="off")
    passport_expiry = _date_field(_("Passport valid until"))

    def __init__(self, *args: Any, choices: SeekerChoices, with_consent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(DESTINATION_SLOTS):
            self.fields[f"destination_{i + 1}"] = forms.ChoiceField(
                label=(_("First choice of destination"), _("Second choice"), _("Third choice"))[i], required=False,
                choices=_blank(_("No country")) + list(choices.countries))
        self.fields["sectors"].choices = choices.sectors
        self.fields["min_wage_currency"].choices = _blank(_("Choose a currency")) + list(choices.currencies)
        if with_consent:
            self.fields["consent_matching"] = forms.BooleanField(
                label=_("The seeker agrees to be matched to vacancies"), required=False, initial=True)
            self.fields["consent_agencies"] = forms.BooleanField(
                label=_("The seeker agrees that licensed recruitment agencies may see their record"),
                required=False, initial=True)
            self.fields["consent_employers"] = forms.BooleanField(
                label=_("The seeker agrees that employers may see their record once shortlisted"),
                required=False, initial=True)

    def destination_fields(self) -> list[Any]:
        return [self[f"destination_{i + 1}"] for i in range(DESTINATION_SLOTS)]

    def destinations(self) -> tuple[list[str], list[str]]:
        """The chosen countries, most wanted first, and the field each came from."""
        codes, names = [], []
        for i in range(DESTINATION_SLOTS):
            name = f"destination_{i + 1}"
            code = self.cleaned_data.get(name) or ""
            if code:
                codes.append(code)
                names.append(name)
        return codes, names


class ExperienceRow(CorridorForm):
    occupation = forms.CharField(label=_("Occupation (ISCO-08)"), required=False, max_length=300,
                                 widget=forms.TextInput(attrs={"list": "isco-unit-groups", "autocomplete": "off"}),
                                 help_text=_("Type the four-digit code or a word of the title."))
    years = forms.DecimalField(label=_("Years"), required=False, widget=number_input("0.5"),
                               error_messages={"invalid": _("Give the years as a number from 0 to 60.")})

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("occupation") or self.cleaned_data.get("years") is not None)

    def item(self) -> ExperienceData:
        text = self.cleaned_data.get("occupation") or ""
        return ExperienceData(occupation=text.split(" ", 1)[0].strip(), years=self.cleaned_data.get("years"))


class CertificationRow(CorridorForm):
    name = _text(_("Skill or certificate"))
    issuer = _text(_("Issued by"))
    issued_on = _date_field(_("Issued on"))

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(n) for n in ("name", "issuer", "issued_on"))

    def item(self) -> CertificationData:
        d = self.cleaned_data
        return CertificationData(name=d.get("name") or "", issuer=d.get("issuer") or "", issued_on=d.get("issued_on"))


class LanguageRow(CorridorForm):
    language = forms.ChoiceField(label=_("Language"), required=False)
    test = forms.ChoiceField(label=_("Test"), required=False,
                             choices=_blank(_("No test")) + list(LanguageTest.choices))
    score = _text(_("Score or level"), max_length=30, help_text=_("A number (e.g. 72) or a level (e.g. N4)."))
    taken_on = _date_field(_("Taken on"))
    valid_until = _date_field(_("Valid until"))

    def __init__(self, *args: Any, choices: SeekerChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _blank(_("Choose the language")) + list(choices.languages)

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(n) for n in ("language", "test", "score", "taken_on", "valid_until"))

    def item(self) -> LanguageData:
        d = self.cleaned_data
        return LanguageData(language=d.get("language") or "", test=d.get("test") or "", score=d.get("score") or "",
                            taken_on=d.get("taken_on"), valid_until=d.get("valid_until"))


ROW_SECTIONS = (
    ("experiences", ExperienceRow, _("Work experience"), EXPERIENCE_ROWS),
    ("certifications", CertificationRow, _("Skills and certificates"), CERTIFICATION_ROWS),
    ("languages", LanguageRow, _("Languages"), LANGUAGE_ROWS),
)


@dataclass
class RowSection:
    name: str
    title: Any
    rows: list[Any]
    used: list[Any] = field(default_factory=list)  # the rows that were filled in, in order (the service's index)


class SeekerEditor:
    """The registration and edit form: the person, the address and the rows, read and checked together."""

    def __init__(self, *, data: Any = None, choices: SeekerChoices, initial: dict[str, Any] | None = None,
                 rows: dict[str, list[dict[str, Any]]] | None = None, with_consent: bool = False) -> None:
        self.choices = choices
        bound = data is not None
        self.form = SeekerForm(data, initial=initial or {}, choices=choices, with_consent=with_consent)
        self.address = AddressForm.from_values(data if bound else (initial or {}), bound=bound)
        rows = rows or {}
        self.sections: list[RowSection] = []
        for name, cls, title, blank_rows in ROW_SECTIONS:
            given = rows.get(name, [])
            count = _row_count(data, name) if bound else (len(given) + 1 if given else blank_rows)
            kwargs = {"choices": choices} if cls is LanguageRow else {}
            forms_ = [cls(data, prefix=f"{name}-{i}", initial=given[i] if i < len(given) else None, **kwargs)
                      for i in range(max(count, 1))]
            self.sections.append(RowSection(name=name, title=title, rows=forms_))
        self._destination_fields: list[str] = []

    @property
    def section(self) -> dict[str, RowSection]:
        return {s.name: s for s in self.sections}

    def all_forms(self) -> list[Any]:
        return [self.form, self.address, *[row for s in self.sections for row in s.rows]]

    def is_valid(self) -> bool:
        results = [f.is_valid() for f in self.all_forms()]  # every form, so that every error shows
        ok = all(results)
        for s in self.sections:
            s.used = [row for row in s.rows if hasattr(row, "cleaned_data") and not row.is_blank()]
        return ok

    def data(self) -> SeekerData:
        d = self.form.cleaned_data
        a = self.address.cleaned_data
        destinations, self._destination_fields = self.form.destinations()
        rows = self.section
        return SeekerData(
            name_km=d.get("name_km") or "", name_latin=d.get("name_latin") or "", sex=d.get("sex") or "",
            date_of_birth=d.get("date_of_birth"), national_id=d.get("national_id") or "", phone=d.get("phone") or "",
            province=a.get("province") or "", district=a.get("district") or "", commune=a.get("commune") or "",
            village=a.get("village") or "", education_level=d.get("education_level") or "",
            experiences=[row.item() for row in rows["experiences"].used],
            certifications=[row.item() for row in rows["certifications"].used],
            languages=[row.item() for row in rows["languages"].used],
            destinations=destinations, sectors=list(d.get("sectors") or []),
            min_wage=d.get("min_wage"), min_wage_currency=d.get("min_wage_currency") or "",
            available_from=d.get("available_from"), passport_status=d.get("passport_status") or "none",
            passport_number=d.get("passport_number") or "", passport_expiry=d.get("passport_expiry"),
        )

    def consent(self) -> ConsentData | None:
        """The consent ticked on the registration form; None when nothing is ticked (none is recorded)."""
        d = self.form.cleaned_data
        ticks = [bool(d.get(n)) for n in ("consent_matching", "consent_agencies", "consent_employers")]
        if not any(ticks):
            return None
        return ConsentData(for_matching=ticks[0], share_with_agencies=ticks[1], share_with_employers=ticks[2])

    def quiet(self) -> None:
        """Show the posted values without their problems (the form was sent back only to fill the address)."""
        for f in self.all_forms():
            f.full_clean()
            f._errors = ErrorDict()

    def add_service_errors(self, exc: ValidationError, *, besides_form_errors: bool = False) -> None:
        """Each of the service's messages on the field it names: `experiences.1.years` on the second filled-in
        experience row, `destinations.0` on the first chosen destination, `province` on the address."""
        if not hasattr(exc, "error_dict"):
            self.form.add_error(None, exc.messages)
            return
        rows = self.section
        already = {key for key in exc.message_dict if besides_form_errors and self._has_form_error(key)}
        for key, messages in exc.message_dict.items():
            head, _sep, rest = key.partition(".")
            if key in already:
                continue
            if head in PLACE_FIELDS:
                self.address.add_error(head, messages)
            elif head in rows and rest:
                index, _sep, name = rest.partition(".")
                used = rows[head].used
                row = used[int(index)] if index.isdigit() and int(index) < len(used) else None
                if row is not None and name in row.fields:
                    row.add_error(name, messages)
                else:
                    self.form.add_error(None, messages)
            elif head == "destinations":
                i = int(rest) if rest.isdigit() else -1
                target = self._destination_fields[i] if 0 <= i < len(self._destination_fields) else None
                self.form.add_error(target, messages)
            elif head in self.form.fields:
                self.form.add_error(head, messages)
            elif head == "duplicates":
                continue  # the candidates are shown beside the form
            else:
                self.form.add_error(None, messages)

    def _has_form_error(self, key: str) -> bool:
        """The forms already say something about this field (or the rows were not all readable)."""
        head = key.split(".", 1)[0]
        if head in PLACE_FIELDS:
            return head in self.address.errors
        if head in self.section:
            return any(row.errors for row in self.section[head].rows)
        if head == "destinations":
            return any(self.form.errors.get(n) for n in self.form.fields if n.startswith("destination_"))
        return head in self.form.errors or head == "duplicates"

    def error_summary(self) -> list[dict[str, str]]:
        items = form_error_items(self.form) + form_error_items(self.address)
        for s in self.sections:
            for i, row in enumerate(s.rows):
                items += form_error_items(row, section=s.title, row=i + 1)
        return items

    def has_errors(self) -> bool:
        return any(f.errors for f in self.all_forms())


def _row_count(data: Any, name: str) -> int:
    """How many rows of a section the posted form had (its highest row index + 1), at most 20."""
    count = 0
    prefix = f"{name}-"
    for key in data:
        if key.startswith(prefix):
            index = key[len(prefix):].split("-", 1)[0]
            if index.isdigit():
                count = max(count, int(index) + 1)
    return min(count, 20)


def seeker_initial(seeker: JobSeeker) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """A record as the edit form's initial values: the person and the address, then the rows."""
    initial: dict[str, Any] = {
        name: getattr(seeker, name) for name in (
            "name_km", "name_latin", "sex", "date_of_birth", "national_id", "education_level", "min_wage",
            "available_from", "passport_status", "passport_number", "passport_expiry")
    }
    from coordination.jobseekers.cleaning import display_phone

    initial["phone"] = display_phone(seeker.phone) if seeker.phone else ""
    initial["province"] = seeker.province.code
    initial["district"] = seeker.district.code if seeker.district_id else ""
    initial["commune"] = seeker.commune.code if seeker.commune_id else ""
    initial["village"] = seeker.village.code if seeker.village_id else ""
    initial["min_wage_currency"] = seeker.min_wage_currency.code if seeker.min_wage_currency_id else ""
    initial["sectors"] = list(seeker.preferred_sectors.values_list("code", flat=True))
    for i, pref in enumerate(seeker.destination_preferences.select_related("country")[:DESTINATION_SLOTS]):
        initial[f"destination_{i + 1}"] = pref.country.iso2
    rows = {
        "experiences": [{"occupation": f"{x.occupation.code} — {x.occupation.title}", "years": x.years}
                        for x in seeker.experiences.select_related("occupation")],
        "certifications": [{"name": c.name, "issuer": c.issuer, "issued_on": c.issued_on}
                           for c in seeker.certifications.all()],
        "languages": [{"language": s.language.code, "test": s.test, "score": s.score, "taken_on": s.taken_on,
                       "valid_until": s.valid_until} for s in seeker.languages.select_related("language")],
    }
    return initial, rows


# ---------------------------------------------------------------------------------------------------
# The registry's filters, consent


class SeekerFilterForm(CorridorForm):
    q = forms.CharField(label=_("Name or national ID"), required=False, max_length=150,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("A name in Khmer script or Latin letters, or the whole national ID number."))
    province = forms.ChoiceField(label=_("Province"), required=False)
    occupation = forms.RegexField(label=_("Occupation (ISCO-08 code)"), required=False, regex=r"^\d{1,4}$",
                                  max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                              "class": "input-short"}),
                                  error_messages={"invalid": _("Give an ISCO-08 code of one to four digits.")})
    agreement = forms.TypedChoiceField(label=_("On the roster of"), required=False, coerce=int, empty_value=None)
    vetting_status = forms.ChoiceField(label=_("Vetting"), required=False,
                                       choices=_blank(_("Any")) + list(VettingStatus.choices))

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], agreements: list[tuple[int, str]],
                 by_national_id: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not by_national_id:  # coordination.jobseekers.permissions.can_search_by_national_id
            self.fields["q"].label = _("Name")
            self.fields["q"].help_text = _("A name in Khmer script or Latin letters.")
        self.fields["province"].choices = _blank(_("Any province")) + provinces
        self.fields["agreement"].choices = _blank(_("Any agreement or none")) + agreements

    def filters(self) -> dict[str, Any]:
        """The valid filters (a wrong one is reported on its field and left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {name: d.get(name) for name in ("q", "province", "occupation", "agreement", "vetting_status")
                if d.get(name) not in (None, "")}


class ConsentForm(CorridorForm):
    for_matching = forms.BooleanField(label=_("Matching to vacancies"), required=False)
    share_with_agencies = forms.BooleanField(label=_("Shared with licensed recruitment agencies"), required=False)
    share_with_employers = forms.BooleanField(label=_("Shared with employers once shortlisted"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="consent", **kwargs)

    def data_(self) -> ConsentData:
        d = self.cleaned_data
        return ConsentData(for_matching=d["for_matching"], share_with_agencies=d["share_with_agencies"],
                           share_with_employers=d["share_with_employers"])


class WithdrawForm(CorridorForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("In the seeker's words, if they gave one."))
    # Set only by the confirmation step's button: without it the withdrawal is asked about, never made.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="withdraw", **kwargs)


class EvidenceForm(CorridorForm):
    """One piece of vetting evidence a counsellor saw (coordination.jobseekers.vetting.evidence_record checks it:
    which fields a kind needs, a test's score format, the dates). Shapes only: every field may be left empty here
    so that the service names each missing one in the same round."""

    kind = forms.ChoiceField(label=_("Evidence"), required=False,
                             choices=[("", _("Choose…")), *EvidenceKind.choices])
    result = forms.ChoiceField(label=_("Result"), required=False, choices=EvidenceResult.choices,
                               initial=EvidenceResult.PASSED)
    on_date = _date_field(_("Date of the evidence"),
                          help_text=_("The day of the check, the test or the document's issue."))
    valid_until = _date_field(_("Valid until"),
                              help_text=_("As the document says; needed for a medical check that passed."))
    test = forms.ChoiceField(label=_("Test"), required=False, choices=[("", _("None")), *LanguageTest.choices])
    test_name = forms.CharField(label=_("Test name"), required=False, max_length=100, help_text=_(
        "For a test not in the list (e.g. a skills test), as the agreement names it."))
    score = forms.CharField(label=_("Score or level"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-short"}),
                            help_text=_("A number (e.g. 72) or a level (e.g. N4)."))
    reference = _text(_("Document reference"), max_length=60, autocomplete="off")
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def evidence(self) -> dict[str, Any]:
        """The keyword arguments of evidence_record."""
        d = self.cleaned_data
        return {"kind": d["kind"], "result": d["result"] or EvidenceResult.PASSED, "on_date": d["on_date"],
                "valid_until": d["valid_until"], "test": d["test"], "test_name": d["test_name"],
                "score": d["score"], "reference": d["reference"], "notes": d["notes"]}
