"""The job-seeker workbook: instructions, a frozen header, drop-downs fed by a hidden list sheet (all 210
districts), English and Khmer versions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from coordination.jobseekers.spreadsheets import COLUMNS, build_template

pytestmark = pytest.mark.django_db


def _validations(ws: Any) -> dict[str, str]:
    """Column letter -> the list formula of its drop-down."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            out[ref.split(":")[0].rstrip("0123456789")] = dv.formula1
    return out


def test_the_english_template(users: dict[str, Any]) -> None:
    wb = load_workbook(io.BytesIO(build_template(language="en")))
    assert wb.sheetnames == ["Instructions", "Lists", "Job seekers"]
    ws = wb["Job seekers"]
    assert wb.active.title == "Job seekers" and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:7] == ["Name in Latin letters", "Name in Khmer script", "Sex", "Date of birth",
                          "National ID number", "Phone", "Province"]
    assert "Occupation (ISCO-08) 3" in header and "Result valid until 2" in header
    assert header[-3:] == ["Consent: matching to vacancies", "Consent: shared with licensed agencies",
                           "Consent: shared with employers once shortlisted"]
    assert len(header) == len(COLUMNS)
    lists = wb["Lists"]
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(row=1, column=c).value.split(" ")[0]: c for c in range(1, lists.max_column + 1)}
    district_column = [lists.cell(row=r, column=2).value for r in range(1, lists.max_row + 1)]
    districts = [v for v in district_column if v]
    assert len(districts) == 210 and "1201 Chamkar Mon" in districts
    provinces = [v for v in (lists.cell(row=r, column=1).value for r in range(1, 30)) if v]
    assert len(provinces) == 25 and "12 Phnom Penh" in provinces
    assert columns  # every list has a first value
    drop_downs = _validations(ws)
    letter = {h: ws.cell(row=1, column=i + 1).column_letter for i, h in enumerate(header)}
    province = letter["Province"]
    assert drop_downs[letter["District"]] == (
        f'INDIRECT("DISTRICTS_"&LEFT(${province}2,FIND(" ",${province}2&" ")-1))')
    for name in ("Province", "Sex", "Education", "Passport", "Occupation (ISCO-08) 1", "Language 2",
                 "Language test 1", "Consent: matching to vacancies"):
        assert name in {h for h, col in letter.items() if col in drop_downs}, name
    text = "\n".join(str(r[0]) for r in wb["Instructions"].values if r and r[0])
    assert "imported whole or not at all" in text and "already imported and skipped" in text
    assert "Ministry of Economy and Finance" in text


def test_the_khmer_template(users: dict[str, Any]) -> None:
    wb = load_workbook(io.BytesIO(build_template(language="km")))
    assert wb.sheetnames[0] != "Instructions" and wb.sheetnames[1] == "បញ្ជី"  # the lists sheet too
    ws = wb[wb.sheetnames[2]]
    assert ws.title != "Job seekers"
    header = [c.value for c in ws[1]]
    assert header[0] != "Name in Latin letters" and header[2] != "Sex"
    assert all(any("\u1780" <= ch <= "\u17ff" for ch in h) for h in header), header
    lists = wb["បញ្ជី"]
    provinces = [v for v in (lists.cell(row=r, column=1).value for r in range(1, 30)) if v]
    assert "12 ភ្នំពេញ" in provinces
    # Every list label is in Khmer where it comes from code or reference data with a Khmer form: languages
    # (CLDR), sex, education, passport, tests, yes/no; the drop-downs point at the Khmer-named sheet.
    listed = {lists.cell(row=r, column=c).value for c in range(1, lists.max_column + 1)
              for r in range(1, lists.max_row + 1)} - {None}
    assert "ko — កូរ៉េ" in listed and "ko — Korean" not in listed
    for english in ("Female", "Male", "Applied for", "Thai language test", "Another test", "Yes", "No"):
        assert english not in listed, english
    assert set(_validations(ws).values()) and all(
        f.startswith("'បញ្ជី'!") or f.startswith('INDIRECT("DISTRICTS_"') for f in _validations(ws).values())


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_district_drop_down_lists_the_districts_of_the_rows_province(users: dict[str, Any], language: str) -> None:
    """Each province's districts are a named block of the Lists sheet (DISTRICTS_<MEF code>); the district
    drop-down is INDIRECT of the name the row's province cell gives, as Excel and LibreOffice evaluate it."""
    from reference.models import District, Province

    wb = load_workbook(io.BytesIO(build_template(language=language)))
    lists = next(sheet for sheet in wb.worksheets if sheet.sheet_state == "hidden")  # named in the language
    ws = wb.worksheets[2]
    header = [c.value for c in ws[1]]
    province_letter = ws.cell(row=1, column=header.index("Province" if language == "en" else header[6]) + 1
                              ).column_letter
    district = next(dv for dv in ws.data_validations.dataValidation
                    if "INDIRECT" in (dv.formula1 or ""))
    assert str(district.sqref).startswith(ws.cell(row=2, column=header.index(header[7]) + 1).coordinate)
    assert f"${province_letter}2" in district.formula1
    for province in Province.objects.all():
        name = f"DISTRICTS_{province.mef_code}"
        assert name in wb.defined_names, name
        sheet, cells = next(iter(wb.defined_names[name].destinations))
        assert sheet == lists.title
        listed = [row[0].value.split(" ", 1)[0] for row in lists[cells.replace("$", "")]]
        assert listed == list(District.objects.filter(province=province).order_by("code")
                              .values_list("code", flat=True))
        # What the formula computes from the row's province value names this block.
        value = next(v.value for v in lists["A"] if v.value and v.value.split(" ", 1)[0] == province.mef_code)
        assert "DISTRICTS_" + value[:value.find(" ")] == name
    assert sum(len(list(lists[next(iter(d.destinations))[1].replace("$", "")])) for d in wb.defined_names.values()
               if d.name.startswith("DISTRICTS_")) == District.objects.count()
