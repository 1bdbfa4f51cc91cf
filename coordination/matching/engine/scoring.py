"""Hard filters, then an additive score, on (seeker, position) pairs given as broadcastable index arrays.

Every function here reads only the named columns of `Seekers` and `Positions`; `Seekers.protected` is never
read. A reason is a key and its parameters (`Reason`), never English text: the caller renders it in the reader's
language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .model import AVAILABLE, Instance, bit_indices

ONE = np.uint64(1)
ZERO = np.uint64(0)

# The hard filters in the order they are checked and reported; a pair is a candidate when it passes all.
FILTERS = (
    "consent_inactive",           # consent to matching is not active
    "not_on_roster",              # not vetted and on the roster for the position's agreement
    "occupation_incompatible",    # not in the position's ISCO-08 sub-major group
    "language_missing",           # a required language is not spoken
    "test_missing",               # a required test is not passed
    "test_below_pass_mark",       # the test score is below the position's pass mark
    "destination_not_preferred",  # the destination is not among the stated preferences
    "sector_not_preferred",       # the sector is not among the stated preferences
    "wage_below_minimum",         # the offered wage is below the seeker's minimum
    "not_available_by_start",     # available only after the start day
    "not_available",              # already selected or deployed
)

COMPONENTS = ("occupation", "experience", "certifications", "test_margin", "preference", "waiting")


@dataclass(frozen=True)
class Weights:
    """The score's points. Occupation closeness: same unit group, else same minor group, else same sub-major
    group. Experience and certifications: points per year / certificate up to a cap. Test margin: points per mark
    above the pass mark up to a cap. Preference fit: an explicitly preferred destination, an explicitly preferred
    sector, and the offer's headroom over the seeker's minimum wage (full at +`wage_headroom_full`). Waiting: points
    per 30 days on the roster up to a cap."""

    unit_group: float = 30.0
    minor_group: float = 20.0
    sub_major_group: float = 10.0
    per_year: float = 2.0
    years_cap: float = 10.0
    per_certificate: float = 2.0
    certificates_cap: int = 5
    per_mark: float = 0.3
    marks_cap: float = 50.0
    destination_preferred: float = 5.0
    sector_preferred: float = 5.0
    wage_headroom: float = 5.0
    wage_headroom_full: float = 0.5
    per_month_waiting: float = 1.0
    months_cap: float = 12.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Reason:
    """Why: a key (a filter in FILTERS, or a score component) and its parameters, for the caller to render."""

    key: str
    params: dict[str, Any]


def _contains(mask, required):
    return (mask & required) == required


def filter_masks(instance: Instance, si, pj, *, roster_known: bool = False) -> dict[str, np.ndarray]:
    """For each filter, True where the pair FAILS it. `si` and `pj` are seeker and position index arrays that
    broadcast against each other. `roster_known`: the caller has already restricted to seekers on the roster of
    each position's agreement (the batch does, by agreement)."""
    s, p = instance.seekers, instance.positions
    shape = np.broadcast_shapes(np.shape(si), np.shape(pj))
    failed: dict[str, np.ndarray] = {}
    failed["consent_inactive"] = np.broadcast_to(~s.consent[si], shape)
    if roster_known:
        failed["not_on_roster"] = np.zeros(shape, dtype=bool)
    else:
        keys = np.asarray(si, dtype=np.int64) << 32 | p.agreement[pj].astype(np.int64)
        where = np.searchsorted(s.roster_keys, keys)
        where = np.minimum(where, max(len(s.roster_keys) - 1, 0))
        found = s.roster_keys[where] == keys if len(s.roster_keys) else np.zeros(np.shape(keys), dtype=bool)
        failed["not_on_roster"] = np.broadcast_to(~found, shape)
    seeker_isco, position_isco = s.isco[si], p.isco[pj]
    failed["occupation_incompatible"] = np.broadcast_to(
        (seeker_isco <= 0) | (seeker_isco // 100 != position_isco // 100), shape)
    failed["language_missing"] = np.broadcast_to(~_contains(s.languages[si], p.languages[pj]), shape)
    failed["test_missing"] = np.broadcast_to(~_contains(s.tests[si], p.tests[pj]), shape)
    pass_mark = p.pass_mark[pj]
    failed["test_below_pass_mark"] = np.broadcast_to((pass_mark > 0) & (s.test_score[si] < pass_mark), shape)
    destinations, sectors = s.destinations[si], s.sectors[si]
    failed["destination_not_preferred"] = np.broadcast_to(
        (destinations != ZERO) & ((destinations >> p.destination[pj].astype(np.uint64)) & ONE == ZERO), shape)
    failed["sector_not_preferred"] = np.broadcast_to(
        (sectors != ZERO) & ((sectors >> p.sector[pj].astype(np.uint64)) & ONE == ZERO), shape)
    failed["wage_below_minimum"] = np.broadcast_to(s.minimum_wage[si] > p.wage[pj], shape)
    failed["not_available_by_start"] = np.broadcast_to(s.available_from[si] > p.start_day[pj], shape)
    failed["not_available"] = np.broadcast_to(s.status[si] != AVAILABLE, shape)
    return failed


def passes(failed: dict[str, np.ndarray]) -> np.ndarray:
    """True where a pair passes every filter."""
    masks = list(failed.values())
    bad = masks[0].copy()
    for mask in masks[1:]:
        bad |= mask
    return ~bad


def score_components(instance: Instance, si, pj, weights: Weights = DEFAULT_WEIGHTS) -> dict[str, np.ndarray]:
    """Each component's points (float64) for the pairs; the score is their sum in COMPONENTS order."""
    s, p = instance.seekers, instance.positions
    w = weights
    seeker_isco, position_isco = s.isco[si], p.isco[pj]
    occupation = np.where(seeker_isco == position_isco, w.unit_group,
                          np.where(seeker_isco // 10 == position_isco // 10, w.minor_group,
                                   np.where(seeker_isco // 100 == position_isco // 100, w.sub_major_group, 0.0)))
    occupation = np.where(seeker_isco > 0, occupation, 0.0)
    experience = np.minimum(s.experience_years[si], w.years_cap) * w.per_year
    certifications = np.minimum(s.certifications[si], w.certificates_cap) * w.per_certificate
    pass_mark = p.pass_mark[pj]
    margin = np.clip(s.test_score[si] - pass_mark, 0.0, w.marks_cap) * w.per_mark
    test_margin = np.where(pass_mark > 0, margin, 0.0)
    preference = _preference(instance, si, pj, w)
    waiting = np.minimum(s.waiting_days[si] / 30.0, w.months_cap) * w.per_month_waiting
    shape = np.broadcast_shapes(np.shape(si), np.shape(pj))
    return {name: np.broadcast_to(np.asarray(value, dtype=np.float64), shape) for name, value in (
        ("occupation", occupation), ("experience", experience), ("certifications", certifications),
        ("test_margin", test_margin), ("preference", preference), ("waiting", waiting))}


def _explicit(preferences, bit):
    return (preferences != ZERO) & ((preferences >> bit.astype(np.uint64)) & ONE == ONE)


def _preference(instance: Instance, si, pj, w: Weights):
    s, p = instance.seekers, instance.positions
    minimum = s.minimum_wage[si]
    headroom = (p.wage[pj] - minimum) / np.maximum(minimum, 1.0)
    return (np.where(_explicit(s.destinations[si], p.destination[pj]), w.destination_preferred, 0.0)
            + np.where(_explicit(s.sectors[si], p.sector[pj]), w.sector_preferred, 0.0)
            + np.clip(headroom / w.wage_headroom_full, 0.0, 1.0) * w.wage_headroom)


def total(components: dict[str, np.ndarray]) -> np.ndarray:
    score = components[COMPONENTS[0]].copy()
    for name in COMPONENTS[1:]:
        score = score + components[name]
    return score


def seeker_utility(instance: Instance, si, pj) -> np.ndarray:
    """How a seeker ranks positions in the batch: the offered wage, raised a tenth for an explicitly preferred
    destination and a tenth for an explicitly preferred sector (ties: the lower position id)."""
    s, p = instance.seekers, instance.positions
    bonus = (1.0 + 0.1 * _explicit(s.destinations[si], p.destination[pj])
             + 0.1 * _explicit(s.sectors[si], p.sector[pj]))
    return p.wage[pj] * bonus


@dataclass(frozen=True)
class Evaluation:
    ok: np.ndarray                       # passes every filter
    score: np.ndarray                    # the additive score (computed for every pair, qualifying or not)
    components: dict[str, np.ndarray]    # each component's points
    failed: dict[str, np.ndarray]        # per filter, True where it fails


def evaluate(instance: Instance, si, pj, weights: Weights = DEFAULT_WEIGHTS) -> Evaluation:
    failed = filter_masks(instance, si, pj)
    components = score_components(instance, si, pj, weights)
    return Evaluation(ok=passes(failed), score=total(components), components=components, failed=failed)


def unmet(instance: Instance, i: int, j: int, failed: dict[str, np.ndarray] | None = None,
          at: Any = ()) -> list[Reason]:
    """The filters seeker i fails for position j, with what is missing: "nearly qualifies: missing X"."""
    s, p = instance.seekers, instance.positions
    if failed is None:
        failed = filter_masks(instance, np.array([i]), np.array([j]))
        at = 0
    reasons = []
    for key in FILTERS:
        if not bool(failed[key][at]):
            continue
        params: dict[str, Any] = {}
        if key == "not_on_roster":
            params = {"agreement": int(p.agreement[j])}
        elif key == "occupation_incompatible":
            params = {"required": int(p.isco[j]), "seeker": int(s.isco[i])}
        elif key == "language_missing":
            params = {"languages": bit_indices(int(p.languages[j]) & ~int(s.languages[i]))}
        elif key == "test_missing":
            params = {"tests": bit_indices(int(p.tests[j]) & ~int(s.tests[i]))}
        elif key == "test_below_pass_mark":
            params = {"pass_mark": float(p.pass_mark[j]), "score": float(s.test_score[i])}
        elif key == "destination_not_preferred":
            params = {"destination": int(p.destination[j])}
        elif key == "sector_not_preferred":
            params = {"sector": int(p.sector[j])}
        elif key == "wage_below_minimum":
            params = {"wage": float(p.wage[j]), "minimum": float(s.minimum_wage[i])}
        elif key == "not_available_by_start":
            params = {"start_day": int(p.start_day[j]), "available_from": int(s.available_from[i])}
        elif key == "not_available":
            params = {"status": int(s.status[i])}
        reasons.append(Reason(key, params))
    return reasons


def score_reasons(instance: Instance, i: int, j: int, components: dict[str, np.ndarray] | None = None,
                  at: Any = ()) -> list[Reason]:
    """The score's components for one pair, as reasons (stored with every proposal), largest first."""
    s, p = instance.seekers, instance.positions
    if components is None:
        components = score_components(instance, np.array([i]), np.array([j]))
        at = 0
    reasons = []
    for name in COMPONENTS:
        points = round(float(components[name][at]), 4)
        params: dict[str, Any] = {"points": points}
        key = name
        if name == "occupation":
            if s.isco[i] == p.isco[j]:
                key = "occupation_unit_group"
            elif s.isco[i] // 10 == p.isco[j] // 10:
                key = "occupation_minor_group"
            elif s.isco[i] // 100 == p.isco[j] // 100:
                key = "occupation_sub_major_group"
            params["isco"] = int(s.isco[i])
        elif name == "experience":
            params["years"] = float(s.experience_years[i])
        elif name == "certifications":
            params["count"] = int(s.certifications[i])
        elif name == "test_margin":
            params["margin"] = float(s.test_score[i] - p.pass_mark[j]) if p.pass_mark[j] > 0 else 0.0
        elif name == "waiting":
            params["days"] = int(s.waiting_days[i])
        reasons.append(Reason(key, params))
    reasons.sort(key=lambda reason: -reason.params["points"])
    return reasons
