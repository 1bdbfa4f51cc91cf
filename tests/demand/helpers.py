"""Plain helpers of the demand tests: compliant positions and letters, a fake finding, the path to each status.

Import them (`from tests.demand.helpers import kr_position`); the fixtures are in tests/demand/fixtures.py."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal as D
from typing import Any

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


def require_attestation(agreement: Any, required: bool = True) -> None:
    """Make the agreement's versions require (or not) the attaché's attestation before review."""
    agreement.versions.update(attestation_required=required)
