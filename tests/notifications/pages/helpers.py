"""Plain helpers of the notifications page tests."""

from __future__ import annotations

from notifications.services import notify
from tests.pages import LOGIN, ROLES

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


def _notify(user, title="Demand letter DL-3 approved", link="/agreements/"):
    [n] = notify(users=[user], kind="demand.approved", title=title, body="The ministry approved it.", link=link,
                 email=False, sms=False)
    return n
