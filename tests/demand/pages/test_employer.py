"""Demand pages, the employer's side: the editor, the pre-check, submission, documents, the spreadsheet."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from demand.models import Attachment, DemandLetter, LetterStatus
from demand.services import attachment_add, letter_create
from demand.spreadsheets import POSITIONS, build_template
from jobs.models import Job, JobStatus
from jobs.tasks import run_job
from notifications.models import Notification
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import PDF, accredit_employers, pdf_upload
from tests.pages import form_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setup(users: dict[str, Any], agreements: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    accredit_employers(users)
    return {"users": users, "agreements": agreements, "media": tmp_path}


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


# --- the editor ----------------------------------------------------------------------------------------


def test_employer_creates_a_draft_and_saves_positions(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    assert b'list="isco-unit-groups"' in html and b'<datalist id="isco-unit-groups">' in html
    response = client.post(reverse("demand_create"), editor_data(html))
    assert response.status_code == 302, response.content.decode()[:3000]
    letter = DemandLetter.objects.get(employer=setup["users"]["employer_th"].organisation)
    assert response.url == reverse("demand_detail", args=[letter.pk])
    assert letter.status == LetterStatus.DRAFT and letter.agreement == setup["agreements"]["TH"]
    position = letter.positions.get()
    assert (position.occupation.code, position.sector.code, position.workers) == ("8153", "14", 20)
    assert position.wage_amount == Decimal("400") and position.accommodation and not position.food
    costs = [(c.name, c.payer, c.amount, c.currency.code) for c in position.costs.order_by("id")]
    assert costs == [("Visa and work permit", "employer", Decimal("2500"), "THB"),
                     ("Passport", "worker", Decimal("20"), "USD")]

    page = client.get(response.url).content.decode()
    assert letter.reference in page
    assert "Draft created" in page  # the status timeline, from the audit trail
    assert "Next: check the letter against the agreement" in page


def test_an_invalid_position_shows_the_error_next_to_the_field_and_saves_nothing(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    response = client.post(reverse("demand_create"), editor_data(html, **{"positions-0-workers": "0"}))
    assert response.status_code == 200
    page = response.content.decode()
    block = field_block(page, "id_positions-0-workers")
    assert "field--error" in block
    assert "Give the number of workers, a whole number from 1." in block
    assert 'aria-invalid="true"' in block
    # …and in the summary at the top, linked to the field.
    assert 'href="#id_positions-0-workers"' in page
    assert "Position, row 1, Number of workers: Give the number of workers" in page
    assert not DemandLetter.objects.exists()


def test_bad_costs_and_a_wrong_type_are_reported_on_their_fields(as_role, setup):
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    response = client.post(reverse("demand_create"), editor_data(html, **{
        "positions-0-wage_amount": "a lot", "positions-0-costs": "Passport; the worker; twenty; USD"}))
    page = response.content.decode()
    assert "Write an amount, e.g. 400 or 12000.50." in field_block(page, "id_positions-0-wage_amount")
    costs = field_block(page, "id_positions-0-costs")
    assert "Cost line 1: say who pays, employer or worker (not “the worker”)." in costs
    assert "Cost line 1: write the amount as a number" in costs
    assert not DemandLetter.objects.exists()


def test_editing_keeps_what_is_not_changed(as_role, setup):
    letter = thai_letter(setup, wage_amount=Decimal("380"))
    client = as_role("employer_th")
    html = client.get(reverse("demand_edit", args=[letter.pk])).content
    data = form_data(html, containing="positions-TOTAL_FORMS")
    assert data["positions-0-occupation"].startswith("8153")
    assert data["positions-0-costs"] == "Recruitment service fee; employer; 3000; THB"
    data["positions-0-wage_amount"] = "450"
    valid = (letter.valid_from, letter.valid_until)
    response = client.post(reverse("demand_edit", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    position = letter.positions.get()
    assert position.wage_amount == Decimal("450")
    assert [(c.name, c.amount) for c in position.costs.all()] == [("Recruitment service fee", Decimal("3000"))]
    letter.refresh_from_db()
    assert (letter.valid_from, letter.valid_until) == valid


def test_a_position_can_be_removed(as_role, setup):
    letter = letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position(), th_position(workers=3)]))
    client = as_role("employer_th")
    data = form_data(client.get(reverse("demand_edit", args=[letter.pk])).content,
                     containing="positions-TOTAL_FORMS")
    data["positions-0-DELETE"] = "on"
    assert client.post(reverse("demand_edit", args=[letter.pk]), data).status_code == 302
    assert [p.workers for p in letter.positions.all()] == [3]


# --- pre-check and submission ------------------------------------------------------------------------------


def test_precheck_shows_a_blocker_for_a_wage_below_the_floor(as_role, setup):
    letter = thai_letter(setup, wage_amount=Decimal("300"))
    page = as_role("employer_th").get(reverse("demand_precheck", args=[letter.pk])).content.decode()
    assert "1 blocker" in page
    assert '<span class="badge badge--blocker">Blocker</span>' in page
    assert "Line 1: the wage of 300 THB per day is below the agreement&#x27;s minimum wage of 370 THB" in page
    assert "Art. 11.4" in page  # the clause tag
    assert "370 THB per day" in page and "Values compared" in page  # the values compared
    assert re.search(r'<button type="submit" class="button" disabled aria-describedby="submit-why">\s*Submit', page)


def test_precheck_speaks_khmer_in_khmer(as_role, setup, settings):
    letter = thai_letter(setup, wage_amount=Decimal("300"))
    client = as_role("employer_th")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    page = client.get(reverse("demand_precheck", args=[letter.pk])).content.decode()
    assert 'lang="km"' in page
    assert "ប្រាក់ឈ្នួល 300 THB" in page
    assert "is below the agreement" not in page
    # The values compared (stored in one form, "370 THB per day") read in Khmer too, units included.
    assert "per day" not in page and "370 THB ក្នុងមួយថ្ងៃ" in page


def test_submit_is_refused_while_blockers_exist(as_role, setup):
    letter = thai_letter(setup, wage_amount=Decimal("300"))
    client = as_role("employer_th")
    detail = client.get(reverse("demand_detail", args=[letter.pk])).content.decode()
    assert "The check against the agreement found 1 blocker" in detail
    assert 'disabled aria-describedby="submit-why"' in detail

    response = client.post(reverse("demand_submit", args=[letter.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The letter was not submitted." in page
    assert "below the agreement&#x27;s minimum wage" in page
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and letter.submitted_at is None


def test_a_compliant_letter_is_submitted(as_role, setup):
    """The Thai agreement requires attestation: the letter goes to the labour attaché first, and the employer
    is told that it arrived (the page's message and a notification)."""
    letter = thai_letter(setup)
    client = as_role("employer_th")
    response = client.post(reverse("demand_submit", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ATTESTATION and letter.attestation_status == "requested"
    assert letter.review_due is None  # the ministry's clock starts at attestation
    page = client.get(reverse("demand_detail", args=[letter.pk])).content.decode()
    assert "is submitted and has arrived: it now goes to the labour attaché for attestation" in page
    assert "Submitted for review" in page and "waits for attestation by the labour attaché" in page
    assert Notification.objects.filter(user=setup["users"]["employer_th"], kind="demand.submission_received").exists()
    # Submitted: no more editing.
    assert reverse("demand_edit", args=[letter.pk]) not in page


def test_the_returned_reason_is_shown_to_the_employer(as_role, setup):
    from demand.services import letter_attest, letter_return, letter_submit

    letter = thai_letter(setup)
    users = setup["users"]
    letter_submit(actor=users["employer_th"], letter=letter)
    letter_attest(actor=users["attache"], letter=letter)
    letter_return(actor=users["ministry_reviewer"], letter=letter, reason="Attach the signed letter, please.")
    page = as_role("employer_th").get(reverse("demand_detail", args=[letter.pk])).content.decode()
    assert "The Ministry returned the letter for changes" in page
    assert "Attach the signed letter, please." in page
    assert "Submit again" in page
    # The timeline names the Ministry, not the reviewer.
    assert "Returned for changes" in page and "Ministry of Labour and Vocational Training" in page


# --- documents ----------------------------------------------------------------------------------------------


def test_a_pdf_is_attached_and_a_fake_one_refused(as_role, setup):
    letter = thai_letter(setup, attested=False)
    client = as_role("employer_th")
    url = reverse("demand_detail", args=[letter.pk])
    response = client.post(url, {"action": "attach", "attachment-kind": "signed_letter",
                                 "attachment-upload": SimpleUploadedFile("signed.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    attachment = Attachment.objects.get(letter=letter)
    assert attachment.original_name == "signed.pdf"
    page = client.get(url).content.decode()
    assert reverse("demand_attachment", args=[letter.pk, attachment.pk]) in page

    response = client.post(url, {"action": "attach", "attachment-kind": "signed_letter",
                                 "attachment-upload": SimpleUploadedFile("virus.pdf", b"MZ not a pdf")})
    assert response.status_code == 200
    block = field_block(response.content.decode(), "id_attachment-upload")
    assert "“virus.pdf” is not a PDF, PNG or JPEG file" in block
    assert Attachment.objects.filter(letter=letter).count() == 1


# --- the spreadsheet ------------------------------------------------------------------------------------------

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


def test_a_csv_renamed_xlsx_is_refused_with_a_clear_message_and_no_job(as_role, setup):
    letter = thai_letter(setup)
    response = upload(as_role("employer_th"), letter, b"Line,Occupation,Workers\n1,7531,20\n")
    assert response.status_code == 200
    block = field_block(response.content.decode(), "id_workbook")
    assert "This is not an Excel workbook (.xlsx)." in block
    assert not Job.objects.exists()
    assert not (setup["media"] / "uploads").exists()


def test_an_old_xls_is_refused(as_role, setup):
    letter = thai_letter(setup)
    response = upload(as_role("employer_th"), letter, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")
    assert "old Excel 97–2003 (.xls) file" in response.content.decode()
    assert not Job.objects.exists()


def test_a_good_workbook_is_imported_by_a_job(as_role, setup):
    letter = thai_letter(setup)
    client = as_role("employer_th")
    response = upload(client, letter, workbook(setup["agreements"]["TH"], [ROW, {**ROW, "Line": 2,
                                                                               "Number of workers": 5}]))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("demand_import", args=[letter.pk, job.pk])
    assert job.kind == "demand.import_positions" and job.params["letter_id"] == letter.pk
    assert job.params["upload"].startswith("uploads/") and job.params["language"] == "en"
    page = client.get(response.url).content.decode()
    assert "job-progress" in page and "hx-get" in page  # polls while the job waits

    run_job(job.pk)  # what the worker does
    assert [p.workers for p in letter.positions.all()] == [30, 5]
    fragment = client.get(reverse("demand_import_status", args=[letter.pk, job.pk])).content.decode()
    assert "hx-trigger" not in fragment
    assert "See the imported positions" in fragment


def test_a_workbook_with_errors_gets_the_report_and_the_marked_workbook(as_role, setup):
    letter = thai_letter(setup)
    client = as_role("employer_th")
    upload(client, letter, workbook(setup["agreements"]["TH"], [ROW, {**ROW, "Line": 2, "Wage": "a lot"}]))
    job = Job.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    page = client.get(reverse("demand_import", args=[letter.pk, job.pk])).content.decode()
    assert "Problems to fix" in page
    assert 'class="badge badge--job-rejected">Refused<' in page and "<progress" not in page
    assert "did not finish" not in page and "of 2 done" not in page
    assert re.search(r"<td data-label=\"Sheet\">Positions</td>\s*<td data-label=\"Row\" class=\"num\">3</td>\s*"
                     r"<td data-label=\"Column\">Wage</td>", page)
    assert reverse("job_download", args=[job.pk]) in page
    assert [p.wage_amount for p in letter.positions.all()] == [Decimal("400")]  # nothing imported


# --- the profile ----------------------------------------------------------------------------------------------


def test_an_employer_without_profile_is_asked_for_it_first(as_role, setup):
    from demand.models import EmployerProfile

    EmployerProfile.objects.filter(organisation=setup["users"]["employer_kr"].organisation).delete()
    client = as_role("employer_kr")
    assert "Complete your employer profile first" in client.get(reverse("demand_create")).content.decode()
    html = client.get(reverse("employer_profile")).content
    data = form_data(html, containing="legal_name")
    data.update(registration_number="134-81-23456", address="21 Sandan-ro, Ansan", sector="C",
                contact_name="Park Min-jun", contact_email="hr@hanbit.example")
    response = client.post(reverse("employer_profile"), data)
    assert response.status_code == 302
    profile = EmployerProfile.objects.get(organisation=setup["users"]["employer_kr"].organisation)
    assert profile.accreditation == "pending" and profile.sector.code == "C"
    page = client.get(reverse("demand_list")).content.decode()
    assert "Your accreditation: Pending." in page


def test_a_letter_with_too_many_positions_for_the_page_keeps_them(as_role, setup):
    from demand.models import Position
    from frontend.demand.forms import EDITOR_MAX_POSITIONS
    from tests.demand.factories import make_letter

    letter = make_letter(agreement=setup["agreements"]["TH"], employer=setup["users"]["employer_th"].organisation,
                         positions=EDITOR_MAX_POSITIONS + 1)
    client = as_role("employer_th")
    html = client.get(reverse("demand_edit", args=[letter.pk])).content
    assert f"This letter has {EDITOR_MAX_POSITIONS + 1} positions, too many to edit on one page.".encode() in html
    assert b"positions-TOTAL_FORMS" not in html
    data = form_data(html, containing="valid_until")
    later = letter.valid_until + datetime.timedelta(days=30)
    data["valid_until"] = later.isoformat()
    response = client.post(reverse("demand_edit", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    letter.refresh_from_db()
    assert letter.valid_until == later
    assert Position.objects.filter(letter=letter).count() == EDITOR_MAX_POSITIONS + 1
    assert Position.objects.filter(letter=letter, costs__name="Passport").count() == EDITOR_MAX_POSITIONS + 1


def test_every_field_and_row_error_comes_in_one_round(as_role, setup):
    """A missing field and a wrong value (one the forms read, that only the service judges) on the same post:
    both are reported at once, on their fields, not the missing one first and the wrong one after."""
    client = as_role("employer_th")
    html = client.get(reverse("demand_create")).content
    data = editor_data(html, **{"positions-0-work_location": "", "positions-0-days_per_week": "7",
                                "positions-0-rest_days_per_week": "2"})
    data["valid_until"] = ""
    response = client.post(reverse("demand_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the date the demand is valid until." in field_block(page, "id_valid_until")
    assert "Working days and rest days together cannot exceed 7." in field_block(
        page, "id_positions-0-rest_days_per_week")
    assert 'href="#id_positions-0-rest_days_per_week"' in page and 'href="#id_valid_until"' in page
    assert page.count("Say where the work is (town, province).") + page.count("This field is required") >= 1
    assert not DemandLetter.objects.exists()
