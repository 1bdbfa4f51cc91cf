"""Job-seeker page tests: a registry of three seekers kept by the demo counsellor's job centre.

- `shared`: vetted, on the Korean roster, consent shared with agencies: the demo agency sees it;
- `private`: consent for matching only, on no roster: only counsellors and the ministry see it;
- `other`: kept by another job centre (its counsellor is `other_counsellor`): the demo counsellor sees it masked.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Organisation, OrganisationKind, Role, User
from coordination.jobseekers.inputs import ConsentData
from coordination.jobseekers.models import JobSeeker, VettingStatus
from tests.coordination.jobseekers.helpers import put_on_roster, register


@pytest.fixture
def registry(users: dict[str, Any], agreements: dict[str, Any]) -> dict[str, Any]:
    counsellor = users["counsellor"]
    shared = register(counsellor)
    put_on_roster(shared, agreements["KR"], counsellor)
    JobSeeker.objects.filter(pk=shared.pk).update(vetting_status=VettingStatus.VETTED)
    private = register(counsellor, name_km="ចាន់ សុភា", name_latin="Chan Sophea", sex="female",
                       date_of_birth=datetime.date(1996, 3, 2), national_id="110456782", phone="016 456 782",
                       consent=ConsentData(for_matching=True, share_with_agencies=False, share_with_employers=False))
    centre = Organisation.objects.create(name="Job Centre Battambang (test)", kind=OrganisationKind.JOB_CENTRE,
                                         country=counsellor.organisation.country)
    other_counsellor = User.objects.create_user("bb.counsellor", password="x-password-123", organisation=centre,
                                                role=Role.COUNSELLOR)
    other = register(other_counsellor, name_km="ហេង វិចិត្រ", name_latin="Heng Vichet",
                     date_of_birth=datetime.date(1995, 7, 19), national_id="140233917", phone="097 233 9170",
                     province="KH-2", district="")
    return {"shared": JobSeeker.objects.get(pk=shared.pk), "private": private, "other": other,
            "other_counsellor": other_counsellor, "users": users, "agreements": agreements}


@pytest.fixture
def sign_in(client: Any, registry: dict[str, Any]) -> Any:
    def as_(who: Any) -> Any:
        client.logout()
        if who != "anonymous":
            client.force_login(registry["users"][who] if isinstance(who, str) else who)
        return client

    return as_


@pytest.fixture
def twin(registry: dict[str, Any]) -> Any:
    """`shared` registered a second time in Khmer only (no national ID, another phone), also on the Korean roster
    and shared with agencies: a likely duplicate of `shared` the agency sees too."""
    counsellor = registry["users"]["counsellor"]
    seeker = register(counsellor, name_latin="", national_id="", phone="096 555 4321",
                      distinct_from=[registry["shared"].pk])
    put_on_roster(seeker, registry["agreements"]["KR"], counsellor)
    JobSeeker.objects.filter(pk=seeker.pk).update(vetting_status=VettingStatus.VETTED)
    from coordination.jobseekers.models import DuplicateDecision

    DuplicateDecision.objects.all().delete()  # the pair is undecided, as when it was found by the profile
    return JobSeeker.objects.get(pk=seeker.pk)
