"""The agreement_detail page (agreement_detail_view in frontend/mou/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.mou.pages.helpers import MEMBERS, _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_thai_agreement_detail_by_role(as_role, agreements, role):
    url = reverse("agreement_detail", args=[agreements["TH"].pk])
    expected = _expected(role, allowed=MEMBERS - {"employer_kr"})
    if role == "employer_kr":
        expected = 404  # a Korean employer cannot see the Thai agreement at all
    assert_status(as_role(role).get(url), expected)


def test_detail_groups_the_terms_with_their_clauses(as_role, agreements):
    html = as_role("agency").get(reverse("agreement_detail", args=[agreements["TH"].pk])).content.decode()
    for heading in ("Who and what it covers", "Pay and working time", "Contract and stay", "Who can apply",
                    "Fees and costs", "Protections", "Quotas", "Social security", "History"):
        assert heading in html
    assert "Illustrative — verify against the signed text" in html
    assert "370 THB per day" in html
    assert '<span class="visually-hidden">Clause: </span>Art. 11.4</span>' in html
    assert "From 12 to 24 months" in html
    assert "You pay 5% of your wage to Thai social security" in html
    # Only the ministry sees the buttons and the audit trail.
    assert reverse("agreement_amend", args=[agreements["TH"].pk]) not in html
    assert "Audit trail for this agreement" not in html


def test_zero_fee_banner(as_role, agreements):
    html = as_role("counsellor").get(reverse("agreement_detail", args=[agreements["MY"].pk])).content.decode()
    assert "Zero-fee recruitment" in html


def test_social_security_summary_follows_the_language(as_role, agreements):
    client = as_role("counsellor")
    client.post(reverse("set_language"), {"language": "km", "next": "/"})
    html = client.get(reverse("agreement_detail", args=[agreements["KR"].pk])).content.decode()
    assert "និយោជករបស់អ្នកបង់ ៨,៣%" in html
    assert "Your employer pays 8.3% of your monthly wage" not in html


def test_ministry_sees_buttons_and_audit(as_role, agreements):
    html = as_role("ministry_admin").get(reverse("agreement_detail", args=[agreements["TH"].pk])).content.decode()
    assert reverse("agreement_amend", args=[agreements["TH"].pk]) in html
    assert reverse("agreement_status", args=[agreements["TH"].pk]) in html
    assert "Audit trail for this agreement" in html
    assert "Agreement registered" in html


def test_unknown_version_is_404(as_role, agreements):
    url = reverse("agreement_detail", args=[agreements["TH"].pk])
    assert as_role("ministry_admin").get(url, {"version": 9}).status_code == 404
