"""The agency ranking: a score from 100 down, and a tier, computed from the agency's record.

Each input is one function registered with `@ranking_input(id)`: it reads the record (a RankingRecord,
loaded once) and returns the deductions it makes, each with a message kept as a key and parameters
(i18n.messages) so that the ministry reads the reasons in its own language. Adding an input (fee
violations, complaints, placement outcomes) is one more function here; nothing else changes.

The tier follows the score (TIERS), except that a revoked agency is always D and a suspended one at best C.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from coordination.agencies.models import AgencyStatus, InspectionOutcome, RankingTier
from i18n.messages import message

LOOKBACK_YEARS = 3  # inspections and suspensions older than this no longer count
# Points taken off per inspection in the look-back window, by outcome.
INSPECTION_POINTS = {InspectionOutcome.COMPLIANT: 0, InspectionOutcome.MINOR: 5, InspectionOutcome.MAJOR: 15,
                     InspectionOutcome.CRITICAL: 30}
SUSPENSION_POINTS = 20  # per suspension in the look-back window
# The lowest score of each tier, best first.
TIERS = ((85, RankingTier.A), (65, RankingTier.B), (40, RankingTier.C), (0, RankingTier.D))


@dataclass
class RankingRecord:
    """What the inputs read: the profile's status and dates, its inspections and status changes."""

    status: str
    licence_expires_on: datetime.date | None
    inspections: list[Any]
    status_changes: list[Any]
    today: datetime.date


@dataclass
class Deduction:
    input: str
    points: int
    reason: Any  # an i18n message


@dataclass
class Ranking:
    score: int
    tier: str
    deductions: list[Deduction] = field(default_factory=list)


RankingInput = Callable[[RankingRecord], list[Deduction]]
INPUTS: dict[str, RankingInput] = {}


def ranking_input(input_id: str) -> Callable[[RankingInput], RankingInput]:
    def register(function: RankingInput) -> RankingInput:
        INPUTS[input_id] = function
        return function
    return register


def _since(record: RankingRecord) -> datetime.date:
    try:
        return record.today.replace(year=record.today.year - LOOKBACK_YEARS)
    except ValueError:  # 29 February
        return record.today.replace(year=record.today.year - LOOKBACK_YEARS, day=28)


@ranking_input("inspections")
def _inspections(record: RankingRecord) -> list[Deduction]:
    out = []
    for inspection in record.inspections:
        points = INSPECTION_POINTS.get(inspection.outcome, 0)
        if points and inspection.inspected_on >= _since(record):
            out.append(Deduction("inspections", points, message(
                _("Inspection of %(date)s: %(outcome)s"), date=inspection.inspected_on,
                outcome=InspectionOutcome(inspection.outcome).label)))
    return out


@ranking_input("suspensions")
def _suspensions(record: RankingRecord) -> list[Deduction]:
    since = _since(record)
    out = []
    for change in record.status_changes:
        if change.status_to == AgencyStatus.SUSPENDED and change.changed_at.date() >= since:
            out.append(Deduction("suspensions", SUSPENSION_POINTS, message(
                _("Suspended on %(date)s"), date=change.changed_at.date())))
    return out


@ranking_input("licence")
def _licence(record: RankingRecord) -> list[Deduction]:
    if record.licence_expires_on is None:
        return [Deduction("licence", 10, message(_("Licence dates not recorded")))]
    if record.licence_expires_on < record.today:
        return [Deduction("licence", 25, message(_("Licence expired on %(date)s"), date=record.licence_expires_on))]
    return []


def compute(record: RankingRecord) -> Ranking:
    deductions = [d for function in INPUTS.values() for d in function(record)]
    score = max(0, 100 - sum(d.points for d in deductions))
    tier = next(t for low, t in TIERS if score >= low)
    if record.status == AgencyStatus.REVOKED:
        tier = RankingTier.D
    elif record.status == AgencyStatus.SUSPENDED and tier in (RankingTier.A, RankingTier.B):
        tier = RankingTier.C
    return Ranking(score=score, tier=str(tier), deductions=deductions)
