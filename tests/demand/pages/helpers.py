"""Plain helpers of the demand page tests (the positions and letters themselves are tests/demand/helpers.py's)."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from demand import services
from demand.models import Allocation, DemandLetter
from demand.services import attachment_add, letter_create
from demand.spreadsheets import POSITIONS, build_template
from tests.demand.factories import make_employer_profile
from tests.demand.helpers import kr_position, letter_data, th_position
from tests.pages import LOGIN, form_data

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def accredit_employers(users: dict[str, Any]) -> None:
    """Both demo employers with an accredited profile (Thai: garments, division 14; Korean: C)."""
    make_employer_profile(users["employer_th"].organisation, sector="14")
    make_employer_profile(users["employer_kr"].organisation, sector="C")


def pdf_upload(name: str = "letter.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def kr_letter(setup: dict[str, Any], status: str = "submitted", **position: Any) -> DemandLetter:
    """A Korean letter brought to `status` through the services."""
    users = setup["users"]
    reviewer = users["ministry_reviewer"]
    position.setdefault("workers", 12)
    letter = services.letter_create(actor=users["employer_kr"], agreement=setup["agreements"]["KR"],
                                    data=letter_data([kr_position(**position)]))
    steps = {"draft": [], "submitted": ["submit"], "under_review": ["submit", "start_review"],
             "approved": ["submit", "start_review", "approve"],
             "allocated": ["submit", "start_review", "approve", "allocate"]}[status]
    for step in steps:
        if step == "submit":
            letter = services.letter_submit(actor=users["employer_kr"], letter=letter)
        elif step == "allocate":
            letter = services.letter_allocate(actor=reviewer, letter=letter,
                                              allocations=[(users["agency"].organisation, 4)])
        else:
            letter = getattr(services, f"letter_{step}")(actor=reviewer, letter=letter)
    assert letter.status == status
    return letter




MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


def expected(role: str, ok: set[str], *, code: int = 200, redirect: set[str] = frozenset(),
             hidden: set[str] = frozenset()) -> Any:
    if role in ("anonymous", "inactive"):
        return LOGIN
    if role in ok:
        return code
    if role in redirect:
        return 302
    return 404 if role in hidden else 403


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def thai_letter(setup: dict[str, Any], *, attested: bool = True, **position: Any) -> DemandLetter:
    """A Thai draft through the services, attested (date, officer, document) unless told."""
    users = setup["users"]
    extra = {}
    if attested:
        extra = {"attestation_date": timezone.localdate() - datetime.timedelta(days=2),
                 "attestation_officer": "Rithy Nhem, Labour Attaché"}
    letter = letter_create(actor=users["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position(**position)], **extra))
    if attested:
        attachment_add(actor=users["employer_th"], letter=letter, upload=pdf_upload("attestation.pdf"),
                       kind="attestation")
    return letter


POSITION_FIELDS = {
    "occupation": "8153 — Sewing machine operators", "sector": "14", "workers": "20",
    "work_location": "Bang Phli, Samut Prakan", "contract_months": "24", "wage_amount": "400",
    "wage_currency": "THB", "wage_period": "day", "hours_per_day": "8", "days_per_week": "6",
    "rest_days_per_week": "1", "overtime_rate": "1.5", "accommodation": "on",
    "costs": "Visa and work permit; employer; 2500; THB\nPassport; worker; 20; USD",
}


def editor_data(html: bytes, **positions: str) -> dict[str, Any]:
    data = form_data(html, containing="positions-TOTAL_FORMS")
    data["valid_until"] = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()
    data.update({f"positions-0-{k}": v for k, v in POSITION_FIELDS.items()})
    data.update(positions)
    return data


def field_block(html: str, field_id: str) -> str:
    """The <div class="field …"> that holds the input with this id."""
    at = html.index(f'id="{field_id}"')
    start = html.rindex('<div class="field', 0, at)
    return html[start:at + 400]


ROW = {
    "Line": 1, "Occupation (ISCO-08)": "8153 — Sewing machine operators", "Sector (ISIC Rev.4)": "14",
    "Number of workers": 30, "Wage": 410, "Currency": "THB", "Wage period": "per day", "Normal hours per day": 8,
    "Working days per week": 6, "Rest days per week": 1, "Overtime rate": 1.5, "Contract length (months)": 24,
    "Work location": "Samut Prakan",
}


def workbook(agreement: Any, rows: list[dict[str, Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(build_template(agreement=agreement)))
    ws = wb[POSITIONS]
    header = [c.value for c in ws[1]]
    for row in rows:
        ws.append([row.get(h) for h in header])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client: Any, letter: DemandLetter, data: bytes, name: str = "positions.xlsx") -> Any:
    """Upload a workbook, agreeing to replace the positions the letter has (the page asks first)."""
    return client.post(reverse("demand_upload", args=[letter.pk]),
                       {"workbook": SimpleUploadedFile(name, data, XLSX), "replace": "on"})


def post_filled(client: Any, url: str, allocation: Allocation, value: Any) -> Any:
    return client.post(url, {"action": "set_filled", "allocation": allocation.pk,
                             f"filled-{allocation.pk}-filled": value})


def filled_of(allocation: Allocation) -> int:
    return Allocation.objects.get(pk=allocation.pk).filled


def set_filled_events() -> int:
    return AuditEvent.objects.filter(action="allocation.set_filled").count()


ON_LETTER_PAGE = {"agency": 302, "admin": 302, "ministry_admin": 302, "ministry_reviewer": 302,
                  "employer_kr": 403, "employer_th": 404, "stranger": 404, "counsellor": 403, "attache": 404,
                  "no_org": 403, "anonymous": LOGIN, "inactive": LOGIN}




def year() -> int:
    """This year in Phnom Penh, read when the test runs (a suite may cross midnight on 31 December)."""
    return timezone.localdate().year



def quota_cell(html: str, sector: str, column: str) -> int:
    row = html.split(f'id="quota-{sector}"', 1)[1].split("</tr>", 1)[0]
    labels = {"approved": "Approved", "allocated": "Allocated", "used": "Used", "remaining": "Remaining"}
    cell = re.search(rf'data-label="{labels[column]}"[^>]*>(?:<strong>)?([\d,]+)', row)
    assert cell, row
    return int(cell.group(1).replace(",", ""))


def quota_page(client: Any, agreement: Any) -> str:
    return client.get(reverse("demand_quota"), {"agreement": agreement.pk, "year": year()}).content.decode()


def decide(client: Any, letter: DemandLetter, decision: str, reason: str = "") -> Any:
    return client.post(reverse("demand_review", args=[letter.pk]),
                       {"action": "decide", "decision-decision": decision, "decision-reason": reason})
