"""Agreement pages: list, detail, register, amend, change status, export."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from jobs import services as job_services
from jobs.models import Job
from mou.models import Agreement, AgreementStatus, AgreementVersion
from mou.services import terms_from_version
from tests.pages import LOGIN, ROLES, assert_status, form_data

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
MEMBERS = MINISTRY | {"employer_th", "employer_kr", "agency", "counsellor", "attache"}


def _expected(role, *, allowed, otherwise=403):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in allowed else otherwise


# --- who may open which page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(as_role, agreements, role):
    assert_status(as_role(role).get(reverse("agreement_list")), _expected(role, allowed=MEMBERS))


@pytest.mark.parametrize("role", ROLES)
def test_thai_agreement_detail_by_role(as_role, agreements, role):
    url = reverse("agreement_detail", args=[agreements["TH"].pk])
    expected = _expected(role, allowed=MEMBERS - {"employer_kr"})
    if role == "employer_kr":
        expected = 404  # a Korean employer cannot see the Thai agreement at all
    assert_status(as_role(role).get(url), expected)


@pytest.mark.parametrize("role", ROLES)
def test_create_page_by_role(as_role, agreements, role):
    assert_status(as_role(role).get(reverse("agreement_create")), _expected(role, allowed=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_amend_page_by_role(as_role, agreements, role):
    url = reverse("agreement_amend", args=[agreements["TH"].pk])
    assert_status(as_role(role).get(url), _expected(role, allowed=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_status_page_by_role(as_role, agreements, role):
    url = reverse("agreement_status", args=[agreements["TH"].pk])
    assert_status(as_role(role).get(url), _expected(role, allowed=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_export_by_role(as_role, agreements, monkeypatch, role):
    monkeypatch.setitem(job_services._RUNNERS, "mou.export_agreements", lambda job: None)
    response = as_role(role).post(reverse("agreement_export"), {"status": "", "country": "", "q": ""})
    assert_status(response, _expected(role, allowed=MINISTRY) if role not in MINISTRY else 302)


# --- list ------------------------------------------------------------------------------------------------


def test_employer_sees_the_thai_agreement_but_not_koreas(as_role, agreements):
    client = as_role("employer_th")
    html = client.get(reverse("agreement_list")).content.decode()
    assert agreements["TH"].title in html
    assert agreements["KR"].title not in html
    assert client.get(reverse("agreement_detail", args=[agreements["TH"].pk])).status_code == 200
    assert client.get(reverse("agreement_detail", args=[agreements["KR"].pk])).status_code == 404


def test_list_filters_by_country_and_search(as_role, agreements):
    client = as_role("ministry_reviewer")
    html = client.get(reverse("agreement_list"), {"country": "KR"}).content.decode()
    assert agreements["KR"].title in html and agreements["TH"].title not in html
    html = client.get(reverse("agreement_list"), {"q": "Japan"}).content.decode()
    assert agreements["JP"].title in html and agreements["MY"].title not in html
    html = client.get(reverse("agreement_list"), {"status": "draft"}).content.decode()
    assert "No agreement matches these filters" in html


def test_list_is_paginated(as_role, agreements):
    client = as_role("ministry_admin")
    source = Agreement.objects.get(pk=agreements["TH"].pk)
    Agreement.objects.bulk_create(
        Agreement(partner_country=source.partner_country, title=f"Extra agreement {i:02}", channel="private",
                  status=AgreementStatus.DRAFT)
        for i in range(30)
    )
    first = client.get(reverse("agreement_list")).content.decode()
    assert "Page 1 of 2" in first
    assert "?page=2" in first
    second = client.get(reverse("agreement_list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_only_ministry_sees_the_management_buttons(as_role, agreements):
    ministry = as_role("ministry_reviewer").get(reverse("agreement_list")).content.decode()
    assert reverse("agreement_create") in ministry and reverse("agreement_export") in ministry
    agency = as_role("agency").get(reverse("agreement_list")).content.decode()
    assert reverse("agreement_create") not in agency and reverse("agreement_export") not in agency


# --- detail ----------------------------------------------------------------------------------------------


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


# --- amend -----------------------------------------------------------------------------------------------


def _amend_form(client, agreement):
    page = client.get(reverse("agreement_amend", args=[agreement.pk]))
    data = form_data(page.content, containing="hours_per_day")
    assert data["in_force_from"] == ""  # an amendment needs its own start date
    return data


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


# --- create ----------------------------------------------------------------------------------------------


def test_register_an_agreement(as_role, agreements):
    client = as_role("ministry_admin")
    data = form_data(client.get(reverse("agreement_create")).content, containing="partner_country")
    data.update({
        "partner_country": "SG", "title": "Cambodia–Singapore arrangement on domestic workers",
        "channel": "private", "status": "draft", "signed_date": "2026-01-10", "in_force_from": "2026-02-01",
        "sectors": ["T", "C"], "occupations": "9111, 5322", "hours_per_day": "8", "hours_per_week": "44",
        "overtime_rate": "1.5", "contract_min_months": "12", "contract_max_months": "24",
        "max_stay_months": "48", "min_age": "23", "max_age": "50", "roster_validity_months": "12",
        "wage_floors-0-sector": "T", "wage_floors-0-amount": "600", "wage_floors-0-currency": "SGD",
        "wage_floors-0-period": "month", "wage_floors-0-clause": "Art. 4",
    })
    response = client.post(reverse("agreement_create"), data)
    assert_status(response, 302)
    agreement = Agreement.objects.get(title__startswith="Cambodia–Singapore")
    version = agreement.versions.get()
    assert agreement.status == AgreementStatus.DRAFT
    assert sorted(o.code for o in version.occupations.all()) == ["5322", "9111"]
    assert version.wage_floors.get().amount == 600
    assert AuditEvent.objects.filter(action="agreement.create", target_id=str(agreement.pk)).exists()


def test_register_rejects_bad_occupation_codes_without_writing(as_role, agreements):
    client = as_role("ministry_admin")
    data = form_data(client.get(reverse("agreement_create")).content, containing="partner_country")
    data.update({"partner_country": "SG", "title": "Bad codes", "channel": "private", "status": "draft",
                 "signed_date": "2026-01-10", "in_force_from": "2026-02-01", "sectors": "C",
                 "occupations": "91x1, 9999", "hours_per_day": "8", "hours_per_week": "44",
                 "overtime_rate": "1.5", "contract_min_months": "12", "contract_max_months": "24",
                 "max_stay_months": "48", "min_age": "23", "max_age": "50", "roster_validity_months": "12"})
    count = Agreement.objects.count()
    html = client.post(reverse("agreement_create"), data).content.decode()
    assert "These are not ISCO-08 codes: 91x1" in html
    assert Agreement.objects.count() == count


# --- status ----------------------------------------------------------------------------------------------


def test_status_change_requires_a_reason(as_role, agreements):
    client = as_role("ministry_admin")
    thai = agreements["TH"]
    url = reverse("agreement_status", args=[thai.pk])
    page = client.get(url).content.decode()
    assert 'value="suspended"' in page and 'value="expired"' in page and 'value="draft"' not in page
    response = client.post(url, {"status": "suspended", "reason": " "})
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    thai.refresh_from_db()
    assert thai.status == AgreementStatus.IN_FORCE

    response = client.post(url, {"status": "suspended", "reason": "Partner paused recruitment"})
    assert_status(response, 302)
    thai.refresh_from_db()
    assert thai.status == AgreementStatus.SUSPENDED
    html = client.get(reverse("agreement_detail", args=[thai.pk])).content.decode()
    assert "Agreement status changed" in html and "Partner paused recruitment" in html


def test_status_change_rejects_a_transition_not_offered(as_role, agreements):
    client = as_role("ministry_admin")
    url = reverse("agreement_status", args=[agreements["TH"].pk])
    response = client.post(url, {"status": "draft", "reason": "Try"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


# --- export ----------------------------------------------------------------------------------------------


def test_export_starts_a_job_and_shows_its_page(as_role, agreements, monkeypatch):
    monkeypatch.setitem(job_services._RUNNERS, "mou.export_agreements", lambda job: None)
    client = as_role("ministry_reviewer")
    response = client.post(reverse("agreement_export"), {"status": "in_force", "country": "TH", "q": ""})
    job = Job.objects.get()
    assert response.url == reverse("job_detail", args=[job.pk])
    assert job.kind == "mou.export_agreements" and job.params == {"status": "in_force", "country": "TH",
                                                                   "search": ""}
    assert client.get(response.url).status_code == 200


def test_export_when_no_runner_is_registered_says_so(as_role, agreements, monkeypatch):
    monkeypatch.delitem(job_services._RUNNERS, "mou.export_agreements", raising=False)
    response = as_role("ministry_admin").post(reverse("agreement_export"), follow=True)
    assert "The spreadsheet export is not available at the moment." in response.content.decode()
    assert not Job.objects.exists()


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
