"""Deferred acceptance (stable, within capacities, independent of input order), the exact reference against a
brute force, proposals, the run record, and the fairness report."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from coordination.matching.engine import ENGINE_VERSION
from coordination.matching.engine.batch import (
    assignment_score,
    candidate_edges,
    deferred_acceptance,
    reference_assignment,
    run_batch,
)
from coordination.matching.engine.fairness import selection_rates

from .helpers import by_id, make, random_instance, shuffled

SEEDS = range(12)


def _prefers(values: dict, ids: dict, a, b) -> bool:
    """a strictly before b in a (value desc, id asc) order."""
    return (-values[a], ids[a]) < (-values[b], ids[b])


@pytest.mark.parametrize("seed", SEEDS)
def test_deferred_acceptance_is_stable_within_capacities(seed: int) -> None:
    rng = np.random.default_rng(seed)
    instance = random_instance(rng, 40, 8, ties=seed % 2 == 0)
    edges = candidate_edges(instance)
    assignment = deferred_acceptance(instance, edges)
    sid, pid = instance.seekers.id, instance.positions.id
    pairs = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(edges.seeker, edges.position, strict=True))}
    for i, j in enumerate(assignment):
        assert j < 0 or (i, int(j)) in pairs, "assigned to a pair that is not a candidate"
    load = np.bincount(assignment[assignment >= 0], minlength=len(instance.positions))
    assert (load <= instance.positions.places).all()
    assert load.sum() > 0
    for (i, j), k in pairs.items():
        current = int(assignment[i])
        if current == j:
            continue
        if current >= 0:
            mine = pairs[(i, current)]
            if not (-edges.utility[k], pid[j]) < (-edges.utility[mine], pid[current]):
                continue   # i prefers its own position
        held = [pairs[(int(h), j)] for h in np.flatnonzero(assignment == j)]
        if len(held) < instance.positions.places[j]:
            pytest.fail(f"blocking pair: seeker {sid[i]} and position {pid[j]} with a free place")
        worst = max(held, key=lambda h: (-edges.score[h], sid[edges.seeker[h]]))
        assert (-edges.score[worst], sid[edges.seeker[worst]]) < (-edges.score[k], sid[i]), (
            f"blocking pair: seeker {sid[i]} and position {pid[j]}")


def _sequential_da(instance, edges) -> dict[int, int]:
    """One proposal at a time (the textbook algorithm), to compare with the engine's rounds."""
    sid, pid = instance.seekers.id, instance.positions.id
    lists: dict[int, list] = {}
    for k in range(len(edges)):
        lists.setdefault(int(edges.seeker[k]), []).append(k)
    for i in lists:
        lists[i].sort(key=lambda k: (-edges.utility[k], pid[edges.position[k]]))
    held: dict[int, list] = {}
    free = sorted(lists)
    while free:
        i = free.pop()
        if not lists[i]:
            continue
        k = lists[i].pop(0)
        j = int(edges.position[k])
        held.setdefault(j, []).append(k)
        held[j].sort(key=lambda h: (-edges.score[h], sid[edges.seeker[h]]))
        if len(held[j]) > instance.positions.places[j]:
            free.append(int(edges.seeker[held[j].pop()]))
    return {int(sid[edges.seeker[k]]): int(pid[j]) for j, ks in held.items() for k in ks}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_outcome_does_not_depend_on_input_order(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    instance = random_instance(rng, 40, 8, ties=True)
    first = run_batch(instance, reference="lap")
    expected = by_id(instance, first.allocation.assignment)
    assert expected == _sequential_da(instance, first.edges)
    for _ in range(3):
        other = shuffled(instance, rng)
        again = run_batch(other, reference="lap")
        assert by_id(other, again.allocation.assignment) == expected
        assert by_id(other, again.reference.assignment) == by_id(instance, first.reference.assignment)
        assert again.record["inputs"]["digest"] == first.record["inputs"]["digest"]
        ids = lambda inst, props: sorted(  # noqa: E731
            (int(inst.positions.id[p]), int(inst.seekers.id[s]), bool(a))
            for p, s, a in zip(props.position, props.seeker, props.allocated, strict=True))
        assert ids(other, again.proposals) == ids(instance, first.proposals)


def _brute_force(instance, edges) -> float:
    options: dict[int, list] = {}
    for k in range(len(edges)):
        options.setdefault(int(edges.seeker[k]), []).append(k)
    seekers = sorted(options)
    best = 0.0
    for choice in itertools.product(*[[None, *options[i]] for i in seekers]):
        used = [int(edges.position[k]) for k in choice if k is not None]
        if (np.bincount(used, minlength=len(instance.positions)) <= instance.positions.places).all():
            best = max(best, sum(float(edges.score[k]) for k in choice if k is not None))
    return best


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", ["lap", "highs"])
def test_the_reference_equals_a_brute_force_optimum(seed: int, method: str) -> None:
    rng = np.random.default_rng(200 + seed)
    while True:   # an instance where seekers compete (the generator's draws are fixed by the seed)
        instance = random_instance(rng, 7, 3, agreements=1, max_places=2)
        edges = candidate_edges(instance)
        if len(edges) > instance.positions.places.sum() + 1:
            break
    assignment = reference_assignment(instance, edges, method)
    load = np.bincount(assignment[assignment >= 0], minlength=len(instance.positions))
    assert (load <= instance.positions.places).all()
    optimum = _brute_force(instance, edges)
    assert assignment_score(instance, edges, assignment) == pytest.approx(optimum)
    assert assignment_score(instance, edges, deferred_acceptance(instance, edges)) <= optimum + 1e-9


def test_the_run_records_inputs_algorithm_version_and_reports_progress() -> None:
    rng = np.random.default_rng(7)
    instance = random_instance(rng, 30, 6)
    seen = []
    result = run_batch(instance, progress=lambda stage, done, total: seen.append((stage, done, total)))
    record = result.record
    assert record["engine_version"] == ENGINE_VERSION
    assert record["algorithm"] == "worker-proposing deferred acceptance with capacities"
    assert record["reference"] == "scipy.sparse.csgraph.min_weight_full_bipartite_matching"
    assert record["inputs"]["seekers"] == 30 and record["inputs"]["edges"] == len(result.edges)
    assert record["results"]["reference"]["total_score"] >= record["results"]["allocation"]["total_score"]
    assert {stage for stage, _, _ in seen} == {"edges", "deferred_acceptance", "reference"}
    assert seen[-1] == ("reference", 1, 1)
    assert 0 < result.allocation.share_placed <= 1


def test_proposals_are_about_three_per_place_allocated_first_and_place_nobody() -> None:
    instance = make([{"id": i, "experience_years": float(i)} for i in range(1, 11)], [{"places": 2}])
    before = instance.seekers.status.copy()
    result = run_batch(instance)
    proposals = result.proposals
    assert len(proposals) == 6
    assert list(proposals.allocated) == [True, True, False, False, False, False]
    assert [int(instance.seekers.id[s]) for s in proposals.seeker] == [10, 9, 8, 7, 6, 5]
    assert proposals.components.shape == (6, 6)
    assert np.allclose(proposals.components.sum(axis=1), proposals.score)
    assert (instance.seekers.status == before).all()
    assert len(run_batch(instance, per_place=1).proposals) == 2


def test_a_seeker_allocated_elsewhere_is_not_proposed_again() -> None:
    instance = make([{"id": 1, "experience_years": 9.0}, {"id": 2}], [{"id": 1, "wage": 900.0}, {"id": 2}])
    result = run_batch(instance)
    rows = {(int(instance.positions.id[p]), int(instance.seekers.id[s]))
            for p, s in zip(result.proposals.position, result.proposals.seeker, strict=True)}
    assert by_id(instance, result.allocation.assignment) == {1: 1, 2: 2}
    assert rows == {(1, 1), (2, 2)}


def test_fairness_report_flags_the_four_fifths_rule() -> None:
    groups = np.array(["F"] * 10 + ["M"] * 10)
    selected = np.array([True] * 3 + [False] * 7 + [True] * 5 + [False] * 5)
    report = {r.group: r for r in selection_rates(groups, selected)}
    assert (report["F"].considered, report["F"].selected, report["F"].rate) == (10, 3, 0.3)
    assert report["F"].impact_ratio == pytest.approx(0.6) and report["F"].flagged
    assert report["M"].impact_ratio == 1.0 and not report["M"].flagged
    selected[3] = True   # 4/10 against 5/10: exactly four fifths, not flagged
    report = {r.group: r for r in selection_rates(groups, selected)}
    assert report["F"].impact_ratio == pytest.approx(0.8) and not report["F"].flagged
    considered = np.array([True] * 5 + [False] * 5 + [True] * 10)
    report = {r.group: r for r in selection_rates(groups, selected, considered)}
    assert report["F"].considered == 5 and report["F"].rate == pytest.approx(0.8)
    assert all(r.impact_ratio is None and not r.flagged for r in selection_rates(groups, np.zeros(20, bool)))
