"""Plain helpers for the job-seeker import tests: a filled-in template, one row at a time by header."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import load_workbook

from coordination.jobseekers.spreadsheets import SHEET_TITLE, build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# One complete, valid row by English header (Sok Dara, born 1998, Phnom Penh).
ROW: dict[str, Any] = {
    "Name in Latin letters": "Sok Dara", "Name in Khmer script": "សុខ ដារា", "Sex": "Male",
    "Date of birth": datetime.date(1998, 4, 14), "National ID number": "010203040", "Phone": "012 345 678",
    "Province": "12 Phnom Penh", "District": "1201 Chamkar Mon", "Education": "Upper secondary school",
    "Occupation (ISCO-08) 1": "7531 — Tailors, dressmakers, furriers and hatters", "Years of experience 1": 3,
    "Language 1": "ko — Korean", "Language test 1": "EPS-TOPIK", "Score or level 1": "72",
    "Test taken on 1": datetime.date(2025, 5, 1), "Result valid until 1": datetime.date(2027, 5, 1),
    "Destination countries, in order": "KR, TH", "Sectors": "C", "Minimum monthly wage": 800,
    "Wage currency": "USD", "Passport": "No passport yet",
    "Consent: matching to vacancies": "Yes", "Consent: shared with licensed agencies": "Yes",
    "Consent: shared with employers once shortlisted": "No",
}


def person(i: int, **changes: Any) -> dict[str, Any]:
    """A valid row for a distinct person number i (own name, national ID, phone and date of birth)."""
    given = ["Dara", "Sophea", "Vanna", "Chenda", "Rithy", "Sokha", "Malis", "Pisey", "Bopha", "Kosal"]
    row = {**ROW, "Name in Latin letters": f"Chan {given[i % 10]} {chr(65 + i // 10 % 26)}",
           "Name in Khmer script": None, "National ID number": f"{110000000 + i}",
           "Phone": f"+855 97 {1000000 + i}", "Date of birth": datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28)}
    row.update(changes)
    return row


def fill(rows: list[dict[str, Any]], *, language: str = "en", template: bytes | None = None) -> bytes:
    """The template (English unless `language`) with `rows` appended, each a dict by English header (or by the
    header of the template's language)."""
    from django.utils.translation import override

    from coordination.jobseekers.spreadsheets import COLUMNS

    template = template or build_template(language=language)
    wb = load_workbook(io.BytesIO(template))
    with override(language):
        ws = wb[str(SHEET_TITLE)]
        local = [str(c.label) for c in COLUMNS]
    with override("en"):
        english = [str(c.label) for c in COLUMNS]
    header = [c.value for c in ws[1]]
    for row in rows:
        values = []
        for h in header:
            en = english[local.index(h)] if h in local else h
            values.append(row.get(h, row.get(en)))
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
