"""Demand page tests: both demo employers accredited, uploads in a temporary media folder."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Organisation, OrganisationKind, Role, User
from demand import services
from demand.models import DemandLetter, LetterStatus
from demand.services import letter_create, letter_submit
from tests.conftest import license_agencies
from tests.demand.helpers import letter_data, th_position
from tests.demand.pages.helpers import accredit_employers, kr_letter


@pytest.fixture
def waiting(setup: dict[str, Any]) -> DemandLetter:
    """A Thai letter submitted under the Thai agreement (attestation required): it waits for the attaché."""
    users = setup["users"]
    letter = letter_create(actor=users["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position()]))
    letter = letter_submit(actor=users["employer_th"], letter=letter)
    assert letter.status == LetterStatus.ATTESTATION
    return letter


@pytest.fixture
def setup(users: dict[str, Any], agreements: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    accredit_employers(users)
    return {"users": users, "agreements": agreements, "media": tmp_path}


@pytest.fixture
def world(setup: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """A Korean letter allocated to the demo agency (4 positions) and to a second agency (3), whose staff
    member `rival` has an account; and a second agency with no allocation and its `stranger`."""
    users = setup["users"]
    rival_org = Organisation.objects.create(name="Mekong Manpower (test)", kind=OrganisationKind.AGENCY,
                                            country=users["agency"].organisation.country, licence_number="LIC-7")
    stranger_org = Organisation.objects.create(name="Tonle Sap Jobs (test)", kind=OrganisationKind.AGENCY,
                                               country=users["agency"].organisation.country, licence_number="LIC-8")
    license_agencies(rival_org, stranger_org)
    letter = kr_letter(setup, "allocated")
    letter = services.letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(rival_org, 3)])
    users = {
        **users,
        "rival": User.objects.create_user("mekong.staff", password="x-password-123", organisation=rival_org,
                                          role=Role.AGENCY_STAFF, first_name="Mekong", last_name="Staff"),
        "stranger": User.objects.create_user("tonle.staff", password="x-password-123", organisation=stranger_org,
                                             role=Role.AGENCY_STAFF),
    }
    return {"users": users, "letter": letter,
            "mine": letter.allocations.get(agency=users["agency"].organisation),
            "theirs": letter.allocations.get(agency=rival_org)}


@pytest.fixture
def sign_in(client: Any, world: dict[str, Any]) -> Any:
    def as_(role: str) -> Any:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        return client

    return as_


@pytest.fixture
def draft(setup: dict[str, Any]) -> Any:
    return letter_create(actor=setup["users"]["employer_th"], agreement=setup["agreements"]["TH"],
                         data=letter_data([th_position()]))
