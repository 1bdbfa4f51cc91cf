"""Event page fixtures: an event of the demo counsellor's job centre with the Korean employer's approved demand,
and one seeker checked in there."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def event(users: dict[str, Any], agreements: dict[str, Any]) -> Any:
    from tests.coordination.events.helpers import make_event

    return make_event(users, agreements)


@pytest.fixture
def attendee(users: dict[str, Any], event: Any) -> Any:
    from coordination.events.services import attendee_check_in
    from tests.coordination.jobseekers.helpers import register

    seeker = register(users["counsellor"])
    attendee_check_in(actor=users["counsellor"], event=event, seeker=seeker)
    return seeker
