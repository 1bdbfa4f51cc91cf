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
    assert drop_downs[letter["District"]] == "'Lists'!$B$1:$B$210"
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
    assert set(_validations(ws).values()) and all(f.startswith("'បញ្ជី'!") for f in _validations(ws).values())
