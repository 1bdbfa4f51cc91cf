"""One job seeker's data checked and resolved, with every problem named by its field: the rules registration,
updates, event mode and the bulk import all use.

`SeekerCleaner` loads the reference data it resolves codes against once (provinces, districts, communes,
villages, occupations, countries, sectors, languages, currencies) and then cleans any number of records with no
query, so that the import validates tens of thousands of rows a second.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import phonenumbers
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coordination.jobseekers import names
from coordination.jobseekers.inputs import SeekerData
from coordination.jobseekers.models import (
    Certification,
    EducationLevel,
    Experience,
    JobSeeker,
    LanguageSkill,
    LanguageTest,
    PassportStatus,
    Sex,
)
from mou.predicates import LEGAL_MIN_AGE, age_on
from reference.selectors import is_destination
from validation.columns import Checker, field_of
from validation.dates import date_window

# Cambodian law sets 18 as the minimum age for work abroad (mou.predicates.LEGAL_MIN_AGE, which eligibility
# applies to every agreement): the registry is the pool for work abroad, so registration refuses anyone younger,
# at every door (the page, GraphQL, event mode and the import all clean through here).
MIN_REGISTRATION_AGE = LEGAL_MIN_AGE
MAX_AGE = 100
NATIONAL_ID = re.compile(r"^[0-9A-Z]{6,20}$")
PASSPORT = re.compile(r"^[0-9A-Z]{6,20}$")
MAX_LIST = 20
MEMO_LIMIT = 200_000  # distinct part inputs one cleaner remembers (an import's rows): then it starts afresh

LEVELS = re.compile(r"^N[1-5]$")


@dataclass
class CleanSeeker:
    fields: dict[str, Any]
    experiences: list[dict[str, Any]] = field(default_factory=list)
    certifications: list[dict[str, Any]] = field(default_factory=list)
    languages: list[dict[str, Any]] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)
    sectors: list[int] = field(default_factory=list)


def normalise_id(value: Any) -> str:
    """National ID or passport number as typed on paper: spaces and hyphens dropped, upper case."""
    return re.sub(r"[\s-]", "", str(value or "")).upper()


# The two ways nearly every Cambodian number is written: +855 and the number, or the trunk 0 and the number
# (spaces and hyphens between the digits). Such a number is checked against phonenumbers' own metadata
# without its general parser, which costs several times more; anything else goes through the parser.
_KH_PLAIN = re.compile(r"(?:\+855|0)([1-9][0-9]{7,8})")
_KH_SEPARATORS = re.compile(r"[ \-]")
# Whether such a number is valid depends on its leading digits and its length only: Cambodia's patterns in the
# metadata decide on the first four digits and take any digits after them (test_cleaning checks the fast path
# against the parser). The answer is kept per first five digits and length.
_KH_VALID: dict[tuple[str, int], bool] = {}


def normalise_phone(value: str) -> str | None:
    """A phone number in international form (+855…), or None when it is not a valid number. A number without
    a country code is read as Cambodian (012 345 678, 097 1234 567)."""
    plain = _KH_PLAIN.fullmatch(_KH_SEPARATORS.sub("", value))
    if plain is not None:
        national = plain[1]
        key = (national[:5], len(national))
        valid = _KH_VALID.get(key)
        if valid is None:
            valid = _KH_VALID[key] = phonenumbers.is_valid_number(
                phonenumbers.PhoneNumber(country_code=855, national_number=int(national))
            )
        if valid:
            return f"+855{national}"
    return _parse_phone(value)


def _parse_phone(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, "KH")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """How a stored number reads: '+855 12 345 678'."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value, "KH"), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return value


class IdentityCleaner:
    """The parts of a record that tell who the person is (the names, the date of birth, the national ID and the
    phone), checked as registration checks them, with no reference data: what the duplicate check compares, and
    all event mode's form sends it while the counsellor is still typing."""

    def __init__(self, *, today: datetime.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._memos: dict[tuple, Any] = {}

    def identity(self, data: SeekerData, e: Checker | None = None) -> tuple[dict[str, Any], Checker]:
        """The identifying fields as CleanSeeker.fields holds them (a field with a problem is empty or None),
        and the problems found."""
        e = e if e is not None else Checker()
        lang = get_language()
        f: dict[str, Any] = {}
        (f["name_km"], f["name_latin"], f["name_latin_key"], f["name_km_romanised"]) = self._memo(
            e, lang, "names", (_k(data.name_km), _k(data.name_latin)), lambda c: self._names(c, data)
        )
        f["date_of_birth"] = self._memo(
            e, lang, "birth", (_k(data.date_of_birth),), lambda c: self._birth(c, data.date_of_birth)
        )
        f["national_id"], f["phone"] = self._identifiers(e, data)
        return f, e

    # Parts that depend on their inputs only are worked out once per distinct input and language: an import's
    # rows repeat provinces, occupations, languages, wages and dates, and a part's outcome (its value and the
    # messages it gave, in the language they were given in) is replayed for every row that repeats it.

    def _memo(self, e: Checker, language: str, part: str, key: tuple, compute: Any) -> Any:
        key = (part, language, *key)
        hit = self._memos.get(key)
        if hit is None:
            sub = Checker()
            hit = (compute(sub), [(path, list(messages)) for path, messages in sub.errors.items()])
            if len(self._memos) >= MEMO_LIMIT:
                self._memos.clear()
            self._memos[key] = hit
        value, errors = hit
        for path, messages in errors:
            for message in messages:
                e.add(path, message)
        return value

    def _names(self, e: Checker, data: SeekerData) -> tuple[str, str, str, str]:
        name_km = e.text("name_km", data.name_km, field_of(JobSeeker, "name_km"))
        name_latin = e.text("name_latin", data.name_latin, field_of(JobSeeker, "name_latin"))
        if not name_km and not name_latin and not e.has("name_km") and not e.has("name_latin"):
            e.add("name_latin", _("Give the name in Latin letters, in Khmer script, or both."))
        if name_km and not names.is_khmer_name(name_km):
            e.add("name_km", _("Write the Khmer name in Khmer script only (the Latin spelling has its own field)."))
        if name_latin and not names.is_latin_name(name_latin):
            e.add("name_latin", _("Write the Latin name in Latin letters only (A–Z), as on the passport."))
        return (name_km, name_latin, *names.comparable(name_km, name_latin))

    def _birth(self, e: Checker, value: Any) -> datetime.date | None:
        if value is None or value == "":
            e.add("date_of_birth", _("Give the date of birth."))
            return None
        born = e.date("date_of_birth", value)
        if born is None:
            return None
        if born > self.today:
            e.add("date_of_birth", _("The date of birth is in the future: check the year."))
            return None
        age = age_on(born, self.today)
        if age < MIN_REGISTRATION_AGE:
            e.add(
                "date_of_birth",
                _("This person is %(age)s: Cambodian law sets %(min)s as the minimum age to work abroad, so job "
                  "seekers register from the age of %(min)s.")
                % {"age": age, "min": MIN_REGISTRATION_AGE},
            )
            return None
        if age > MAX_AGE:
            e.add(
                "date_of_birth",
                _("This date of birth makes the person older than %(max)s: check the year.") % {"max": MAX_AGE},
            )
            return None
        return born

    def _identifiers(self, e: Checker, data: SeekerData) -> tuple[str, str]:
        """The national ID (as on the card) and the phone (international form); empty when not valid."""
        national_id = normalise_id(e.text("national_id", data.national_id, field_of(JobSeeker, "national_id")))
        if national_id and not NATIONAL_ID.match(national_id):
            e.add("national_id", _("A national ID number has 6 to 20 digits or capital letters, as on the card."))
        phone = e.text("phone", data.phone, limit=30, label=_("phone"))
        normal = ""
        if phone:
            normal = normalise_phone(phone) or ""
            if not normal:
                e.add(
                    "phone",
                    _(
                        "Give a Cambodian phone number (e.g. 012 345 678) or an international one that "
                        "starts with + and the country code (e.g. +82 10 1234 5678)."
                    ),
                )
        return national_id, normal


class SeekerCleaner(IdentityCleaner):
    """Checks SeekerData against the columns and the reference lists; reusable across many records."""

    def __init__(self, *, today: datetime.date | None = None, preload_villages: bool = False) -> None:
        from reference.models import (
            Commune,
            Country,
            Currency,
            District,
            Language,
            Occupation,
            Province,
            Sector,
            Village,
        )

        super().__init__(today=today)
        self.provinces: dict[str, int] = {}
        for pk, code, mef in Province.objects.values_list("pk", "code", "mef_code"):
            self.provinces[code.upper()] = pk
            if mef:
                self.provinces[mef] = pk
                self.provinces[str(int(mef))] = pk
        self.districts = {
            code: (pk, province) for pk, code, province in District.objects.values_list("pk", "code", "province_id")
        }
        self.communes = {
            code: (pk, district) for pk, code, district in Commune.objects.values_list("pk", "code", "district_id")
        }
        # A village is given by its code, or by its name where the list repeats a code inside one commune. The
        # 14,576 villages are read per commune when one is asked for (a registration reads one commune's), or
        # all at once for an import (`preload_villages`).
        self.villages: dict[tuple[int, str], list[int]] = {}
        self._communes_read: set[int] = set()
        self._village_model = Village
        if preload_villages:
            self._read_villages(Village.objects.all())
        self.occupations = dict(Occupation.objects.filter(level=4).values_list("code", "pk"))
        self.countries = {c.upper(): pk for c, pk in Country.objects.values_list("iso2", "pk")}
        self.sectors = {c.upper(): pk for c, pk in Sector.objects.values_list("code", "pk")}
        self.languages = {c.lower(): pk for c, pk in Language.objects.values_list("code", "pk")}
        self.currencies = {c.upper(): pk for c, pk in Currency.objects.values_list("code", "pk")}
        self.past_window = date_window(self.today, past_years=60, future_years=0)
        self.any_window = date_window(self.today, past_years=60, future_years=20)
        self.future_window = date_window(self.today, past_years=1, future_years=5)

    def _read_villages(self, qs: Any) -> None:
        for pk, code, commune, name_km, name_en in qs.values_list("pk", "code", "commune_id", "name_km", "name_en"):
            self._communes_read.add(commune)
            for key in {code, name_km, names.fold_latin(name_en)}:
                self.villages.setdefault((commune, key), []).append(pk)

    def _villages_of(self, commune: int) -> None:
        if commune not in self._communes_read:
            self._communes_read.add(commune)
            self._read_villages(self._village_model.objects.filter(commune_id=commune))

    # The one entry point ------------------------------------------------------------------------------

    def clean(self, data: SeekerData, e: Checker | None = None, *, language: str | None = None,
              ) -> tuple[CleanSeeker, Checker]:
        """`language`: the active language, when the caller cleans many records in one (the import reads it
        once, not once a row)."""
        e = e if e is not None else Checker()
        lang = language or get_language()
        f: dict[str, Any] = {}
        (f["name_km"], f["name_latin"], f["name_latin_key"], f["name_km_romanised"]) = self._memo(
            e, lang, "names", (_k(data.name_km), _k(data.name_latin)), lambda c: self._names(c, data)
        )
        f["sex"] = self._choice(e, "sex", data.sex, Sex, required=_("Choose the sex (kept for statistics only)."))
        f["date_of_birth"] = self._memo(
            e, lang, "birth", (_k(data.date_of_birth),), lambda c: self._birth(c, data.date_of_birth)
        )
        f["national_id"], f["phone"] = self._identifiers(e, data)
        f.update(
            self._memo(
                e,
                lang,
                "address",
                (_k(data.province), _k(data.district), _k(data.commune), _k(data.village)),
                lambda c: self._address(c, data),
            )
        )
        f["education_level"] = self._choice(e, "education_level", data.education_level, EducationLevel)
        f["min_wage"], f["min_wage_currency_id"] = self._memo(
            e, lang, "wage", (_k(data.min_wage), _k(data.min_wage_currency)), lambda c: self._wage(c, data)
        )
        f["available_from"] = self._memo(
            e,
            lang,
            "available",
            (_k(data.available_from),),
            lambda c: self._date(c, "available_from", data.available_from, self.future_window),
        )
        f.update(
            self._memo(
                e,
                lang,
                "passport",
                (_k(data.passport_status), _k(data.passport_number), _k(data.passport_expiry)),
                lambda c: self._passport(c, data),
            )
        )
        clean = CleanSeeker(fields=f)
        clean.experiences = [
            dict(x)
            for x in self._memo(
                e,
                lang,
                "experiences",
                tuple((_k(x.occupation), _k(x.years)) for x in data.experiences),
                lambda c: self._experiences(c, data),
            )
        ]
        self._certifications(e, data, clean)
        clean.languages = [
            dict(x)
            for x in self._memo(
                e,
                lang,
                "languages",
                tuple(
                    (_k(x.language), _k(x.test), _k(x.score), _k(x.taken_on), _k(x.valid_until)) for x in data.languages
                ),
                lambda c: self._languages(c, data),
            )
        ]
        clean.destinations, clean.sectors = (
            list(x)
            for x in self._memo(
                e,
                lang,
                "preferences",
                (tuple(map(_k, data.destinations)), "|", tuple(map(_k, data.sectors))),
                lambda c: self._preferences(c, data),
            )
        )
        return clean, e

    # Parts --------------------------------------------------------------------------------------------

    def _wage(self, e: Checker, data: SeekerData) -> tuple[Decimal | None, int | None]:
        wage = e.decimal(
            "min_wage",
            data.min_wage,
            field_of(JobSeeker, "min_wage"),
            low=Decimal(0),
            optional=True,
            message=_("Give the minimum wage as a number of 0 or more."),
        )
        currency = e.text("min_wage_currency", data.min_wage_currency, limit=3).upper()
        currency_id = None
        if currency:
            currency_id = self.currencies.get(currency)
            if currency_id is None:
                e.add(
                    "min_wage_currency", _("%(code)s is not a currency code (ISO 4217, e.g. USD).") % {"code": currency}
                )
        elif wage is not None:
            e.add("min_wage_currency", _("Give the currency of the minimum wage (e.g. USD)."))
        return wage, currency_id

    def _choice(self, e: Checker, path: str, value: Any, choices: Any, *, required: Any = None) -> str:
        text = e.text(path, value, limit=40, required=required)
        if text and text not in _values(choices):
            labels = ", ".join(str(label) for label in choices.labels)
            e.add(path, _("Choose one of: %(choices)s.") % {"choices": labels})
            return ""
        return text

    def _date(self, e: Checker, path: str, value: Any, window: tuple[datetime.date, datetime.date]) -> Any:
        if value is None or value == "":
            return None
        return e.date(path, value, window=window)

    def _address(self, e: Checker, data: SeekerData) -> dict[str, int | None]:
        f: dict[str, int | None] = {"province_id": None, "district_id": None, "commune_id": None, "village_id": None}
        self._address_into(e, data, f)
        return f

    def _address_into(self, e: Checker, data: SeekerData, f: dict[str, Any]) -> None:
        province = e.text("province", data.province, limit=10).upper()
        if not province:
            e.add("province", _("Choose the province."))
            return
        f["province_id"] = self.provinces.get(province)
        if f["province_id"] is None:
            e.add("province", _("%(code)s is not one of Cambodia's 25 provinces.") % {"code": province})
            return
        district = e.text("district", data.district, limit=10)
        if not district:
            if data.commune or data.village:
                e.add("district", _("Choose the district before the commune and village."))
            return
        found = self.districts.get(district)
        if found is None or found[1] != f["province_id"]:
            e.add("district", _("%(code)s is not a district of this province.") % {"code": district})
            return
        f["district_id"] = found[0]
        commune = e.text("commune", data.commune, limit=10)
        if not commune:
            if data.village:
                e.add("commune", _("Choose the commune before the village."))
            return
        found = self.communes.get(commune)
        if found is None or found[1] != f["district_id"]:
            e.add("commune", _("%(code)s is not a commune of this district.") % {"code": commune})
            return
        f["commune_id"] = found[0]
        village = e.text("village", data.village, limit=100)
        if village:
            self._villages_of(f["commune_id"])
            found_villages = (
                self.villages.get((f["commune_id"], village))
                or self.villages.get((f["commune_id"], names.fold_latin(village)))
                or []
            )
            if len(found_villages) == 1:
                f["village_id"] = found_villages[0]
            elif found_villages:
                e.add(
                    "village",
                    _(
                        "Several villages of this commune carry the code %(code)s in the 2025 list: give "
                        "the village's name instead."
                    )
                    % {"code": village},
                )
            else:
                e.add("village", _("%(code)s is not a village of this commune.") % {"code": village})

    def _passport(self, e: Checker, data: SeekerData) -> dict[str, Any]:
        f: dict[str, Any] = {}
        f["passport_status"] = (
            self._choice(e, "passport_status", data.passport_status or PassportStatus.NONE, PassportStatus)
            or PassportStatus.NONE
        )
        number = normalise_id(e.text("passport_number", data.passport_number, field_of(JobSeeker, "passport_number")))
        f["passport_number"] = number
        f["passport_expiry"] = self._date(e, "passport_expiry", data.passport_expiry, self.any_window)
        if f["passport_status"] == PassportStatus.ISSUED:
            if not number:
                e.add("passport_number", _("Give the passport number: the passport is issued."))
            elif not PASSPORT.match(number):
                e.add("passport_number", _("A passport number has 6 to 20 digits or capital letters."))
            if data.passport_expiry is None and not e.has("passport_expiry"):
                e.add("passport_expiry", _("Give the date the passport expires."))
        elif number or data.passport_expiry:
            e.add(
                "passport_status",
                _(
                    "A passport number and expiry are kept once the passport is issued: set the "
                    "passport to issued, or leave them empty."
                ),
            )
        return f

    def _experiences(self, e: Checker, data: SeekerData) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if len(data.experiences) > MAX_LIST:
            e.add("experiences", _("List at most %(n)s entries.") % {"n": MAX_LIST})
            return out
        seen: set[int] = set()
        for i, item in enumerate(data.experiences):
            path = f"experiences.{i}"
            code = e.text(f"{path}.occupation", item.occupation, limit=4, required=_("Choose the occupation."))
            occupation = self.occupations.get(code) if code else None
            if code and occupation is None:
                e.add(
                    f"{path}.occupation",
                    _("%(code)s is not an ISCO-08 unit group (four digits, e.g. 7531).") % {"code": code},
                )
            elif occupation in seen:
                e.add(f"{path}.occupation", _("This occupation is listed twice: give its years once."))
            years = e.decimal(
                f"{path}.years",
                item.years,
                field_of(Experience, "years"),
                low=Decimal(0),
                high=Decimal(60),
                message=_("Give the years as a number from 0 to 60."),
            )
            if occupation is not None and years is not None:
                seen.add(occupation)
                out.append({"occupation_id": occupation, "years": years})
        return out

    def _certifications(self, e: Checker, data: SeekerData, clean: CleanSeeker) -> None:
        if len(data.certifications) > MAX_LIST:
            e.add("certifications", _("List at most %(n)s entries.") % {"n": MAX_LIST})
            return
        for i, item in enumerate(data.certifications):
            path = f"certifications.{i}"
            name = e.text(
                f"{path}.name", item.name, field_of(Certification, "name"), required=_("Give the skill or certificate.")
            )
            issuer = e.text(f"{path}.issuer", item.issuer, field_of(Certification, "issuer"))
            issued = self._date(e, f"{path}.issued_on", item.issued_on, self.past_window)
            if name:
                clean.certifications.append({"name": name, "issuer": issuer, "issued_on": issued})

    def _languages(self, e: Checker, data: SeekerData) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if len(data.languages) > MAX_LIST:
            e.add("languages", _("List at most %(n)s entries.") % {"n": MAX_LIST})
            return out
        for i, item in enumerate(data.languages):
            path = f"languages.{i}"
            code = e.text(f"{path}.language", item.language, limit=3, required=_("Choose the language.")).lower()
            language = self.languages.get(code) if code else None
            if code and language is None:
                e.add(f"{path}.language", _("%(code)s is not a language code (ISO 639-1, e.g. ko).") % {"code": code})
            test = self._choice(e, f"{path}.test", item.test, LanguageTest)
            score = e.text(f"{path}.score", item.score, field_of(LanguageSkill, "score")).upper()
            if score and not test:
                e.add(f"{path}.test", _("Say which test gave this score."))
            if test and score and not score_fits(test, score):
                e.add(f"{path}.score", _("%(score)s is not a score of %(test)s.") % {"score": score, "test": test})
            taken = self._date(e, f"{path}.taken_on", item.taken_on, self.past_window)
            until = self._date(e, f"{path}.valid_until", item.valid_until, self.any_window)
            if taken and until and until < taken:
                e.add(f"{path}.valid_until", _("A result cannot expire before the test was taken."))
            if test and not score:
                e.add(f"{path}.score", _("Give the score or level the test gave."))
            if language is not None:
                out.append(
                    {"language_id": language, "test": test, "score": score, "taken_on": taken, "valid_until": until}
                )
        return out

    def _preferences(self, e: Checker, data: SeekerData) -> tuple[list[int], list[int]]:
        destinations: list[int] = []
        sectors: list[int] = []
        for path, codes, table, out, message in (
            (
                "destinations",
                data.destinations,
                self.countries,
                destinations,
                _("%(code)s is not a country code (ISO 3166, e.g. KR)."),
            ),
            (
                "sectors",
                data.sectors,
                self.sectors,
                sectors,
                _("%(code)s is not an ISIC Rev.4 section or division (e.g. C or 14)."),
            ),
        ):
            if len(codes) > MAX_LIST:
                e.add(path, _("List at most %(n)s entries.") % {"n": MAX_LIST})
                continue
            for i, raw in enumerate(codes):
                code = e.text(f"{path}.{i}", raw, limit=3).upper()
                pk = table.get(code)
                if pk is None:
                    e.add(f"{path}.{i}", message % {"code": code or "—"})
                elif table is self.countries and not is_destination(code):
                    e.add(f"{path}.{i}", _("%(code)s is not a destination: choose a country the person may go to "
                                           "work in (not Cambodia, not Antarctica).") % {"code": code})
                elif pk in out:
                    e.add(f"{path}.{i}", _("%(code)s is listed twice.") % {"code": code})
                else:
                    out.append(pk)
        return destinations, sectors


_VALUES: dict[type, frozenset[str]] = {}


def _values(choices: Any) -> frozenset[str]:
    """A TextChoices class's values (Django rebuilds the list on every access)."""
    values = _VALUES.get(choices)
    if values is None:
        values = _VALUES[choices] = frozenset(choices.values)
    return values


def _k(value: Any) -> Any:
    """A value as a memo key: 1, 1.0 and True are one key in a dict, but not one input."""
    return value if value.__class__ is str else (value.__class__, value)


def score_fits(test: str, score: str) -> bool:
    """A JLPT result is a level (N1–N5); the others are numbers."""
    if test == LanguageTest.JLPT:
        return bool(LEVELS.match(score))
    if test == LanguageTest.OTHER:
        return True
    return bool(re.fullmatch(r"\d{1,4}(\.\d{1,2})?", score))
