"""A small registry for the GraphQL tests (and tests/api's `world`, which walks every registered list)."""

from __future__ import annotations

import datetime
from typing import Any

from coordination.jobseekers.services import consent_withdraw
from tests.coordination.jobseekers.helpers import put_on_roster, register


def registry_world(users: dict[str, Any], agreements: dict[str, Any]) -> dict[str, Any]:
    """Sok Dara (on the Korean roster, shared with agencies), Chan Sophea (not vetted), and Keo Mony (on the roster,
    then withdrew consent)."""
    counsellor = users["counsellor"]
    dara = register(counsellor)
    sophea = register(counsellor, name_km="ចាន់ សុភា", name_latin="Chan Sophea", sex="female",
                      date_of_birth=datetime.date(2000, 1, 2), national_id="020304050", phone="097 1234 567",
                      province="KH-3", district="", experiences=[], destinations=["TH"], education_level="")
    mony = register(counsellor, name_km="កែវ មុនី", name_latin="Keo Mony", date_of_birth=datetime.date(1995, 6, 7),
                    national_id="030405060", phone="088 765 4321")
    for seeker in (dara, mony):
        put_on_roster(seeker, agreements["KR"], counsellor)
    consent_withdraw(actor=counsellor, seeker=mony, reason="Found work at home")
    return {"dara": dara, "sophea": sophea, "mony": mony}
