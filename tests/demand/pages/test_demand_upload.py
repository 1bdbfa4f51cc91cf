"""The demand_upload page (demand_upload_view in frontend/demand/)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demand.services import letter_create
from jobs.models import Job
from tests.demand.helpers import letter_data
from tests.demand.pages.helpers import field_block, thai_letter, upload


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


def test_an_upload_that_replaces_positions_says_so_and_asks_first(as_role, draft):
    client = as_role("employer_th")
    url = reverse("demand_upload", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "This letter has 1 position now. The upload replaces it with the workbook's rows." in page
    response = client.post(url, {"workbook": SimpleUploadedFile("p.xlsx", b"PK\x03\x04", "application/zip")})
    assert response.status_code == 200
    assert "tick the box to replace them" in response.content.decode()


def test_an_upload_into_an_empty_letter_asks_nothing(as_role, setup):
    letter = letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([]))
    page = as_role("employer_th").get(reverse("demand_upload", args=[letter.pk])).content.decode()
    assert "replace-warning" not in page and 'name="replace"' not in page
