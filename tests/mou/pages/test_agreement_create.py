"""The agreement_create page (agreement_create_view in frontend/mou/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from mou.models import Agreement, AgreementStatus
from tests.mou.pages.helpers import MINISTRY, _expected
from tests.pages import ROLES, assert_status, form_data


@pytest.mark.parametrize("role", ROLES)
def test_create_page_by_role(as_role, agreements, role):
    assert_status(as_role(role).get(reverse("agreement_create")), _expected(role, allowed=MINISTRY))


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
