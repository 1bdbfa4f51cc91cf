"""The positions workbook: template round trip and every kind of bad upload, each with a clear message."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from demand.spreadsheets import COSTS, LISTS, POSITIONS, build_template, mark_errors, parse_positions

pytestmark = pytest.mark.django_db

ROW = {
    "Line": 1, "Occupation (ISCO-08)": "7531 — Tailors, dressmakers, furriers and hatters",
    "Sector (ISIC Rev.4)": "C — Manufacturing", "Number of workers": 20, "Wage": 12000, "Currency": "THB",
    "Wage period": "per month", "Normal hours per day": 8, "Working days per week": 6, "Rest days per week": 1,
    "Overtime rate": 1.5, "Contract length (months)": 24, "Work location": "Samut Prakan",
    "Skills and qualifications": "Industrial sewing machine, 1 year", "Experience (months)": 12,
    "Language test": "", "Minimum language score": "", "Accommodation provided": "Yes", "Food provided": "No",
    "Transport provided": "Yes",
}


def fill(template: bytes, rows: list[dict[str, object]], costs: list[list[object]] | None = None,
         positions_sheet: str = POSITIONS) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb[positions_sheet]
    header = [c.value for c in ws[1]]
    for row in rows:
        ws.append([row.get(h) for h in header])
    for cost in costs or []:
        wb[COSTS].append(cost)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def template(agreements) -> bytes:
    return build_template(agreement=agreements["TH"])


def test_template_has_instructions_frozen_header_and_drop_downs(template):
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames[:1] == ["Instructions"] and {POSITIONS, COSTS, str(LISTS)} <= set(wb.sheetnames)
    positions = wb[POSITIONS]
    assert positions.freeze_panes == "A2"
    assert [c.value for c in positions[1]][:3] == ["Line", "Occupation (ISCO-08)", "Sector (ISIC Rev.4)"]
    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in positions.data_validations.dataValidation}
    assert validations["B2"].startswith("'Lists'!$A$1:$A$436")  # every ISCO-08 unit group
    assert "'Lists'!$C$" in validations["F2"] and "'Lists'!$D$" in validations["G2"]
    lists = wb[str(LISTS)]
    assert lists.sheet_state == "hidden"
    sectors = [c.value for c in lists["B"] if c.value]
    assert "C — Manufacturing" in sectors and "14 — Manufacture of wearing apparel" in sectors
    assert "Fishing" not in " ".join(s for s in sectors if s.startswith("B"))
    instructions = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "370 THB" in instructions.replace("370.00", "370")


def test_template_in_khmer_parses_back(agreements):
    khmer = build_template(agreement=agreements["TH"], language="km")
    wb = load_workbook(io.BytesIO(khmer))
    # Every sheet is named in Khmer, the hidden lists sheet too (its drop-downs point at it by that name).
    assert wb.sheetnames[1:] == ["បញ្ជី", "មុខតំណែង", "ថ្លៃចំណាយ"] and wb.sheetnames[0] != "Instructions"
    validations = {dv.formula1 for dv in wb["មុខតំណែង"].data_validations.dataValidation}
    assert validations and all(formula.startswith("'បញ្ជី'!") for formula in validations)
    header = [c.value for c in wb["មុខតំណែង"][1]]
    english = [c.value for c in load_workbook(io.BytesIO(build_template(agreement=agreements["TH"])))[POSITIONS][1]]
    rows = [{k: ROW[e] for k, e in zip(header, english, strict=True)}]
    parsed = parse_positions(fill(khmer, rows, positions_sheet="មុខតំណែង"))
    assert not parsed.errors, parsed.errors
    assert parsed.positions[0].occupation == "7531"
    bad = parse_positions(fill(khmer, [{**rows[0], header[3]: "many"}], positions_sheet="មុខតំណែង"))
    assert {e.sheet for e in bad.errors} == {"មុខតំណែង"}  # problems name the sheet as the file names it


def test_round_trip(template):
    data = fill(template, [ROW, {**ROW, "Line": 2, "Number of workers": 5, "Food provided": "Yes"}],
                costs=[[1, "Passport", "Worker", 15, "USD"], [2, "Air ticket", "Employer", 3000, "THB"]])
    parsed = parse_positions(data)
    assert not parsed.errors, parsed.errors
    first, second = parsed.positions
    assert (first.occupation, first.sector, first.workers, first.wage_amount) == ("7531", "C", 20, Decimal("12000"))
    assert (first.wage_period, first.accommodation, first.food) == ("month", True, False)
    assert second.food is True and second.workers == 5
    assert [(c.name, c.payer, c.amount) for c in first.costs] == [("Passport", "worker", Decimal("15"))]
    assert parsed.rows == [2, 3]


def test_wrong_types_are_reported_by_row_and_column(template):
    bad = {**ROW, "Line": 2, "Number of workers": "twenty", "Wage": "a lot", "Wage period": "per fortnight",
           "Accommodation provided": "maybe", "Work location": ""}
    parsed = parse_positions(fill(template, [ROW, bad]))
    problems = {(e.row, e.column) for e in parsed.errors}
    assert problems == {(3, "Number of workers"), (3, "Wage"), (3, "Wage period"), (3, "Accommodation provided"),
                        (3, "Work location")}
    assert all(e.sheet == POSITIONS for e in parsed.errors)


def test_costs_must_point_at_a_line(template):
    parsed = parse_positions(fill(template, [ROW], costs=[[9, "Passport", "Worker", 15, "USD"]]))
    assert [(e.sheet, e.row, e.column) for e in parsed.errors] == [(COSTS, 2, "Line")]


def test_missing_columns(template):
    wb = load_workbook(io.BytesIO(template))
    wb[POSITIONS].delete_cols(5)  # Wage
    buf = io.BytesIO()
    wb.save(buf)
    parsed = parse_positions(buf.getvalue())
    assert len(parsed.errors) == 1 and "Wage" in parsed.errors[0].message
    assert not parsed.positions


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Line,Occupation\n1,7531\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97"),
    ],
    ids=["csv-renamed", "xls"],
)
def test_wrong_file_types(data, message):
    parsed = parse_positions(data)
    assert len(parsed.errors) == 1 and message in parsed.errors[0].message and not parsed.readable


def test_formulas_are_refused(template):
    parsed = parse_positions(fill(template, [{**ROW, "Wage": "=1000*12"}]))
    assert "formulas" in parsed.errors[0].message and not parsed.positions


def test_more_rows_than_the_cap(template, settings):
    settings.SPREADSHEET_MAX_ROWS = 500  # (the hidden Lists sheet holds the 436 ISCO-08 unit groups)
    parsed = parse_positions(fill(template, [{**ROW, "Line": i} for i in range(1, 502)]))
    assert "more than 500 rows below its header (it goes on to row 502)" in parsed.errors[0].message


def test_zip_bomb_is_refused_before_parsing(template):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.endswith("sheet2.xml"):
                body += b" " * (60 * 1024 * 1024)
            dst.writestr(info.filename, body)
    parsed = parse_positions(buf.getvalue())
    assert "expands" in parsed.errors[0].message


def test_errors_are_marked_in_the_returned_workbook(template):
    data = fill(template, [ROW, {**ROW, "Line": 2, "Wage": "a lot"}])
    parsed = parse_positions(data)
    marked = load_workbook(io.BytesIO(mark_errors(data, parsed.errors)))
    assert marked.sheetnames[0] == "Errors"
    assert [c.value for c in marked["Errors"][2]] == [POSITIONS, 3, "Wage", "Write a number, e.g. 1.5."]
    positions = marked[POSITIONS]
    wage_col = [c.value for c in positions[1]].index("Wage") + 1
    cell = positions.cell(row=3, column=wage_col)
    assert cell.fill.fgColor.rgb.endswith("F8D7DA") and "number" in cell.comment.text
    errors_col = [c.value for c in positions[1]].index("Errors") + 1
    assert "Wage: Write a number" in positions.cell(row=3, column=errors_col).value
    assert positions.cell(row=2, column=errors_col).value is None
