"""Fixtures of the job-seeker GraphQL tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.coordination.jobseekers.graphql.world import registry_world


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> Any:
    """A counsellor of another job centre (Siem Reap): the registry is national, identifiers are not."""
    from accounts.models import Organisation, OrganisationKind, Role, User

    mine = users["counsellor"].organisation
    centre = Organisation.objects.create(name="Job centre Siem Reap", kind=OrganisationKind.JOB_CENTRE,
                                         country=mine.country)
    return User.objects.create_user("counsellor.sr", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


@pytest.fixture
def seekers(users: dict[str, Any], agreements: dict[str, Any]) -> dict[str, Any]:
    return registry_world(users, agreements)
