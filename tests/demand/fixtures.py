"""Demand fixtures (a pytest plugin, registered in tests/conftest.py for every test): accredited demo
employers, a licensed agency, letter builders in any status."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from demand.inputs import PositionData
from tests.demand.helpers import (
    PATH_TO,
    TODAY,
    kr_position,
    letter_data,
    make_attache_kr,
    require_attestation,
    th_position,
)


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
    from tests.conftest import license_agencies

    agency = Organisation.objects.create(name="Mekong Manpower (test)", kind=OrganisationKind.AGENCY,
                                         country=users["agency"].organisation.country, licence_number="LIC-7")
    license_agencies(agency)
    return agency


@pytest.fixture
def no_screening(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Screening finds nothing (workflow tests should not depend on every screening rule).

    Append FindingData-like objects to the returned list to make screening report them."""
    findings: list[Any] = []
    monkeypatch.setattr("demand.services._screen", lambda letter, on: list(findings))
    return findings


@pytest.fixture
def attache_kr(users: dict[str, Any]) -> Any:
    return make_attache_kr(users)


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
