"""In a real browser: an employer finds a flagged position with the pre-check, fixes the wage and submits; the
labour attaché in Bangkok attests the letter; a reviewer approves it in one step; the quota page shows the
draw-down."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from demand.models import DemandLetter, LetterStatus, QuotaUse
from tests.demand.factories import make_employer_profile, make_letter
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def approved_in_manufacturing(agreement) -> int:
    use = QuotaUse.objects.filter(agreement=agreement, year=timezone.localdate().year, sector__code="C").first()
    return use.approved if use else 0


def test_employer_fixes_a_flagged_position_submits_and_a_reviewer_approves(page, users, agreements, settings,
                                                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    thailand = agreements["TH"]
    employer = users["employer_th"].organisation
    make_employer_profile(employer, sector="14")  # accredited
    # A draft whose only position pays 300 THB a day: below the Thai floor of 370 THB for manufacturing.
    letter = make_letter(agreement=thailand, employer=employer, positions=[
        {"occupation": "8153", "sector": "14", "workers": 25, "wage_amount": Decimal("300")}])
    approved_before = approved_in_manufacturing(thailand)

    # --- the employer -------------------------------------------------------------------------------------------
    sign_in(page, "employer.th")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My demand letters").click()
    page.get_by_role("link", name=letter.reference).click()
    page.wait_for_url(re.compile(rf"/demand/{letter.pk}/$"))
    submit_panel = page.locator(".submit-panel")
    assert "found 1 blocker" in submit_panel.inner_text()
    assert submit_panel.get_by_role("button", name="Submit").is_disabled()

    page.get_by_role("link", name="Check against the agreement").click()
    blocker = page.locator(".finding--blocker")
    assert blocker.count() == 1
    text = blocker.inner_text()
    assert "Blocker" in text and "Art. 11.4" in text
    assert "the wage of 300 THB per day is below the agreement's minimum wage of 370 THB per day" in text
    assert page.get_by_role("button", name="Submit").is_disabled()

    page.get_by_role("link", name="Edit the letter").click()
    wage = page.locator("[name=positions-0-wage_amount]")
    assert wage.input_value() == "300"
    wage.fill("400")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(rf"/demand/{letter.pk}/$"))
    assert "The changes to" in page.locator(".messages").inner_text()
    assert "found no problem" in page.locator(".submit-panel").inner_text()
    page.locator(".submit-panel").get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(rf"/demand/{letter.pk}/$"))
    assert "is submitted and has arrived" in page.locator(".messages").inner_text()
    letter = DemandLetter.objects.get(pk=letter.pk)
    assert letter.status == LetterStatus.ATTESTATION  # the Thai agreement requires the attaché's attestation
    assert letter.positions.get().wage_amount == Decimal("400")
    page.get_by_role("button", name="Sign out").click()

    # --- the labour attaché -----------------------------------------------------------------------------------
    sign_in(page, "attache")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Letters to attest").click()
    page.get_by_role("link", name=letter.reference).click()
    page.wait_for_url(re.compile(rf"/demand/{letter.pk}/$"))
    page.get_by_role("button", name="Attest the letter").click()
    page.wait_for_load_state("networkidle")
    assert "is attested" in page.locator(".messages").inner_text()
    assert DemandLetter.objects.get(pk=letter.pk).status == LetterStatus.SUBMITTED
    page.get_by_role("button", name="Sign out").click()

    # --- the reviewer ---------------------------------------------------------------------------------------
    sign_in(page, "ministry.reviewer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=letter.reference).click()
    page.wait_for_url(re.compile(rf"/demand/{letter.pk}/review/$"))
    assert "No problem found." in page.locator(".review-grid__report").inner_text()
    assert "370 THB per day" in page.locator(".review-grid__terms").inner_text()

    assert page.get_by_label("Start the review").count() == 0  # one step: the decision straight away
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("networkidle")
    assert "is approved" in page.locator(".messages").inner_text()
    assert DemandLetter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED

    # --- the quota page shows the draw-down ---------------------------------------------------------------------
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quotas").click()
    page.get_by_label("Agreement", exact=True).select_option(str(thailand.pk))
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("#quota-C")
    approved_cell = row.locator('[data-quota="approved"]')
    assert approved_cell.inner_text().replace(",", "") == str(approved_before + 25)
    assert approved_in_manufacturing(thailand) == approved_before + 25
    meter = row.locator("meter")
    assert meter.get_attribute("value") == str(approved_before + 25)
    assert f"({approved_before + 25} of 20,000)" in row.inner_text()
