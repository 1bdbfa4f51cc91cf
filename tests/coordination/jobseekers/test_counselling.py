"""The counselling sheet, assembled from the agreement version's own terms, each point with its clause."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from coordination.jobseekers.counselling import counselling_sheet
from coordination.jobseekers.eligibility import versions_in_force
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import vet_for_korea

pytestmark = pytest.mark.django_db


def version_of(agreement: Any) -> Any:
    return next(v for v in versions_in_force() if v.agreement_id == agreement.pk)


def lines(points: list[Any]) -> list[tuple[str, str]]:
    return [(str(p.text), p.clause) for p in points]


def test_the_korean_sheet_what_is_never_paid_and_what_may_be_charged_with_caps(
        users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    sheet = counselling_sheet(actor=users["counsellor"], seeker=seeker, version=version_of(agreements["KR"]))
    assert ("Recruitment and placement: paid by the employer, never by you", "Art. 12.1") in lines(sheet.never_pay)
    assert ("EPS-TOPIK test fee: you may be asked to pay at most 24.00 USD; ask for a receipt",
            "Art. 12.2") in lines(sheet.may_pay)
    assert ("Air ticket to Korea: you may be asked to pay at most 450.00 USD; ask for a receipt",
            "Art. 12.2") in lines(sheet.may_pay)
    passport = sheet.documents[0]
    assert passport.clause == "Art. 9" and "passport" in str(passport.text)
    work = dict(lines(sheet.work))
    assert work["Normal working time: at most 8 hours a day and 40 hours a week."] == "Art. 10"
    assert work["Rest: at least 1 day off every week."] == "Art. 10"
    assert work["Overtime is paid at least 1.5 times your normal hourly wage."] == "Art. 10"
    assert [p.clause for p in sheet.social_security] == ["Art. 13", "Art. 13", "Art. 13"]
    assert any("National Pension" in str(p.text) for p in sheet.social_security)
    assert {p.details for p in sheet.protections} >= {"Equal pay and benefits with national workers."}
    assert [r.code for r in sheet.still_needed][:2] == ["identity", "medical"]


def test_a_zero_fee_agreement_says_the_worker_pays_nothing(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    version = version_of(agreements["MY"])
    sheet = counselling_sheet(actor=users["counsellor"], seeker=seeker, version=version)
    first = sheet.never_pay[0]
    assert "You pay no recruitment fee" in str(first.text) and first.clause == version.fee_clause
    assert sheet.may_pay == []


def test_the_sheet_reads_in_khmer_with_the_khmer_summaries(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    vet_for_korea(users["counsellor"], seeker)
    with translation.override("km"):
        sheet = counselling_sheet(actor=users["counsellor"], seeker=seeker, version=version_of(agreements["KR"]))
        assert any("ប្រាក់សោធននិវត្តន៍ជាតិ" in str(p.text) for p in sheet.social_security)
        english = "Normal working time: at most 8 hours a day and 40 hours a week."
        assert str(sheet.work[0].text) != english
    assert sheet.still_needed == []


@pytest.mark.parametrize("role", ["agency", "employer_kr", "attache", "no_org"])
def test_only_counsellors_and_the_ministry_counsel(users: dict[str, Any], agreements: dict[str, Any],
                                                   role: str) -> None:
    seeker = register(users["counsellor"])
    with pytest.raises(PermissionDenied):
        counselling_sheet(actor=users[role], seeker=seeker, version=version_of(agreements["KR"]))
