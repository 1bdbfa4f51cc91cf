"""The demand_detail page (demand_detail_view in frontend/demand/)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from demand import services
from demand.models import Attachment, DemandLetter, LetterStatus, QuotaUse
from demand.services import attachment_add, attachment_remove, letter_attest, letter_create, letter_submit
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import (
    MINISTRY,
    ON_LETTER_PAGE,
    PDF,
    expected,
    field_block,
    filled_of,
    pdf_upload,
    post_filled,
    set_filled_events,
    thai_letter,
)
from tests.pages import LOGIN, ROLES, assert_status, form_data


@pytest.mark.parametrize("role", ROLES)
def test_letter_page_offers_attestation_to_the_attache_only(as_role, waiting, role):
    response = as_role(role).get(reverse("demand_detail", args=[waiting.pk]))
    assert_status(response, expected(role, {"attache", "employer_th"}, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    if response.status_code == 200:
        page = response.content.decode()
        assert ("Attest the letter" in page) is (role == "attache")
        assert ("Refuse to attest" in page) is (role == "attache")
        assert 'id="attestation-status">Requested' in page


@pytest.mark.parametrize("role", ROLES)
def test_attest_by_role(as_role, waiting, role):
    response = as_role(role).post(reverse("demand_detail", args=[waiting.pk]), {"action": "attest"})
    assert_status(response, expected(role, {"attache"}, code=302, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    waiting.refresh_from_db()
    assert (waiting.status == LetterStatus.SUBMITTED) is (role == "attache")


@pytest.mark.parametrize("role", ROLES)
def test_refuse_by_role(as_role, waiting, role):
    response = as_role(role).post(reverse("demand_detail", args=[waiting.pk]),
                                  {"action": "refuse_attestation", "refuse-reason": "Licence lapsed"})
    assert_status(response, expected(role, {"attache"}, code=302, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    waiting.refresh_from_db()
    assert (waiting.status == LetterStatus.RETURNED) is (role == "attache")


def test_the_attache_attests_from_the_page_and_the_reviewer_then_decides(as_role, waiting):
    client = as_role("attache")
    response = client.post(reverse("demand_detail", args=[waiting.pk]), {"action": "attest"}, follow=True)
    page = response.content.decode()
    assert f"{waiting.reference} is attested" in page
    assert 'id="attestation-status">Attested' in page and "Attest the letter" not in page
    review = as_role("ministry_reviewer").get(reverse("demand_review", args=[waiting.pk])).content.decode()
    assert 'id="attestation-status">Attested' in review and ">Approve<" in review
    employer = as_role("employer_th").get(reverse("demand_detail", args=[waiting.pk])).content.decode()
    assert 'id="attestation-status">Attested' in employer and "Attested by the labour attaché" in employer


def test_a_refusal_needs_a_reason_on_the_page_and_the_employer_reads_it(as_role, waiting):
    client = as_role("attache")
    url = reverse("demand_detail", args=[waiting.pk])
    response = client.post(url, {"action": "refuse_attestation", "refuse-reason": "  "})
    assert response.status_code == 200
    assert "Say why the letter cannot be attested: the employer reads it." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == LetterStatus.ATTESTATION
    assert client.post(url, {"action": "refuse_attestation",
                             "refuse-reason": "The signed copy is missing."}).status_code == 302
    page = as_role("employer_th").get(url).content.decode()
    assert "The labour attaché refused to attest the letter" in page and "The signed copy is missing." in page
    assert "Submit again" in page


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


def test_the_returned_reason_is_shown_to_the_employer(as_role, setup):
    from demand.services import letter_return, letter_submit

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


@pytest.mark.parametrize("role", [*ROLES, "stranger"])
def test_record_own_allocation_on_the_letter_page_by_role(sign_in, world, role):
    mine = world["mine"]
    url = reverse("demand_detail", args=[world["letter"].pk])
    response = post_filled(sign_in(role), url, mine, 3)
    assert_status(response, ON_LETTER_PAGE[role])
    assert filled_of(mine) == (3 if role == "agency" else 0)
    if role in MINISTRY:
        assert response.url == reverse("demand_review", args=[world["letter"].pk])


def test_another_agency_on_the_same_letter_cannot_record_for_an_allocation_not_its_own(sign_in, world):
    url = reverse("demand_detail", args=[world["letter"].pk])
    client = sign_in("rival")
    assert post_filled(client, url, world["mine"], 1).status_code == 404  # hidden from it, as a missing one
    assert filled_of(world["mine"]) == 0
    assert post_filled(client, url, world["theirs"], 2).status_code == 302  # its own: yes
    assert filled_of(world["theirs"]) == 2
    client = sign_in("agency")
    assert post_filled(client, url, world["theirs"], 3).status_code == 404
    assert filled_of(world["theirs"]) == 2


def test_the_agency_records_its_filled_positions_from_its_letter_page(sign_in, world):
    letter, mine = world["letter"], world["mine"]
    url = reverse("demand_detail", args=[letter.pk])
    client = sign_in("agency")
    page = client.get(url).content
    data = form_data(page, containing=f"filled-{mine.pk}-filled")
    assert data["action"] == "set_filled" and data["allocation"] == str(mine.pk)
    assert f'name="filled-{world["theirs"].pk}-filled"' not in page.decode()  # only its own allocation
    assert "From 0 to 4, the positions allocated." in page.decode()
    used_before = QuotaUse.objects.get(agreement=letter.agreement, sector__code="C").used
    data[f"filled-{mine.pk}-filled"] = "3"
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert f"Positions filled for {mine.agency.name}: 3 of 4." in response.content.decode()  # the message
    assert filled_of(mine) == 3
    event = AuditEvent.objects.filter(action="allocation.set_filled").latest("id")
    assert event.actor == world["users"]["agency"]
    assert (event.before["filled"], event.after["filled"]) == (0, 3)
    assert QuotaUse.objects.get(agreement=letter.agreement, sector__code="C").used == used_before + 3
    assert "Filled positions recorded" in response.content.decode()


def test_the_employer_sees_the_numbers_but_no_form(sign_in, world):
    page = sign_in("employer_kr").get(reverse("demand_detail", args=[world["letter"].pk])).content.decode()
    assert "Mekong Manpower (test)" in page  # the employer sees every allocation
    assert 'value="set_filled"' not in page


@pytest.mark.parametrize(("value", "message"), [
    ("three", "Write a whole number of positions."),
    ("", "Write the number of positions filled."),
    ("5", "Give a number from 0 to 4, the positions allocated."),
    ("-1", "Give a number from 0 to 4, the positions allocated."),
])
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(sign_in, world, value, message):
    mine = world["mine"]
    url = reverse("demand_detail", args=[world["letter"].pk])
    events = set_filled_events()
    response = post_filled(sign_in("agency"), url, mine, value)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'href="#id_filled-{mine.pk}-filled"' in page  # the error summary links to the field
    assert filled_of(mine) == 0 and set_filled_events() == events


def test_a_letter_no_longer_allocated_or_recruiting_is_refused(sign_in, world):
    letter, mine = world["letter"], world["mine"]
    DemandLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.CLOSED)
    events = set_filled_events()
    url = reverse("demand_detail", args=[letter.pk])
    client = sign_in("agency")
    assert 'value="set_filled"' not in client.get(url).content.decode()  # no form once closed
    response = post_filled(client, url, mine, 2)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Filled positions can only be recorded while the letter is allocated or recruiting; it is Closed."]
    assert filled_of(mine) == 0 and set_filled_events() == events


def test_an_agency_does_not_read_the_other_agencys_filled_positions_on_the_timeline(sign_in, world):
    letter = world["letter"]
    services.allocation_set_filled(actor=world["users"]["ministry_reviewer"], allocation=world["theirs"], filled=2)
    url = reverse("demand_detail", args=[letter.pk])
    timeline = sign_in("agency").get(url).content.decode().split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Filled positions recorded" not in timeline and "Allocated to agencies" in timeline
    timeline = sign_in("employer_kr").get(url).content.decode().split('class="timeline"', 1)[1].split("</ol>")[0]
    assert "Filled positions recorded" in timeline
    # The employer reads the ministry, not the officer who recorded it.
    officer = world["users"]["ministry_reviewer"]
    assert officer.organisation.name in timeline
    assert (officer.get_full_name() or officer.username) not in timeline


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
