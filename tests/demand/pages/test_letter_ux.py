"""Demand letters as a new employer meets them: a document filed by mistake can be removed while the letter is a
draft, its kind is always chosen, the submit panel names the blockers it counts, an upload that would replace
positions says so and asks first, the reviewer reaches the quota of the letter's agreement in one click."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from demand.models import Attachment, LetterStatus
from demand.services import attachment_add, attachment_remove, letter_create, letter_submit
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import PDF, pdf_upload
from tests.pages import LOGIN, ROLES, assert_status


@pytest.fixture
def draft(setup: dict[str, Any]) -> Any:
    return letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                         data=letter_data([th_position()]))


def test_a_document_has_no_silent_kind(as_role, draft):
    client = as_role("employer_th")
    url = reverse("demand_detail", args=[draft.pk])
    page = client.get(url).content.decode()
    radios = [tag for tag in page.split("<input") if 'name="attachment-kind"' in tag]
    assert len(radios) == 3 and not any("checked" in tag.split(">")[0] for tag in radios)
    response = client.post(url, {"action": "attach",
                                 "attachment-upload": SimpleUploadedFile("x.pdf", PDF, "application/pdf")})
    assert response.status_code == 200
    assert "Choose what the document is: the signed letter, the attestation, or other." in response.content.decode()
    assert not Attachment.objects.filter(letter=draft).exists()


def test_a_wrong_document_is_removed_from_a_draft(as_role, setup, draft):
    users = setup["users"]
    attachment = attachment_add(actor=users["employer_th"], letter=draft, upload=pdf_upload("wrong.pdf"),
                                kind="other")
    client = as_role("employer_th")
    url = reverse("demand_detail", args=[draft.pk])
    assert "Remove wrong.pdf" in client.get(url).content.decode()
    response = client.post(url, {"action": "remove_attachment", "attachment": attachment.pk}, follow=True)
    assert "“wrong.pdf” is removed." in response.content.decode()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    event = AuditEvent.objects.get(action="letter.attachment_remove")
    assert event.actor == users["employer_th"] and event.before == {"attachment": "wrong.pdf", "kind": "other"}


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_document_by_role(as_role, setup, draft, role):
    attachment = attachment_add(actor=setup["users"]["employer_th"], letter=draft, upload=pdf_upload(),
                                kind="signed_letter")
    response = as_role(role).post(reverse("demand_detail", args=[draft.pk]),
                                  {"action": "remove_attachment", "attachment": attachment.pk})
    expected = {"anonymous": LOGIN, "inactive": LOGIN, "employer_th": 302, "admin": 302, "ministry_admin": 302,
                "ministry_reviewer": 302, "employer_kr": 404, "agency": 404, "attache": 404}.get(role, 403)
    assert_status(response, expected)
    assert Attachment.objects.filter(pk=attachment.pk).exists() is (role != "employer_th")


def test_a_submitted_letters_documents_stay(setup, draft):
    users = setup["users"]
    attachment = attachment_add(actor=users["employer_th"], letter=draft, upload=pdf_upload(), kind="signed_letter")
    letter_submit(actor=users["employer_th"], letter=draft)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        attachment_remove(actor=users["employer_th"], attachment=attachment)
    assert "status" in exc.value.message_dict
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_submit_panel_names_the_blockers_it_counts(as_role, setup):
    from decimal import Decimal

    letter = letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position(wage_amount=Decimal("300"))]))
    page = as_role("employer_th").get(reverse("demand_detail", args=[letter.pk])).content.decode()
    panel = page.split('id="submit-title"', 1)[1].split("</section>", 1)[0]
    assert "found 1 blocker" in panel
    blockers = panel.split('id="submit-blockers"', 1)[1].split("</ul>", 1)[0]
    assert "Line 1:" in blockers and "minimum wage" in blockers


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


def test_the_review_page_links_to_the_quota_of_the_letters_agreement(as_role, setup):
    from tests.demand.pages.helpers import kr_letter

    letter = kr_letter(setup, "submitted")
    client = as_role("ministry_reviewer")
    page = client.get(reverse("demand_review", args=[letter.pk])).content.decode()
    link = f'{reverse("demand_quota")}?agreement={letter.agreement_id}'
    assert f'href="{link}" id="quota-link"' in page
    quota = client.get(link).content.decode()
    assert f'<option value="{letter.agreement_id}" selected>' in quota
    assert letter.status == LetterStatus.SUBMITTED
