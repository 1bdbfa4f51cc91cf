"""The positions workbook: a template generated per agreement, and the import of a filled-in copy.

The template has an instructions sheet, a Positions sheet (frozen header, drop-down lists for
occupations, sectors, currencies, periods and yes/no from data validation), a Costs sheet keyed by
line, and a hidden Lists sheet feeding the drop-downs. An upload is checked by the safe reader, then
row by row; it is imported whole through `demand.services.letter_update` or not at all, with a report
naming row, column and problem for every error — on the page and as the same workbook with the
errors marked.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy, override
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.permissions import require
from demand.inputs import CostData, LetterData, PositionData
from demand.models import DemandLetter
from i18n.messages import plural
from jobs.models import Job
from jobs.services import job_message, job_progress, job_reject, job_remove_upload, job_runner, job_start, job_succeed
from mou.models import Agreement, Payer, Period
from mou.selectors import agreement_version_in_force
from reference.models import Currency, Occupation, Sector
from spreadsheets.reader import SheetLimits, SpreadsheetError, WorkbookSpec, check_xlsx, clean_cell, read_workbook

# The kind of the background job that imports a positions workbook (jobs.Job.kind; partners see it).
POSITIONS_IMPORT_JOB = "demand.import_positions"

POSITIONS = "Positions"  # the sheets' keys; their names in a workbook are SHEET_TITLES, in its language
COSTS = "Costs"
SHEET_TITLES = {POSITIONS: gettext_lazy("Positions"), COSTS: gettext_lazy("Costs")}
LISTS = gettext_lazy("Lists")  # the hidden sheet of drop-down lists, named in the workbook's language
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
MAX_ROWS_HINT = 20_000
MAX_REPORTED_ERRORS = 5000  # kept on the job for the page; the marked workbook holds every one


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translation
    width: int = 16
    required: bool = True


POSITION_COLUMNS: tuple[Column, ...] = (
    Column("line", gettext_lazy("Line"), 8),
    Column("occupation", gettext_lazy("Occupation (ISCO-08)"), 42),
    Column("sector", gettext_lazy("Sector (ISIC Rev.4)"), 36),
    Column("workers", gettext_lazy("Number of workers"), 12),
    Column("wage_amount", gettext_lazy("Wage"), 12),
    Column("wage_currency", gettext_lazy("Currency"), 10),
    Column("wage_period", gettext_lazy("Wage period"), 12),
    Column("hours_per_day", gettext_lazy("Normal hours per day"), 12),
    Column("days_per_week", gettext_lazy("Working days per week"), 12),
    Column("rest_days_per_week", gettext_lazy("Rest days per week"), 12),
    Column("overtime_rate", gettext_lazy("Overtime rate"), 12),
    Column("contract_months", gettext_lazy("Contract length (months)"), 12),
    Column("work_location", gettext_lazy("Work location"), 28),
    Column("skills", gettext_lazy("Skills and qualifications"), 36, required=False),
    Column("experience_months", gettext_lazy("Experience (months)"), 12, required=False),
    Column("language_test", gettext_lazy("Language test"), 14, required=False),
    Column("language_min_score", gettext_lazy("Minimum language score"), 12, required=False),
    Column("accommodation", gettext_lazy("Accommodation provided"), 12, required=False),
    Column("food", gettext_lazy("Food provided"), 12, required=False),
    Column("transport", gettext_lazy("Transport provided"), 12, required=False),
)
COST_COLUMNS: tuple[Column, ...] = (
    Column("line", gettext_lazy("Line"), 8),
    Column("name", gettext_lazy("Cost item"), 30),
    Column("payer", gettext_lazy("Paid by"), 12),
    Column("amount", gettext_lazy("Amount"), 12),
    Column("currency", gettext_lazy("Currency"), 10),
)
SERVICE_FIELD_COLUMN = {c.key: c.key for c in POSITION_COLUMNS}

# What the safe reader lets through: the Positions sheet must be there; Positions and Costs hold the
# template's columns and one more (the Errors column of a marked copy sent back corrected); other sheets
# (instructions, the hidden lists, the Errors sheet of a marked copy) the reader's default. Rows: the cap.
def positions_spec() -> WorkbookSpec:
    """What the safe reader lets through for the positions workbook, with the sheets named in every language
    (the active one first, for messages)."""
    positions, costs = sheet_names(POSITIONS), sheet_names(COSTS)
    return WorkbookSpec(
        sheets={**dict.fromkeys(positions, SheetLimits(max_columns=len(POSITION_COLUMNS) + 1)),
                **dict.fromkeys(costs, SheetLimits(max_columns=len(COST_COLUMNS) + 1))},
        required=(tuple(positions),),
    )


def _labels(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.key: str(c.label) for c in columns}


def _yes_no() -> tuple[str, str]:
    return _("Yes"), _("No")


def _period_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Period.choices}


def _payer_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Payer.choices}


def _header(ws: Any, columns: tuple[Column, ...]) -> None:
    ws.append([str(c.label) for c in columns])
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 45


def _list_validation(ws: Any, column: int, source: str, prompt: str) -> None:
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
    dv.error = _("Choose a value from the list.")
    dv.prompt = prompt
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{MAX_ROWS_HINT + 1}")


def build_template(*, agreement: Agreement, language: str = "en") -> bytes:
    """The positions workbook for one agreement, in the given language."""
    with override(language):
        version = agreement_version_in_force(agreement=agreement)
        sectors = list(version.sectors.all()) if version else []
        section_ids = [s.pk for s in sectors if s.level == "section"]
        sectors += list(Sector.objects.filter(parent_id__in=section_ids).exclude(pk__in=[s.pk for s in sectors]))
        sectors.sort(key=lambda s: (s.code if s.level == "section" else (s.parent.code if s.parent_id else ""), s.code))
        occupations = list(Occupation.objects.filter(level=4).order_by("code"))
        currencies = list(Currency.objects.order_by("code"))

        wb = Workbook()
        info = wb.active
        info.title = _("Instructions")
        lines = [
            _("Positions for a demand letter under: %(title)s") % {"title": agreement.display_title},
            "",
            _("1. Fill in one row per position on the Positions sheet. Keep the header row as it is."),
            _("2. Choose occupation, sector, currency, wage period and yes/no from the drop-down lists."),
            _("3. Costs: on the Costs sheet, one row per cost item, with the line of its position. "
              "Say who pays: the worker may only pay what the agreement allows, up to its cap."),
            _("4. Type values, not formulas. Save as an Excel workbook (.xlsx) and upload it on the letter's page."),
            _("5. At most %(max)s positions in one file. The upload is imported whole or not at all: "
              "if any row has a problem, you get this workbook back with every problem marked.")
            % {"max": f"{MAX_ROWS_HINT:,}"},
            "",
            _("Terms of the agreement in force (version %(number)s):") % {"number": version.number if version else "—"},
        ]
        if version is not None:
            lines += [
                _("Normal hours: at most %(day)s a day and %(week)s a week; at least %(rest)s rest day(s) a week.")
                % {"day": version.hours_per_day, "week": version.hours_per_week, "rest": version.min_weekly_rest_days},
                _("Contract: %(min)s to %(max)s months. Overtime: at least %(rate)s times the hourly wage.")
                % {"min": version.contract_min_months, "max": version.contract_max_months,
                   "rate": version.overtime_rate},
            ]
            for floor in version.wage_floors.all():
                lines.append(_("Minimum wage, %(sector)s: %(amount)s %(currency)s %(period)s") % {
                    "sector": floor.sector, "amount": floor.amount, "currency": floor.currency.code,
                    "period": floor.get_period_display()})
            if version.zero_fee:
                lines.append(_("Zero-fee: workers pay no recruitment fees or costs; "
                               "list every cost as paid by the employer."))
        for line in lines:
            info.append([line])
        info.column_dimensions["A"].width = 120
        info["A1"].font = Font(bold=True, size=14)

        lists = wb.create_sheet(str(LISTS))
        yes, no = _yes_no()
        columns = [
            [f"{o.code} — {o.title}" for o in occupations],
            [f"{s.code} — {s.title}" for s in sectors],
            [c.code for c in currencies],
            list(_period_labels().values()),
            [yes, no],
            list(_payer_labels().values()),
        ]
        for col, values in enumerate(columns, start=1):
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=col, value=value)
        lists.sheet_state = "hidden"

        def source(col: int) -> str:
            letter = get_column_letter(col)
            return f"{quote_sheetname(str(LISTS))}!${letter}$1:${letter}${max(1, len(columns[col - 1]))}"

        positions = wb.create_sheet(str(SHEET_TITLES[POSITIONS]))
        _header(positions, POSITION_COLUMNS)
        keys = [c.key for c in POSITION_COLUMNS]
        _list_validation(positions, keys.index("occupation") + 1, source(1), _("ISCO-08 unit group"))
        _list_validation(positions, keys.index("sector") + 1, source(2), _("A sector the agreement covers"))
        _list_validation(positions, keys.index("wage_currency") + 1, source(3), _("ISO 4217 currency"))
        _list_validation(positions, keys.index("wage_period") + 1, source(4), _("The period the wage is paid for"))
        for key in ("accommodation", "food", "transport"):
            _list_validation(positions, keys.index(key) + 1, source(5), _("Yes or No"))

        costs = wb.create_sheet(str(SHEET_TITLES[COSTS]))
        _header(costs, COST_COLUMNS)
        cost_keys = [c.key for c in COST_COLUMNS]
        _list_validation(costs, cost_keys.index("payer") + 1, source(6), _("Employer or worker"))
        _list_validation(costs, cost_keys.index("currency") + 1, source(3), _("ISO 4217 currency"))
        wb.active = wb.index(positions)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


@dataclass
class RowError:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # the column's header as in the file
    message: str


@dataclass
class ParsedPositions:
    positions: list[PositionData] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # position index -> sheet row, for mapping service errors back onto the file
    rows: list[int] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # POSITIONS/COSTS -> the sheet's name in the file
    readable: bool = False  # the safe reader accepted the file


def _match_headers(header_row: list[Any], columns: tuple[Column, ...]) -> dict[str, int] | None:
    """Find each column by its header in English or Khmer; None when a required one is missing."""
    found: dict[str, int] = {}
    cells = [str(c or "").strip().lower() for c in header_row]
    for column in columns:
        names = set()
        for language in ("en", "km"):
            with override(language):
                names.add(str(column.label).strip().lower())
        for i, cell in enumerate(cells):
            if cell in names:
                found[column.key] = i
                break
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(clean_cell(str(value)))


def _decimal(value: Any) -> Decimal | None:
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _int(value: Any) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _code(value: Any) -> str:
    text = _text(value)
    return re.split(r"\s+[—-]\s+", text, maxsplit=1)[0].strip()


def _choice(value: Any, choices: list[tuple[str, Any]]) -> str | None:
    """The stored value for a cell holding a choice's value or its label in English or Khmer."""
    text = _text(value).lower()
    for key, label in choices:
        names = {key.lower()}
        for language in ("en", "km"):
            with override(language):
                names.add(str(label).lower())
        if text in names:
            return key
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text == "":
        return False
    yes_words, no_words = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
    for language in ("en", "km"):
        with override(language):
            yes, no = _yes_no()
            yes_words.add(yes.lower())
            no_words.add(no.lower())
    if text in yes_words:
        return True
    if text in no_words:
        return False
    return None


def sheet_names(key: str) -> list[str]:
    """A sheet's names in every language of the platform, the active language's first: a workbook
    downloaded in Khmer is read back too."""
    names = [str(SHEET_TITLES[key])]
    for code, _name in settings.LANGUAGES:
        with override(code):
            names.append(str(SHEET_TITLES[key]))
    return list(dict.fromkeys([*names, key]))


def _sheet(sheets: dict[str, Any], key: str) -> Any:
    return next((sheets[name] for name in sheet_names(key) if name in sheets), None)


def parse_positions(data: bytes) -> ParsedPositions:
    """Read and check every row; types and required values here, the agreement's rules in the services."""
    result = ParsedPositions()
    try:
        sheets = {s.name: s for s in read_workbook(data, spec=positions_spec())}
    except SpreadsheetError as exc:
        result.errors.append(RowError(sheet="", row=0, column="", message=str(exc)))
        return result
    result.readable = True
    sheet = _sheet(sheets, POSITIONS)
    if sheet is None or not sheet.rows:
        result.errors.append(RowError(str(SHEET_TITLES[POSITIONS]), 1, "",
                                      _("The workbook has no Positions sheet. Use the template.")))
        return result
    found = _match_headers(sheet.rows[0], POSITION_COLUMNS)
    labels = _labels(POSITION_COLUMNS)
    missing = [labels[c.key] for c in POSITION_COLUMNS if c.required and c.key not in found]
    if missing:
        result.errors.append(RowError(sheet.name, 1, ", ".join(missing), _(
            "These columns are missing: %(columns)s. Download the template again and copy your rows into it."
        ) % {"columns": ", ".join(missing)}))
        return result
    header = {key: _text(sheet.rows[0][i]) for key, i in found.items()}
    result.headers[POSITIONS] = header
    result.sheets[POSITIONS] = sheet.name
    periods = Period.choices
    by_line: dict[str, int] = {}
    for r, row in enumerate(sheet.rows[1:], start=2):
        cells = {key: (row[i] if i < len(row) else None) for key, i in found.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        errors_before = len(result.errors)

        def err(key: str, message: str, r: int = r) -> None:
            result.errors.append(RowError(sheet.name, r, header.get(key, labels[key]), message))

        line = _text(cells.get("line")) or str(len(result.positions) + 1)
        if line in by_line:
            err("line", _("Line %(line)s appears twice; give each position its own line number.") % {"line": line})
        values: dict[str, Any] = {}
        for key in ("workers", "days_per_week", "rest_days_per_week", "contract_months", "experience_months"):
            raw = cells.get(key)
            number = _int(raw)
            if number is None and (_text(raw) or key != "experience_months"):
                err(key, _("Write a whole number, e.g. 12.") if _text(raw) else _("This value is required."))
            values[key] = number if number is not None else 0
        for key in ("wage_amount", "hours_per_day", "overtime_rate"):
            number = _decimal(cells.get(key))
            if number is None:
                err(key, _("Write a number, e.g. 1.5.") if _text(cells.get(key)) else _("This value is required."))
            values[key] = number if number is not None else Decimal(0)
        period = _choice(cells.get("wage_period"), periods)
        if period is None:
            err("wage_period", _("Choose the wage period from the list (per hour, day, week, month or year)."))
        for key in ("occupation", "sector", "work_location", "wage_currency"):
            if not _text(cells.get(key)):
                err(key, _("This value is required."))
        flags: dict[str, bool] = {}
        for key in ("accommodation", "food", "transport"):
            value = _bool(cells.get(key))
            if value is None:
                err(key, _("Write Yes or No."))
            flags[key] = bool(value)
        if len(result.errors) == errors_before:
            by_line[line] = len(result.positions)
        result.positions.append(PositionData(
            occupation=_code(cells.get("occupation")), sector=_code(cells.get("sector")).upper(),
            workers=values["workers"], wage_amount=values["wage_amount"],
            wage_currency=_text(cells.get("wage_currency")).upper()[:3], wage_period=period or "",
            hours_per_day=values["hours_per_day"], days_per_week=values["days_per_week"],
            rest_days_per_week=values["rest_days_per_week"], overtime_rate=values["overtime_rate"],
            contract_months=values["contract_months"], work_location=_text(cells.get("work_location")),
            skills=_text(cells.get("skills")), experience_months=values["experience_months"],
            language_test=_text(cells.get("language_test")),
            language_min_score=_text(cells.get("language_min_score")), **flags,
        ))
        result.rows.append(r)
        by_line.setdefault(line, len(result.positions) - 1)
    if not result.positions and not result.errors:
        result.errors.append(RowError(sheet.name, 2, "", _("The Positions sheet has no rows to import.")))

    costs_sheet = _sheet(sheets, COSTS)
    if costs_sheet is not None and costs_sheet.rows:
        found_costs = _match_headers(costs_sheet.rows[0], COST_COLUMNS)
        cost_labels = _labels(COST_COLUMNS)
        cost_header = {key: _text(costs_sheet.rows[0][i]) for key, i in found_costs.items()}
        result.headers[COSTS] = cost_header
        result.sheets[COSTS] = costs_sheet.name
        payers = Payer.choices
        for r, row in enumerate(costs_sheet.rows[1:], start=2):
            cells = {key: (row[i] if i < len(row) else None) for key, i in found_costs.items()}
            if all(_text(v) == "" for v in cells.values()):
                continue

            def cerr(key: str, message: str, r: int = r) -> None:
                result.errors.append(RowError(costs_sheet.name, r, cost_header.get(key, cost_labels[key]), message))

            line = _text(cells.get("line"))
            index = by_line.get(line)
            if index is None:
                cerr("line", _("No position has line %(line)s on the Positions sheet.") % {"line": line or "—"})
                continue
            payer = _choice(cells.get("payer"), payers)
            amount = _decimal(cells.get("amount"))
            if not _text(cells.get("name")):
                cerr("name", _("Name the cost item."))
            if payer is None:
                cerr("payer", _("Choose who pays: employer or worker."))
            if amount is None or amount < 0:
                cerr("amount", _("Write the amount as a number, zero or more."))
            if not _text(cells.get("currency")):
                cerr("currency", _("This value is required."))
            if payer and amount is not None:
                result.positions[index].costs.append(CostData(
                    name=_text(cells.get("name")), payer=payer, amount=amount,
                    currency=_text(cells.get("currency")).upper()[:3]))
    return result


_SERVICE_PATH = re.compile(r"^positions\[(\d+)\]\.(\w+)(?:\[(\d+)\]\.(\w+))?$")


def map_service_errors(parsed: ParsedPositions, error: ValidationError) -> list[RowError]:
    """Turn the service's `positions[i].field` errors into row/column errors on the uploaded file."""
    labels = _labels(POSITION_COLUMNS)
    header = parsed.headers.get(POSITIONS, {})
    out: list[RowError] = []
    for path, messages in error.message_dict.items():
        match = _SERVICE_PATH.match(path)
        for message in messages:
            if match and int(match.group(1)) < len(parsed.rows):
                key = match.group(2)
                column = header.get(key) or str(labels.get(key, key))
                if match.group(3) is not None:
                    costs = parsed.sheets.get(COSTS) or str(SHEET_TITLES[COSTS])
                    column = f"{labels.get('line', 'Line')} {costs}: {match.group(4)}"
                out.append(RowError(parsed.sheets.get(POSITIONS, str(SHEET_TITLES[POSITIONS])),
                                    parsed.rows[int(match.group(1))], column, message))
            else:
                out.append(RowError("", 0, path if path != "__all__" else "", message))
    return out


def mark_errors(data: bytes, errors: list[RowError]) -> bytes:
    """The uploaded workbook with every problem marked: the cell filled red with a comment, and an
    Errors column on each sheet listing the problems of the row."""
    wb = load_workbook(io.BytesIO(data))
    by_sheet_row: dict[tuple[str, int], list[RowError]] = {}
    for e in errors:
        by_sheet_row.setdefault((e.sheet, e.row), []).append(e)
    for (sheet_name, row), row_errors in by_sheet_row.items():
        if sheet_name not in wb.sheetnames or row < 1:
            continue
        ws = wb[sheet_name]
        headers = {str(c.value or "").strip(): c.column for c in ws[1]}
        errors_col = headers.get(_("Errors"))
        if errors_col is None:
            errors_col = ws.max_column + 1
            head = ws.cell(row=1, column=errors_col, value=_("Errors"))
            head.fill, head.font = PatternFill("solid", fgColor="9B1C1C"), HEADER_FONT
            ws.column_dimensions[get_column_letter(errors_col)].width = 60
        ws.cell(row=row, column=errors_col, value="\n".join(
            f"{e.column}: {e.message}" if e.column else e.message for e in row_errors))
        for e in row_errors:
            col = headers.get(e.column)
            if col:
                cell = ws.cell(row=row, column=col)
                cell.fill = ERROR_FILL
                cell.comment = Comment(e.message, "Corridor")
    summary = wb.create_sheet(_("Errors"), 0)
    summary.append([_("Sheet"), _("Row"), _("Column"), _("Problem")])
    for cell in summary[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for e in errors:
        summary.append([e.sheet, e.row or "", e.column, e.message])
    for letter, width in zip("ABCD", (14, 8, 30, 100), strict=True):
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = "A2"
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class ImportOutcome:
    imported: int
    errors: list[RowError]
    marked_workbook: bytes | None = None


def positions_import(*, actor: Any, letter: DemandLetter, data: bytes, progress: Any = None) -> ImportOutcome:
    """Import every position of the workbook into the draft letter, or none of them."""
    from demand.permissions import can_draft_letter
    from demand.services import letter_update

    require(can_draft_letter(actor, letter))
    parsed, letter_data, errors = _problems(actor=actor, letter=letter, data=data, progress=progress)
    if not errors:
        try:
            letter_update(actor=actor, letter=letter, data=letter_data)
        except ValidationError as exc:
            errors = map_service_errors(parsed, exc)
    if errors:
        errors.sort(key=_report_order)
        # Only a workbook the safe reader accepted is opened again to mark it; a refused upload (wrong
        # type, bomb, too many rows) gets the report on the page alone.
        marked = mark_errors(data, errors) if parsed.readable else None
        return ImportOutcome(imported=0, errors=errors, marked_workbook=marked)
    return ImportOutcome(imported=len(parsed.positions), errors=[])


def _report_order(e: RowError) -> tuple[Any, ...]:
    return (e.sheet not in sheet_names(POSITIONS), e.sheet, e.row)


def _problems(*, actor: Any, letter: DemandLetter, data: bytes, progress: Any = None
              ) -> tuple[ParsedPositions, LetterData, list[RowError]]:
    """Every problem of the workbook in one pass, in the active language: the file's own, then the
    service's rules (codes, the agreement's terms) without writing anything."""
    from demand.services import letter_check

    parsed = parse_positions(data)
    if progress:
        progress(len(parsed.positions) // 2, len(parsed.positions))
    letter_data = LetterData(
        valid_from=letter.valid_from, valid_until=letter.valid_until,
        attestation_date=letter.attestation_date, attestation_officer=letter.attestation_officer,
        positions=parsed.positions,
    )
    errors = list(parsed.errors)
    if parsed.positions:
        # The service's rules (codes, the agreement's terms) in the same pass as the file's own problems; a
        # cell the file check already reported is not reported twice.
        try:
            letter_check(actor=actor, letter=letter, data=letter_data)
        except ValidationError as exc:
            seen = {(e.sheet, e.row, e.column) for e in errors}
            errors += [e for e in map_service_errors(parsed, exc) if (e.sheet, e.row, e.column) not in seen]
    return parsed, letter_data, errors


def _report(*, actor: Any, letter: DemandLetter, data: bytes, errors: list[RowError]) -> list[dict[str, Any]]:
    """The problems as stored on the job: each with its column and message in every language of the platform
    (the import ran in the uploader's; the same pass again in each other language gives the rest), so the
    report reads in the language of whoever opens it."""
    language = get_language() or settings.LANGUAGE_CODE
    shown = errors[:MAX_REPORTED_ERRORS]
    report = [{**asdict(e), "in": {language: {"column": e.column, "message": e.message}}} for e in shown]
    for code, _name in settings.LANGUAGES:
        if code == language:
            continue
        with override(code):
            _parsed, _data, again = _problems(actor=actor, letter=letter, data=data)
        again.sort(key=_report_order)
        if [(e.row, e.sheet) for e in again[:len(shown)]] != [(e.row, e.sheet) for e in shown]:
            continue  # not the same problems (cannot happen for the same file): the uploader's language only
        for item, e in zip(report, again, strict=False):
            item["in"][code] = {"column": e.column, "message": e.message}
    return report


def import_report(*, job: Job) -> list[dict[str, Any]]:
    """A refused import's problems in the active language (older jobs: as they were stored)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    out = []
    for item in job.params.get("errors") or []:
        local = (item.get("in") or {}).get(language) or {}
        out.append({**item, "column": local.get("column", item.get("column", "")),
                    "message": local.get("message", item.get("message", ""))})
    return out


@job_runner(POSITIONS_IMPORT_JOB)
def run_positions_import(job: Job) -> None:
    """Background import: params {"letter_id", "upload" (storage path), "language"}."""
    letter = DemandLetter.objects.get(pk=job.params["letter_id"])
    path = job.params["upload"]
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read(settings.SPREADSHEET_MAX_BYTES + 1)
        with override(job.params.get("language") or "en"):
            outcome = positions_import(
                actor=job.started_by, letter=letter, data=data,
                progress=lambda done, total: job_progress(job=job, done=done, total=total),
            )
            if outcome.errors:
                job.params = {**job.params, "error_count": len(outcome.errors),
                              "errors": _report(actor=job.started_by, letter=letter, data=data,
                                                errors=outcome.errors)}
                job.save(update_fields=["params"])
                if outcome.marked_workbook:
                    job.result_file.save(f"{letter.reference}-errors.xlsx", ContentFile(outcome.marked_workbook),
                                         save=True)
                job_reject(job=job, text=plural(ngettext_lazy(
                    "Nothing was imported: %(count)s problem needs fixing.",
                    "Nothing was imported: %(count)s problems need fixing.", len(outcome.errors),
                )))
                return
            job_message(job=job, text=plural(ngettext_lazy(
                "%(count)s position imported.", "%(count)s positions imported.", outcome.imported,
            )))
            job_progress(job=job, done=outcome.imported, total=outcome.imported)
            job_succeed(job=job)
    finally:
        job_remove_upload(job=job)  # whatever happened, the upload does not stay in storage


def positions_import_start(*, actor: Any, letter: DemandLetter, upload: Any, language: str) -> Job:
    """Queue the import of an uploaded workbook into a draft or returned letter (its employer's staff).

    The upload is checked before anything is stored, by the safe reader's streaming check against
    positions_spec() (docs/uploads.md: size, type, encryption, every ZIP member and XML part, macros, the
    Positions sheet by name, the real extent of every sheet, formulas). Problems are a ValidationError on
    "file"; nothing is parsed in the web process.
    """
    from demand.permissions import can_draft_letter
    from demand.services import EDITABLE_STATUSES

    require(can_draft_letter(actor, letter))
    if letter.status not in EDITABLE_STATUSES:
        raise ValidationError({"status": [_(
            "This letter is %(current)s: positions can only be imported while it is a draft or returned for changes."
        ) % {"current": letter.get_status_display().lower()}]})
    limit = settings.SPREADSHEET_MAX_BYTES
    too_big = _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": limit // (1024 * 1024)}
    if (getattr(upload, "size", None) or 0) > limit:
        raise ValidationError({"file": [too_big]})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": [too_big]})
    try:
        check_xlsx(data, max_rows=settings.SPREADSHEET_MAX_ROWS, spec=positions_spec())
    except SpreadsheetError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    path = default_storage.save(f"uploads/demand/{letter.reference}-{uuid.uuid4().hex[:12]}.xlsx", ContentFile(data))
    try:
        with transaction.atomic():
            return job_start(actor=actor, kind=POSITIONS_IMPORT_JOB,
                             params={"letter_id": letter.pk, "upload": path, "language": language})
    except Exception:
        default_storage.delete(path)
        raise
