"""The agreement_list page (agreement_list_view in frontend/mou/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mou.models import Agreement, AgreementStatus
from tests.mou.pages.helpers import MEMBERS, _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(as_role, agreements, role):
    assert_status(as_role(role).get(reverse("agreement_list")), _expected(role, allowed=MEMBERS))


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
