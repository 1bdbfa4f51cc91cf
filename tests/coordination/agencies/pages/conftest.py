"""Agency page fixtures: the demo agency licensed, and a second agency suspended with a staff member."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Role, User
from coordination.agencies.models import AgencyStatus, InspectionOutcome
from tests.coordination.agencies.helpers import inspect, license, make_agency, set_status


@pytest.fixture
def supervised(users: dict[str, Any]) -> dict[str, Any]:
    demo = users["agency"].organisation
    license(users, demo)
    inspect(users, demo, InspectionOutcome.COMPLIANT)
    other = make_agency(users, name="Bayon Overseas (test)", licence="LIC-57")
    license(users, other, expires_in=20)
    inspect(users, other, InspectionOutcome.MAJOR)
    set_status(users, other, AgencyStatus.SUSPENDED, reason="Fees above the cap")
    staff = User.objects.create_user("bayon.staff", password="x-password-123", organisation=other,
                                     role=Role.AGENCY_STAFF)
    return {"demo": demo, "other": other, "users": {**users, "suspended_staff": staff}}
