from __future__ import annotations

import pytest
from django.utils import timezone

from demand.demo import load_demo_demand
from demand.models import DemandLetter, EmployerProfile, QuotaUse

pytestmark = pytest.mark.django_db


def test_demo_demand_loads_through_the_services_once(users, agreements, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert load_demo_demand() == 4
    assert load_demo_demand() == 0
    assert set(EmployerProfile.objects.values_list("accreditation", flat=True)) == {"accredited"}
    by_status = {(letter.employer.country.iso2, letter.status)
                 for letter in DemandLetter.objects.select_related("employer__country")}
    # The demo attaché (Bangkok) has a letter to attest; another, attested, waits for the ministry.
    assert by_status == {("TH", "draft"), ("TH", "attestation"), ("TH", "submitted"), ("KR", "approved")}
    from demand.selectors import letter_attestation_queue

    assert [letter.status for letter in letter_attestation_queue(actor=users["attache"])] == ["attestation"]
    use = QuotaUse.objects.get(agreement=agreements["KR"], year=timezone.localdate().year, sector__code="C")
    assert use.approved == 40

    from demand.services import letter_precheck

    draft = DemandLetter.objects.get(status="draft")
    findings = letter_precheck(actor=users["employer_th"], letter=draft)
    assert any(f.rule == "wage_floor" and f.severity == "blocker" for f in findings)
