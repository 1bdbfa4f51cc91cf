"""Demand fixtures: accredited demo employers, a licensed agency, letter builders in any status."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from demand.inputs import CostData, LetterData, PositionData

TODAY = timezone.localdate


def kr_position(**changes: Any) -> PositionData:
    """A position that complies with the illustrative Korea (EPS) agreement."""
    p = PositionData(
        occupation="8211", sector="C", workers=10, wage_amount=D("2300000"), wage_currency="KRW",
        wage_period="month", hours_per_day=D("8"), days_per_week=5, rest_days_per_week=2, overtime_rate=D("1.5"),
        contract_months=36, work_location="Ansan, Gyeonggi-do", language_test="EPS-TOPIK",
        language_min_score="80",
        costs=[CostData(name="Recruitment and placement", payer="employer", amount=D("500000"), currency="KRW")],
    )
    return dataclasses.replace(p, **changes)


def th_position(**changes: Any) -> PositionData:
    """A position that complies with the illustrative Thailand agreement."""
    p = PositionData(
        occupation="8153", sector="14", workers=10, wage_amount=D("400"), wage_currency="THB", wage_period="day",
        hours_per_day=D("8"), days_per_week=6, rest_days_per_week=1, overtime_rate=D("1.5"), contract_months=24,
        work_location="Samut Prakan",
        costs=[CostData(name="Recruitment service fee", payer="employer", amount=D("3000"), currency="THB")],
    )
    return dataclasses.replace(p, **changes)


def letter_data(positions: list[PositionData] | None = None, **changes: Any) -> LetterData:
    today = TODAY()
    data = LetterData(valid_from=today, valid_until=today + datetime.timedelta(days=365),
                      positions=positions if positions is not None else [kr_position()])
    return dataclasses.replace(data, **changes)


@pytest.fixture
def employers(users: dict[str, Any], agreements: dict[str, Any]) -> dict[str, Any]:
    """Both demo employers with a profile, accredited until the end of next year."""
    from demand.models import Accreditation
    from demand.services import employer_profile_save, employer_set_accreditation

    out = {}
    for role, sector in (("employer_th", "14"), ("employer_kr", "28")):
        org = users[role].organisation
        employer_profile_save(
            actor=users[role], organisation=org, legal_name=f"{org.name} Ltd", registration_number="REG-1",
            address="1 Factory Road", sector=sector, contact_name="HR", contact_email="hr@example.com",
        )
        out[role] = employer_set_accreditation(
            actor=users["ministry_admin"], organisation=org, status=Accreditation.ACCREDITED,
            until=datetime.date(TODAY().year + 1, 12, 31), reason="Documents checked",
        )
    return out


@pytest.fixture
def agency(users: dict[str, Any]) -> Any:
    """The demo agency (licensed, active)."""
    return users["agency"].organisation


@pytest.fixture
def other_agency(users: dict[str, Any]) -> Any:
    from accounts.models import Organisation, OrganisationKind

    return Organisation.objects.create(name="Mekong Manpower (test)", kind=OrganisationKind.AGENCY,
                                       country=users["agency"].organisation.country, licence_number="LIC-7")


@pytest.fixture
def no_screening(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Screening finds nothing (workflow tests should not depend on every screening rule).

    Append FindingData-like objects to the returned list to make screening report them."""
    findings: list[Any] = []
    monkeypatch.setattr("demand.services._screen", lambda letter, on: list(findings))
    return findings


@dataclasses.dataclass
class FakeFinding:
    rule: str
    severity: str
    position_line: int | None = None
    clause: str = "Art. 1"
    values: dict = dataclasses.field(default_factory=dict)
    message_en: str = "A problem"
    message_km: str = "បញ្ហា"


# Which services, in order, bring a new draft to each status.
PATH_TO: dict[str, tuple[str, ...]] = {
    "draft": (),
    "attestation": ("request_attestation",),
    "submitted": ("submit",),
    "under_review": ("submit", "start_review"),
    "returned": ("submit", "start_review", "return"),
    "approved": ("submit", "start_review", "approve"),
    "rejected": ("submit", "start_review", "reject"),
    "allocated": ("submit", "start_review", "approve", "allocate"),
    "recruiting": ("submit", "start_review", "approve", "allocate", "start_recruiting"),
    "filled": ("submit", "start_review", "approve", "allocate", "start_recruiting", "fill"),
    "closed": ("submit", "start_review", "approve", "close"),
    "expired": ("submit", "start_review", "approve", "expire"),
    "revoked": ("submit", "start_review", "approve", "revoke"),
}


def make_attache_kr(users: dict[str, Any]) -> Any:
    """A labour attaché covering Korea (the demo one covers Thailand), kept as users["attache_kr"]."""
    from accounts.models import Organisation, OrganisationKind, Role, User
    from reference.models import Country

    if "attache_kr" not in users:
        office = Organisation.objects.create(name="Labour Attaché, Royal Embassy of Cambodia in Seoul",
                                             kind=OrganisationKind.EMBASSY, country=Country.objects.get(iso2="KR"))
        person = User.objects.create_user("attache.kr", password="x-password-123", organisation=office,
                                          role=Role.EMBASSY_OFFICER)
        users["attache_kr"] = User.objects.select_related("organisation").get(pk=person.pk)
    return users["attache_kr"]


@pytest.fixture
def attache_kr(users: dict[str, Any]) -> Any:
    return make_attache_kr(users)


def require_attestation(agreement: Any, required: bool = True) -> None:
    """Make the agreement's versions require (or not) the attaché's attestation before review."""
    agreement.versions.update(attestation_required=required)


@pytest.fixture
def run_action(users: dict[str, Any], agency: Any) -> Callable[..., Any]:
    """run_action(letter, "approve") calls the service as someone allowed to, with a reason where needed."""
    from demand import services

    def run(letter: Any, action: str, actor: Any = None, **kwargs: Any) -> Any:
        reviewer = users["ministry_reviewer"]
        employer = users["employer_kr"] if letter.employer_id == users["employer_kr"].organisation_id \
            else users["employer_th"]
        if action in ("submit", "request_attestation"):
            require_attestation(letter.agreement, action == "request_attestation")
            return services.letter_submit(actor=actor or employer, letter=letter)
        if action in ("attest", "refuse_attestation"):
            if action == "refuse_attestation":
                kwargs.setdefault("reason", "Reason to refuse_attestation")
            return getattr(services, f"letter_{action}")(actor=actor or make_attache_kr(users), letter=letter,
                                                               **kwargs)
        if action == "allocate":
            return services.letter_allocate(actor=actor or reviewer, letter=letter,
                                            allocations=kwargs.get("allocations") or [(agency, 4)])
        if action == "expire":
            from demand.models import DemandLetter

            DemandLetter.objects.filter(pk=letter.pk).update(
                valid_until=TODAY() - datetime.timedelta(days=1))
            return services.letter_expire(actor=actor, letter=letter)
        fn = getattr(services, f"letter_{action}")
        if action in ("return", "reject", "revoke", "close"):
            kwargs.setdefault("reason", f"Reason to {action}")
        return fn(actor=actor or reviewer, letter=letter, **kwargs)

    return run


@pytest.fixture
def letter_in(users: dict[str, Any], agreements: dict[str, Any], employers: Any, no_screening: Any,
                run_action: Callable[..., Any]) -> Callable[..., Any]:
    """letter_in("allocated", positions=[...]) → a Korean letter brought to that status through the services."""
    from demand.services import letter_create

    def make(status: str = "draft", *, positions: list[PositionData] | None = None, country: str = "KR") -> Any:
        role = "employer_kr" if country == "KR" else "employer_th"
        if positions is None:
            positions = [kr_position()] if country == "KR" else [th_position()]
        letter = letter_create(actor=users[role], agreement=agreements[country], data=letter_data(positions))
        for action in PATH_TO[status]:
            letter = run_action(letter, action)
        assert letter.status == status
        return letter

    return make
