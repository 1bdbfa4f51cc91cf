"""The demand_review page (demand_review_view in frontend/demand/)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import AuditEvent
from demand.models import LetterStatus
from mou.models import Quota
from reference.models import Occupation, Sector
from tests.demand.pages.helpers import (
    MINISTRY,
    decide,
    filled_of,
    kr_letter,
    post_filled,
    quota_cell,
    quota_page,
    year,
)
from tests.pages import LOGIN, ROLES, assert_status, form_data


def test_the_reviewer_sees_that_the_letter_waits_for_attestation_and_cannot_decide(as_role, waiting):
    page = as_role("ministry_reviewer").get(reverse("demand_review", args=[waiting.pk])).content.decode()
    assert "waits for attestation by the labour attaché: it cannot be decided before" in page
    assert ">Approve<" not in page and "Record the decision" not in page


@pytest.mark.parametrize("role", [*ROLES, "rival"])
def test_record_on_the_review_page_by_role(sign_in, world, role):
    url = reverse("demand_review", args=[world["letter"].pk])
    response = post_filled(sign_in(role), url, world["theirs"], 2)
    expected = 302 if role in MINISTRY else LOGIN if role in ("anonymous", "inactive") else 403
    assert_status(response, expected)
    assert filled_of(world["theirs"]) == (2 if role in MINISTRY else 0)


def test_an_allocation_of_another_letter_is_404(sign_in, world, setup):  # noqa: F811
    other = kr_letter(setup, "allocated")
    foreign = other.allocations.get()
    client = sign_in("ministry_reviewer")
    assert post_filled(client, reverse("demand_review", args=[world["letter"].pk]), foreign, 1).status_code == 404
    client = sign_in("agency")
    assert post_filled(client, reverse("demand_detail", args=[world["letter"].pk]), foreign, 1).status_code == 404
    assert filled_of(foreign) == 0


def test_ministry_records_each_agencys_positions_on_the_review_page(sign_in, world):
    letter, mine, theirs = world["letter"], world["mine"], world["theirs"]
    url = reverse("demand_review", args=[letter.pk])
    client = sign_in("ministry_reviewer")
    page = client.get(url).content
    for allocation in (mine, theirs):  # one form per agency
        assert form_data(page, containing=f"filled-{allocation.pk}-filled")["allocation"] == str(allocation.pk)
    response = post_filled(client, url, theirs, 4)  # 3 allocated
    assert response.status_code == 200
    assert "Positions filled by Mekong Manpower (test): Give a number from 0 to 3, the positions allocated." \
        in response.content.decode()
    assert filled_of(theirs) == 0
    response = post_filled(client, url, theirs, 3)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Positions filled for Mekong Manpower (test): 3 of 3."]
    assert (filled_of(mine), filled_of(theirs)) == (0, 3)


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
    Quota.objects.create(version=korea.versions.get(), year=year(), sector=Sector.objects.get(code="C"),
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
