"""`agencies`: the number of SQL queries does not grow with agencies, inspections or status changes."""

from __future__ import annotations

from typing import Any

import pytest

from coordination.agencies.models import AgencyStatus, InspectionOutcome
from tests.api.test_query_counts import count_queries
from tests.coordination.agencies.graphql.test_permissions import AGENCIES
from tests.coordination.agencies.helpers import inspect, license, make_agency, set_status


@pytest.mark.parametrize("role", ["ministry_admin", "agency"])
def test_agencies(role: str, as_user: Any, users: dict[str, Any], supervised: dict[str, Any]) -> None:
    client = as_user(role)
    few, data = count_queries(client, AGENCIES)
    for i in range(6):
        org = make_agency(users, name=f"Agency {i} (test)", licence=f"LIC-{i}")
        license(users, org)
        for outcome in (InspectionOutcome.MINOR, InspectionOutcome.MAJOR):
            inspect(users, org, outcome)
        set_status(users, org, AgencyStatus.SUSPENDED)
        set_status(users, org, AgencyStatus.ACTIVE, reason="Restored")
    make_agency(users, name="Never supervised (test)")
    many, data = count_queries(client, AGENCIES)
    expected = 9 if role == "ministry_admin" else 1
    assert data["agencies"]["totalCount"] == expected
    assert many == few
    assert few <= 10
