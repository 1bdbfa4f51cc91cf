"""Each hard filter, alone, excludes a pair and is reported with what is missing; the score's parts."""

from __future__ import annotations

import numpy as np
import pytest

from coordination.matching.engine.model import DEPLOYED, SELECTED, bits
from coordination.matching.engine.queries import candidates_for_position, positions_for_seeker
from coordination.matching.engine.scoring import FILTERS, evaluate, unmet

from .helpers import make

CASES = [
    ({"consent": False}, {}, "consent_inactive", {}),
    ({"roster": [2]}, {}, "not_on_roster", {"agreement": 1}),
    ({"roster": []}, {}, "not_on_roster", {"agreement": 1}),
    ({"isco": 7212}, {}, "occupation_incompatible", {"required": 7112, "seeker": 7212}),
    ({"isco": 0}, {}, "occupation_incompatible", {"required": 7112, "seeker": 0}),
    ({"languages": bits([0])}, {}, "language_missing", {"languages": [2]}),
    ({"tests": bits([1])}, {}, "test_missing", {"tests": [0]}),
    ({"test_score": 119.0}, {}, "test_below_pass_mark", {"pass_mark": 120.0, "score": 119.0}),
    ({"destinations": bits([4])}, {}, "destination_not_preferred", {"destination": 3}),
    ({"sectors": bits([6])}, {}, "sector_not_preferred", {"sector": 5}),
    ({"minimum_wage": 800.01}, {}, "wage_below_minimum", {"wage": 800.0, "minimum": 800.01}),
    ({"available_from": 31}, {}, "not_available_by_start", {"start_day": 30, "available_from": 31}),
    ({"status": SELECTED}, {}, "not_available", {"status": SELECTED}),
    ({"status": DEPLOYED}, {}, "not_available", {"status": DEPLOYED}),
]


def test_the_base_pair_qualifies() -> None:
    instance = make([{}], [{}])
    assert evaluate(instance, np.array([0]), np.array([0])).ok[0]
    assert unmet(instance, 0, 0) == []
    assert [c.id for c in candidates_for_position(instance, 0)] == [1]


@pytest.mark.parametrize(("seeker", "position", "key", "params"), CASES)
def test_each_filter_excludes_and_says_what_is_missing(seeker, position, key, params) -> None:
    instance = make([seeker], [position])
    result = evaluate(instance, np.array([0]), np.array([0]))
    assert not result.ok[0]
    assert [name for name in FILTERS if result.failed[name][0]] == [key]
    [reason] = unmet(instance, 0, 0)
    assert (reason.key, reason.params) == (key, params)
    assert candidates_for_position(instance, 0) == []
    qualifying, nearly = positions_for_seeker(instance, 0)
    assert qualifying == []
    assert [(r.id, [(m.key, m.params) for m in r.missing]) for r in nearly] == [(1, [(key, params)])]


def test_boundaries_qualify() -> None:
    """Minimum wage equal to the offer, available on the start day, the score at the pass mark, no stated
    preference (any destination and sector fits), same ISCO sub-major group."""
    instance = make([{"minimum_wage": 800.0, "available_from": 30, "test_score": 120.0, "destinations": 0,
                      "sectors": 0, "isco": 7133}], [{}])
    assert evaluate(instance, np.array([0]), np.array([0])).ok[0]


def test_two_misses_are_not_nearly_qualifying_by_default() -> None:
    instance = make([{"languages": bits([0]), "minimum_wage": 900.0}], [{}])
    assert positions_for_seeker(instance, 0) == ([], [])
    _, nearly = positions_for_seeker(instance, 0, max_missing=2)
    assert [m.key for m in nearly[0].missing] == ["language_missing", "wage_below_minimum"]


def test_occupation_closeness_ranks_unit_then_minor_then_sub_major_group() -> None:
    instance = make([{"id": 1, "isco": 7112}, {"id": 2, "isco": 7113}, {"id": 3, "isco": 7122}], [{"isco": 7112}])
    ranked = candidates_for_position(instance, 0)
    assert [c.id for c in ranked] == [1, 2, 3]
    keys = [next(r.key for r in c.reasons if r.key.startswith("occupation")) for c in ranked]
    assert keys == ["occupation_unit_group", "occupation_minor_group", "occupation_sub_major_group"]
    points = [next(r.params["points"] for r in c.reasons if r.key.startswith("occupation")) for c in ranked]
    assert points[0] > points[1] > points[2] > 0


@pytest.mark.parametrize(("better", "worse"), [
    ({"experience_years": 6.0}, {"experience_years": 2.0}),
    ({"certifications": 3}, {"certifications": 0}),
    ({"test_score": 160.0}, {"test_score": 125.0}),
    ({"waiting_days": 300}, {"waiting_days": 10}),
    ({"minimum_wage": 400.0}, {"minimum_wage": 780.0}),
    ({"destinations": bits([3])}, {"destinations": 0}),
])
def test_each_component_adds_to_the_score(better, worse) -> None:
    instance = make([{"id": 2, **better}, {"id": 1, **worse}], [{}])
    ranked = candidates_for_position(instance, 0)
    assert [c.id for c in ranked] == [2, 1]
    assert ranked[0].score > ranked[1].score
    assert sum(r.params["points"] for r in ranked[0].reasons) == pytest.approx(ranked[0].score, abs=1e-3)


def test_ties_rank_by_id_and_k_limits() -> None:
    instance = make([{"id": 9}, {"id": 4}, {"id": 7}], [{}])
    assert [c.id for c in candidates_for_position(instance, 0)] == [4, 7, 9]
    assert [c.id for c in candidates_for_position(instance, 0, k=2)] == [4, 7]
    instance = make([{}], [{"id": 8}, {"id": 3}, {"id": 5}])
    assert [r.id for r in positions_for_seeker(instance, 0, k=2)[0]] == [3, 5]
