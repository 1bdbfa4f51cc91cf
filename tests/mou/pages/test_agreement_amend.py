"""The agreement_amend page (agreement_amend_view in frontend/mou/)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from mou.models import AgreementVersion
from mou.services import terms_from_version
from tests.mou.pages.helpers import MINISTRY, _amend_form, _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_amend_page_by_role(as_role, agreements, role):
    url = reverse("agreement_amend", args=[agreements["TH"].pk])
    assert_status(as_role(role).get(url), _expected(role, allowed=MINISTRY))


def test_amend_writes_version_2_and_the_audit_shows_it(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    assert data["contract_max_months"] == "24"  # prefilled from the version in force
    today = timezone.localdate()
    data.update(reason="Exchange of letters extending the contract", in_force_from=today.isoformat(),
                contract_max_months="36")
    response = client.post(reverse("agreement_amend", args=[thai.pk]), data)
    assert_status(response, 302)
    assert response.url == reverse("agreement_detail", args=[thai.pk])

    v1, v2 = AgreementVersion.objects.filter(agreement=thai).order_by("number")
    assert v2.number == 2 and v2.contract_max_months == 36
    assert v1.in_force_to == today - datetime.timedelta(days=1)
    assert v2.wage_floors.count() == 4 and v2.fee_items.count() == 5 and v2.portability_rules.count() == 2
    assert sorted(s.code for s in v2.sectors.all()) == sorted(s.code for s in v1.sectors.all())

    html = client.get(response.url).content.decode()
    assert "Version 2" in html and "From 12 to 36 months" in html
    assert "Agreement amended" in html
    assert "Exchange of letters extending the contract" in html
    assert "Longest contract (months)" in html  # the changed field, by its label
    assert '<span class="line">24</span>' in html and '<span class="line">36</span>' in html


def test_invalid_amend_shows_the_error_next_to_the_field_and_writes_nothing(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    data.update(reason="Typo test", in_force_from=timezone.localdate().isoformat(), contract_max_months="6")
    events = AuditEvent.objects.count()
    response = client.post(reverse("agreement_amend", args=[thai.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_contract_max_months_error">' in html
    assert "The longest contract cannot be shorter than the shortest." in html
    assert 'aria-describedby="id_contract_max_months_error"' in html
    assert 'aria-invalid="true"' in html
    assert "There is 1 problem on this page" in html
    assert 'href="#id_contract_max_months"' in html
    assert AgreementVersion.objects.filter(agreement=thai).count() == 1
    assert AuditEvent.objects.count() == events


def test_amend_maps_row_errors_onto_the_right_row_after_a_deletion(as_role, agreements):
    client = as_role("ministry_reviewer")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    data.update(reason="Wage review", in_force_from=timezone.localdate().isoformat())
    data["wage_floors-0-DELETE"] = "on"  # remove the first row...
    data["wage_floors-2-amount"] = "0"  # ...so the service's wage_floors[1] is the form's third row
    response = client.post(reverse("agreement_amend", args=[thai.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    error = '<ul class="errorlist" id="id_wage_floors-2-amount_error"><li>The minimum wage must be more than zero.'
    assert error in html
    assert "Minimum wage by sector, row 3, Minimum wage: The minimum wage must be more than zero." in html
    assert AgreementVersion.objects.filter(agreement=thai).count() == 1


def test_amend_requires_a_reason_and_a_start_date(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    response = client.post(reverse("agreement_amend", args=[thai.pk]), data)
    html = response.content.decode()
    assert "There are 2 problems on this page" in html
    assert "Say why the agreement is amended" in html
    assert "Give the day the amendment comes into force." in html
    assert AgreementVersion.objects.filter(agreement=thai).count() == 1


def test_amend_cannot_start_before_the_current_version(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    data.update(reason="Back-dated", in_force_from="2016-01-01")
    html = client.post(reverse("agreement_amend", args=[thai.pk]), data).content.decode()
    assert '<ul class="errorlist" id="id_in_force_from_error">' in html
    assert "must come into force after the current version" in html


@pytest.mark.parametrize("country", ["TH", "KR", "MY", "JP"])
def test_amend_form_round_trips_every_term(as_role, agreements, country):
    """Sending the prefilled form back unchanged writes a version with exactly the same terms."""
    client = as_role("ministry_admin")
    agreement = agreements[country]
    data = _amend_form(client, agreement)
    start = timezone.localdate()
    data.update(reason="Consolidated text, no change of substance", in_force_from=start.isoformat())
    response = client.post(reverse("agreement_amend", args=[agreement.pk]), data)
    assert_status(response, 302)
    v1, v2 = AgreementVersion.objects.filter(agreement=agreement).order_by("number")
    before, after = terms_from_version(v1).snapshot(), terms_from_version(v2).snapshot()
    assert before.pop("in_force_from") != after.pop("in_force_from")
    for key in ("sectors", "occupations", "wage_floors", "required_tests", "fee_items", "protections", "quotas",
                "portability_rules"):
        before[key], after[key] = sorted(map(str, before[key])), sorted(map(str, after[key]))
    assert before == after


def test_amend_carries_and_changes_the_khmer_forms(as_role, agreements):
    """The form shows the Khmer title and every Khmer form of the terms, and an amendment may change them."""
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    data = _amend_form(client, thai)
    assert data["title_km"] == thai.title_km and data["reentry_rule_km"].startswith("ក្រោយពីពីរឆ្នាំ")
    assert data["fee_items-0-name_km"] and data["portability_rules-0-scheme_km"]
    data.update(reason="Khmer text checked", in_force_from=timezone.localdate().isoformat(),
                title_km="អនុស្សរណៈ កម្ពុជា–ថៃ", **{"fee_items-0-name_km": "ថ្លៃថ្មី"})
    assert_status(client.post(reverse("agreement_amend", args=[thai.pk]), data), 302)
    thai.refresh_from_db()
    assert thai.title_km == "អនុស្សរណៈ កម្ពុជា–ថៃ"
    v2 = AgreementVersion.objects.get(agreement=thai, number=2)
    assert "ថ្លៃថ្មី" in {f.name_km for f in v2.fee_items.all()}
