"""Demand pages, the ministry's side (review queue, review page, decisions, allocation, quotas, employers)
and the agency's (allocated demand)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from demand.models import DemandLetter, EmployerProfile, LetterStatus
from mou.models import Quota
from notifications.models import Notification
from reference.models import Occupation, Sector
from tests.demand.pages.helpers import kr_letter
from tests.pages import form_data

YEAR = timezone.localdate().year


def quota_cell(html: str, sector: str, column: str) -> int:
    row = html.split(f'id="quota-{sector}"', 1)[1].split("</tr>", 1)[0]
    labels = {"approved": "Approved", "allocated": "Allocated", "used": "Used", "remaining": "Remaining"}
    cell = re.search(rf'data-label="{labels[column]}"[^>]*>(?:<strong>)?([\d,]+)', row)
    assert cell, row
    return int(cell.group(1).replace(",", ""))


def quota_page(client: Any, agreement: Any) -> str:
    return client.get(reverse("demand_quota"), {"agreement": agreement.pk, "year": YEAR}).content.decode()


def decide(client: Any, letter: DemandLetter, decision: str, reason: str = "") -> Any:
    return client.post(reverse("demand_review", args=[letter.pk]),
                       {"action": "decide", "decision-decision": decision, "decision-reason": reason})


# --- decisions and the quota ---------------------------------------------------------------------------------


def test_reviewer_approves_in_one_step_and_the_quota_page_shows_the_draw_down(as_role, setup):
    korea = setup["agreements"]["KR"]
    letter = kr_letter(setup, "submitted", workers=12)
    client = as_role("ministry_reviewer")
    before = quota_page(client, korea)
    approved_before = quota_cell(before, "C", "approved")
    remaining_before = quota_cell(before, "C", "remaining")

    # A submitted letter is decided from the review page straight away: no "Start the review" first.
    page = client.get(reverse("demand_review", args=[letter.pk])).content.decode()
    assert "Start the review" not in page
    assert ">Approve<" in page and ">Return to the employer for changes<" in page and ">Reject<" in page
    assert "Approving draws 12 workers from the quota of this year." in page
    response = decide(client, letter, "approve")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    # The audit trail says what happened: approved from submitted, no review start that nobody made.
    events = list(AuditEvent.objects.filter(target_id=str(letter.pk), action__startswith="letter.")
                  .order_by("pk").values_list("action", flat=True))
    assert events[-1] == "letter.approve" and "letter.start_review" not in events
    assert AuditEvent.objects.get(target_id=str(letter.pk), action="letter.approve").before == {"status": "submitted"}

    after = quota_page(client, korea)
    assert quota_cell(after, "C", "approved") == approved_before + 12
    assert quota_cell(after, "C", "remaining") == remaining_before - 12
    assert '<meter id="meter-C" class="quota-meter" min="0" max="6000"' in after
    assert f"({approved_before + 12} of 6,000)" in after


def test_return_requires_a_reason(as_role, setup):
    letter = kr_letter(setup, "under_review")
    client = as_role("ministry_reviewer")
    response = decide(client, letter, "return")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what the employer must change." in page.split('id="id_decision-reason"')[0][-1500:]
    assert 'href="#id_decision-reason"' in page  # the error summary links to the field
    letter.refresh_from_db()
    assert letter.status == LetterStatus.UNDER_REVIEW

    assert decide(client, letter, "return", "Give the work location's full address.").status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RETURNED
    assert letter.decision_reason == "Give the work location's full address."


def test_the_decision_form_checks_shapes_only_the_service_wants_the_reason():
    from frontend.demand.forms import DecisionForm

    form = DecisionForm({"decision-decision": "return", "decision-reason": ""}, allowed=["approve", "return"])
    assert form.is_valid(), form.errors  # the reason rule is demand.services.letter_decide's
    assert not DecisionForm({"decision-decision": "reject"}, allowed=["approve", "return"]).is_valid()


def test_reject_requires_a_reason_too(as_role, setup):
    letter = kr_letter(setup, "under_review")
    response = decide(as_role("ministry_admin"), letter, "reject", "  ")
    assert "Say why the demand is rejected." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.UNDER_REVIEW


def test_a_decision_the_status_does_not_allow_is_refused(as_role, setup):
    letter = kr_letter(setup, "approved")
    response = decide(as_role("ministry_reviewer"), letter, "reject", "No longer needed")
    assert response.status_code == 200  # no decision is open on an approved letter: refused, nothing changes
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED


def test_the_review_page_shows_the_report_beside_the_terms(as_role, setup):
    letter = kr_letter(setup, "under_review", skills="Young women preferred")
    page = as_role("ministry_reviewer").get(reverse("demand_review", args=[letter.pk])).content.decode()
    report, terms = page.split('class="review-grid__report', 1)[1].split('class="review-grid__terms', 1)
    assert "Warning" in report and "Line 1" in report
    assert "Recorded when the letter was submitted" in report
    assert "10,030 KRW per hour" in terms or "10030 KRW per hour" in terms  # the wage floor
    assert "Quota left in" in terms and "of 6,000 workers" in terms
    assert letter.employer.name in page and "Accredited" in page
    assert "Full audit trail of this letter" in page


def test_allocation_to_an_agency_and_its_limit(as_role, setup):
    users = setup["users"]
    letter = kr_letter(setup, "approved", workers=12)
    agency = users["agency"].organisation
    client = as_role("ministry_reviewer")
    url = reverse("demand_review", args=[letter.pk])
    page = client.get(url).content.decode()
    assert "12 workers approved, 0 allocated, 12 left to allocate." in page
    assert f'name="allocate-agency_{agency.pk}"' in page

    response = client.post(url, {"action": "allocate", f"allocate-agency_{agency.pk}": "13"})
    assert response.status_code == 200
    assert "at most 12 more can be allocated, not 13" in response.content.decode()
    response = client.post(url, {"action": "allocate", f"allocate-agency_{agency.pk}": "5"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ALLOCATED
    assert quota_cell(quota_page(client, setup["agreements"]["KR"]), "C", "allocated") == 5


def test_revoke_requires_a_reason_and_returns_the_quota(as_role, setup):
    letter = kr_letter(setup, "approved", workers=12)
    client = as_role("ministry_admin")
    url = reverse("demand_review", args=[letter.pk])
    approved = quota_cell(quota_page(client, setup["agreements"]["KR"]), "C", "approved")
    response = client.post(url, {"action": "revoke", "revoke-reason": ""})
    assert "Say why the approval is revoked." in response.content.decode()
    assert client.post(url, {"action": "revoke", "revoke-reason": "Employer banned"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REVOKED
    assert quota_cell(quota_page(client, setup["agreements"]["KR"]), "C", "approved") == approved - 12


def test_the_quota_page_has_a_line_per_pool_with_its_occupation_and_clause(as_role, setup):
    """Korea with a quota of its own for 8211 in C: that occupation's approval counts on its line only."""
    korea = setup["agreements"]["KR"]
    Quota.objects.create(version=korea.versions.get(), year=YEAR, sector=Sector.objects.get(code="C"),
                         occupation=Occupation.objects.get(code="8211"), cap=20, clause="Annex 2.1")
    letter = kr_letter(setup, "approved", workers=12)
    client = as_role("ministry_reviewer")
    page = quota_page(client, korea)
    own = page.split('id="quota-C-8211"', 1)[1].split("</tr>", 1)[0]
    assert "8211" in own and "Annex 2.1" in own
    assert quota_cell(page, "C-8211", "approved") == 12 and quota_cell(page, "C-8211", "remaining") == 8
    assert '<meter id="meter-C-8211" class="quota-meter" min="0" max="20"' in own
    wide = page.split('id="quota-C"', 1)[1].split("</tr>", 1)[0]
    assert "occupations without their own quota" in wide and "Annual quota letter" in wide
    assert quota_cell(page, "C", "approved") == 0 and quota_cell(page, "C", "remaining") == 6000
    assert "all occupations" in page.split('id="quota-A"', 1)[1].split("</tr>", 1)[0]
    # The review page shows the letter's pools beside the terms.
    terms = client.get(reverse("demand_review", args=[letter.pk])).content.decode().split(
        'class="review-grid__terms', 1)[1]
    assert "8 of 20 workers" in terms and "Annex 2.1" in terms and "of 6,000 workers" in terms


# --- the queue ------------------------------------------------------------------------------------------------


def test_the_queue_puts_the_oldest_first_highlights_overdue_and_filters(as_role, setup):
    old = kr_letter(setup, "under_review")
    new = kr_letter(setup, "submitted")
    now = timezone.now()
    DemandLetter.objects.filter(pk=old.pk).update(submitted_at=now - datetime.timedelta(days=20),
                                                  review_due=timezone.localdate() - datetime.timedelta(days=3))
    client = as_role("ministry_reviewer")
    page = client.get(reverse("demand_review_queue")).content.decode()
    assert page.index(old.reference) < page.index(new.reference)
    assert "3 days overdue" in page
    row = page.split(old.reference, 1)[0].rsplit("<tr", 1)[1]
    assert 'class="is-overdue"' in row

    page = client.get(reverse("demand_review_queue"), {"overdue": "yes"}).content.decode()
    assert old.reference in page and new.reference not in page
    page = client.get(reverse("demand_review_queue"), {"status": "submitted"}).content.decode()
    assert new.reference in page and old.reference not in page
    page = client.get(reverse("demand_review_queue"), {"agreement": setup["agreements"]["TH"].pk}).content.decode()
    assert "No letter in the queue matches these filters." in page


def test_the_queue_is_paginated(as_role, setup):
    for _ in range(26):
        kr_letter(setup, "draft")
    DemandLetter.objects.update(status=LetterStatus.SUBMITTED, submitted_at=timezone.now())
    page = as_role("ministry_reviewer").get(reverse("demand_review_queue")).content.decode()
    assert "Page 1 of 2" in page


# --- employers -------------------------------------------------------------------------------------------------


def test_the_ministry_changes_an_employers_accreditation(as_role, setup):
    organisation = setup["users"]["employer_th"].organisation
    client = as_role("ministry_reviewer")
    page = client.get(reverse("demand_employer_list")).content.decode()
    assert "Accredited" in page and reverse("demand_employer_detail", args=[organisation.pk]) in page
    url = reverse("demand_employer_detail", args=[organisation.pk])
    response = client.post(url, {"status": "suspended", "until": "", "reason": ""})
    assert "Say why the accreditation changes." in response.content.decode()
    response = client.post(url, {"status": "suspended", "until": "", "reason": "Wages unpaid, complaint 12/2026"})
    assert response.status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).accreditation == "suspended"
    page = client.get(url).content.decode()
    assert "Accreditation changed" in page and "Wages unpaid, complaint 12/2026" in page
    page = client.get(reverse("demand_employer_list"), {"accreditation": "accredited"}).content.decode()
    assert reverse("demand_employer_detail", args=[organisation.pk]) not in page


def test_the_ministry_corrects_an_employers_profile_with_a_reason(as_role, setup):
    users = setup["users"]
    organisation = users["employer_th"].organisation
    url = reverse("demand_employer_detail", args=[organisation.pk])
    client = as_role("ministry_reviewer")
    page = client.get(url).content.decode()
    data = form_data(page, containing="profile-reason")  # the employer's own form, filled with what is saved
    assert data["profile-registration_number"] == EmployerProfile.objects.get(organisation=organisation
                                                                              ).registration_number
    data.update({"profile-registration_number": "0105548099999", "profile-address": "12 New Road, Bangkok"})
    response = client.post(url, {**data, "profile-reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Say why you change this employer&#x27;s profile." in page
    data["profile-contact_email"] = "not-an-address"  # the same validation as the employer's own form
    page = client.post(url, {**data, "profile-reason": "Re-registered"}).content.decode()
    assert "Enter a valid e-mail address, e.g. name@example.com." in page
    assert EmployerProfile.objects.get(organisation=organisation).registration_number != "0105548099999"

    data["profile-contact_email"] = "hr@siam.example"
    response = client.post(url, {**data, "profile-reason": "Company re-registered in 2026"})
    assert response.status_code == 302
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.registration_number, profile.address, profile.accreditation) == (
        "0105548099999", "12 New Road, Bangkok", "accredited")  # the accreditation is not touched
    page = client.get(url).content.decode()
    assert "Employer profile changed" in page and "Company re-registered in 2026" in page
    [note] = Notification.objects.filter(kind="demand.employer_profile")
    assert (note.user, note.body) == (users["employer_th"], "Company re-registered in 2026")
    # The employer sees it on its own page, where its own edits still need no reason.
    client = as_role("employer_th")
    assert "The Ministry changed your employer profile" in client.get(reverse("notification_list")).content.decode()
    own = form_data(client.get(reverse("employer_profile")).content, containing="legal_name")
    assert "reason" not in own and own["registration_number"] == "0105548099999"
    assert client.post(reverse("employer_profile"), {**own, "contact_phone": "+66 2 123 4567"}).status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).contact_phone == "+66 2 123 4567"
    assert Notification.objects.filter(kind="demand.employer_profile").count() == 1


def test_the_accreditation_form_still_works_beside_the_profile_form(as_role, setup):
    organisation = setup["users"]["employer_kr"].organisation
    url = reverse("demand_employer_detail", args=[organisation.pk])
    client = as_role("ministry_admin")
    data = form_data(client.get(url).content, containing="status")
    response = client.post(url, {**data, "status": "suspended", "reason": "Inspection pending"})
    assert response.status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).accreditation == "suspended"


def test_the_ministry_fills_in_the_profile_of_an_employer_without_one(as_role, setup, reference_data):
    from accounts.models import Organisation
    from reference.models import Country

    organisation = Organisation.objects.create(name="Osaka Foods KK", kind="employer",
                                               country=Country.objects.get(iso2="JP"))
    client = as_role("ministry_admin")
    listing = client.get(reverse("demand_employer_list")).content.decode()
    url = reverse("demand_employer_detail", args=[organisation.pk])
    assert "Employers without a profile" in listing and url in listing
    page = client.get(url).content.decode()
    assert "This employer has no profile yet" in page and 'name="status"' not in page
    data = form_data(page, containing="profile-reason")
    assert data["profile-legal_name"] == "Osaka Foods KK"
    data.update({"profile-registration_number": "JP-1200-01", "profile-address": "1-2 Umeda, Osaka",
                 "profile-sector": "C", "profile-contact_name": "Sato Yuki",
                 "profile-contact_email": "sato@osaka-foods.example", "profile-reason": "Registered on paper"})
    assert client.post(url, data).status_code == 302
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.registration_number, profile.accreditation) == ("JP-1200-01", "pending")
    listing = client.get(reverse("demand_employer_list")).content.decode()
    assert "Employers without a profile" not in listing  # it was the only one
    assert f'<a href="{url}">Osaka Foods KK</a></td>' in listing  # now among the employers with a profile


# --- the agency ------------------------------------------------------------------------------------------------


def test_the_agency_sees_its_allocation_and_starts_recruiting(as_role, setup):
    letter = kr_letter(setup, "allocated")
    other = kr_letter(setup, "approved")
    client = as_role("agency")
    page = client.get(reverse("demand_list")).content.decode()
    assert "Allocated demand" in page and letter.reference in page and other.reference not in page
    url = reverse("demand_detail", args=[letter.pk])
    page = client.get(url).content.decode()
    assert "Allocated to your agency" in page and "Start recruiting" in page
    assert reverse("demand_edit", args=[letter.pk]) not in page
    assert client.post(url, {"action": "start_recruiting"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RECRUITING
    assert client.post(url, {"action": "fill"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FILLED
    assert client.get(reverse("demand_detail", args=[other.pk])).status_code == 404
