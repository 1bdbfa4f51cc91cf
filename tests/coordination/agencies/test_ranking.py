"""The ranking: from 100 down, one registered input per kind of record, the tier capped by the status."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from coordination.agencies.models import AgencyProfile, AgencyStatus, InspectionOutcome, RankingTier
from coordination.agencies.ranking import INPUTS, RankingRecord, compute
from i18n.messages import render
from tests.coordination.agencies.helpers import inspect, license, set_status

TODAY = datetime.date(2026, 6, 1)


def _record(**fields: Any) -> RankingRecord:
    base = {"status": AgencyStatus.ACTIVE, "licence_expires_on": TODAY + datetime.timedelta(days=100),
            "inspections": [], "status_changes": [], "today": TODAY}
    return RankingRecord(**{**base, **fields})


def _inspection(outcome: str, days_ago: int) -> Any:
    return SimpleNamespace(outcome=outcome, inspected_on=TODAY - datetime.timedelta(days=days_ago))


def test_a_clean_record_is_a() -> None:
    ranking = compute(_record(inspections=[_inspection(InspectionOutcome.COMPLIANT, 10)]))
    assert (ranking.score, ranking.tier, ranking.deductions) == (100, RankingTier.A, [])


def test_findings_take_points_off_within_the_look_back() -> None:
    ranking = compute(_record(inspections=[_inspection(InspectionOutcome.CRITICAL, 10),
                                           _inspection(InspectionOutcome.MINOR, 30),
                                           _inspection(InspectionOutcome.CRITICAL, 4 * 365)]))
    assert ranking.score == 100 - 30 - 5
    assert ranking.tier == RankingTier.B
    assert "Critical findings" in render(ranking.deductions[0].reason.data())


def test_suspensions_and_expiry_count() -> None:
    changes = [SimpleNamespace(status_to=AgencyStatus.SUSPENDED,
                               changed_at=timezone.make_aware(datetime.datetime(2026, 1, 1)))]
    ranking = compute(_record(status_changes=changes, licence_expires_on=TODAY - datetime.timedelta(days=1)))
    assert ranking.score == 100 - 20 - 25


def test_status_caps_the_tier() -> None:
    assert compute(_record(status=AgencyStatus.REVOKED)).tier == RankingTier.D
    assert compute(_record(status=AgencyStatus.SUSPENDED)).tier == RankingTier.C


def test_score_never_below_zero() -> None:
    ranking = compute(_record(inspections=[_inspection(InspectionOutcome.CRITICAL, d) for d in range(1, 6)]))
    assert (ranking.score, ranking.tier) == (0, RankingTier.D)


def test_inputs_are_a_registry() -> None:
    assert set(INPUTS) >= {"inspections", "suspensions", "licence"}


def test_services_keep_the_ranking_with_reasons(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    license(users, agency)
    inspect(users, agency, InspectionOutcome.MINOR)
    set_status(users, agency, AgencyStatus.SUSPENDED)
    profile = AgencyProfile.objects.get(organisation=agency)
    assert (profile.ranking_score, profile.ranking_tier) == (100 - 5 - 20, RankingTier.C)
    assert [r["points"] for r in profile.ranking_reasons] == [5, 20]
    assert profile.ranking_computed_at is not None
