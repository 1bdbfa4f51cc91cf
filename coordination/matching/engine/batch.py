"""The batch allocation across all open positions.

1. Candidate edges: every (seeker, position) pair that passes the hard filters, found block by block (one
   agreement's roster against its positions, one ISCO-08 sub-major group at a time, so that no block is dense
   beyond what the filters would keep anyway), with its score and the seeker's utility.
2. Worker-proposing deferred acceptance with capacities: seekers propose in order of their utility (the offer and
   their stated preferences), positions hold their best seekers by score up to their places. Every order is a
   total order on (value, id), so the outcome does not depend on the order of the input rows: it is the
   worker-optimal stable assignment.
3. The exact maximum-total-score assignment, as a reference: SciPy's `min_weight_full_bipartite_matching` on the
   places (each position expanded into its usable places, each seeker given a dummy "unplaced" column so that a
   full matching exists), or HiGHS through `scipy.optimize.linprog` (the constraint matrix is totally unimodular,
   so the vertex optimum is integral). Rows and columns are laid out by id, so ties resolve the same way
   whatever the input order.
4. Proposals: about three candidates per place (`per_place`), the allocated ones first; nothing is placed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from . import ENGINE_VERSION
from .model import Instance
from .scoring import COMPONENTS, DEFAULT_WEIGHTS, Weights, filter_masks, passes, score_components, seeker_utility, total

Progress = Callable[[str, int, int], None]   # (stage, done, total)

BLOCK_CELLS = 2_000_000   # pairs evaluated at once (bounds the memory of a block's masks)


@dataclass(frozen=True)
class Edges:
    """The candidate pairs (seeker index, position index), with the score and the seeker's utility."""

    seeker: np.ndarray
    position: np.ndarray
    score: np.ndarray
    utility: np.ndarray

    def __len__(self) -> int:
        return len(self.seeker)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def candidate_edges(instance: Instance, weights: Weights = DEFAULT_WEIGHTS,
                    progress: Progress | None = None) -> Edges:
    progress = progress or _noop
    s, p = instance.seekers, instance.positions
    open_ = np.flatnonzero(p.places > 0)
    agreements = np.unique(p.agreement[open_])
    seekers_out, positions_out = [], []
    for done, agreement in enumerate(agreements):
        pool = s.by_agreement.get(int(agreement))
        if pool is not None and len(pool):
            pool = pool[s.consent[pool] & (s.isco[pool] > 0)]
            here = open_[p.agreement[open_] == agreement]
            seeker_group = s.isco[pool] // 100
            position_group = p.isco[here] // 100
            for group in np.intersect1d(seeker_group, position_group):
                si = pool[seeker_group == group]
                pj = here[position_group == group]
                step = max(1, BLOCK_CELLS // len(pj))
                for start in range(0, len(si), step):
                    block = si[start:start + step]
                    ok = passes(filter_masks(instance, block[:, None], pj[None, :], roster_known=True))
                    rows, cols = np.nonzero(ok)
                    seekers_out.append(block[rows].astype(np.int32))
                    positions_out.append(pj[cols].astype(np.int32))
        progress("edges", done + 1, len(agreements))
    seeker = np.concatenate(seekers_out) if seekers_out else np.zeros(0, np.int32)
    position = np.concatenate(positions_out) if positions_out else np.zeros(0, np.int32)
    score = total(score_components(instance, seeker, position, weights)) if len(seeker) else np.zeros(0)
    utility = seeker_utility(instance, seeker, position) if len(seeker) else np.zeros(0)
    return Edges(seeker, position, np.ascontiguousarray(score), np.ascontiguousarray(utility))


def position_priority(instance: Instance, edges: Edges) -> np.ndarray:
    """Each edge's rank in one global order: grouped by position, within it by score descending, then seeker id."""
    order = np.lexsort((instance.seekers.id[edges.seeker], -edges.score, edges.position))
    priority = np.empty(len(edges), dtype=np.int64)
    priority[order] = np.arange(len(edges))
    return priority


def deferred_acceptance(instance: Instance, edges: Edges, priority: np.ndarray | None = None,
                        progress: Progress | None = None) -> np.ndarray:
    """Worker-proposing deferred acceptance with capacities; returns, per seeker index, the position index it is
    assigned (-1: none). All free seekers propose at once each round (the outcome is the same as one at a time)."""
    progress = progress or _noop
    n, m = len(instance.seekers), len(instance.positions)
    capacity = instance.positions.places.astype(np.int64)
    if priority is None:
        priority = position_priority(instance, edges)
    # Each seeker's edges in its order of preference: utility descending, then the lower position id.
    preference = np.lexsort((instance.positions.id[edges.position], -edges.utility, edges.seeker))
    degree = np.bincount(edges.seeker, minlength=n)
    start = np.zeros(n, dtype=np.int64)
    np.cumsum(degree[:-1], out=start[1:])
    pointer = np.zeros(n, dtype=np.int64)
    held = np.zeros(0, dtype=np.int64)
    free = np.flatnonzero(degree > 0)
    touched = np.zeros(m, dtype=bool)
    rounds = 0
    while len(free):
        proposals = preference[start[free] + pointer[free]]
        pointer[free] += 1
        targets = edges.position[proposals]
        touched[targets] = True
        reopened = touched[edges.position[held]]
        pool = np.concatenate([held[reopened], proposals])
        pool = pool[np.argsort(priority[pool], kind="stable")]
        position = edges.position[pool]
        first = np.flatnonzero(np.r_[True, position[1:] != position[:-1]])
        rank = np.arange(len(pool)) - np.repeat(first, np.diff(np.r_[first, len(pool)]))
        keep = rank < capacity[position]
        held = np.concatenate([held[~reopened], pool[keep]])
        rejected = edges.seeker[pool[~keep]]
        free = rejected[pointer[rejected] < degree[rejected]]
        touched[targets] = False
        rounds += 1
        progress("deferred_acceptance", rounds, rounds + (1 if len(free) else 0))
    assignment = np.full(n, -1, dtype=np.int64)
    assignment[edges.seeker[held]] = edges.position[held]
    return assignment


def _canonical(instance: Instance, edges: Edges):
    """Edges laid out by seeker id, then position id (the reference's ties resolve the same whatever the order)."""
    order = np.lexsort((instance.positions.id[edges.position], instance.seekers.id[edges.seeker]))
    return edges.seeker[order], edges.position[order], edges.score[order]


def reference_assignment(instance: Instance, edges: Edges, method: str = "lap",
                         progress: Progress | None = None) -> np.ndarray:
    """The exact maximum-total-score assignment (per seeker index, the position index or -1)."""
    progress = progress or _noop
    n, m = len(instance.seekers), len(instance.positions)
    assignment = np.full(n, -1, dtype=np.int64)
    if not len(edges):
        return assignment
    seeker, position, score = _canonical(instance, edges)
    # A position never uses more places than it has candidates: an exact reduction of the expansion.
    capacity = np.minimum(instance.positions.places.astype(np.int64), np.bincount(position, minlength=m))
    keep = capacity[position] > 0
    seeker, position, score = seeker[keep], position[keep], score[keep]
    if method == "highs":
        return _reference_highs(instance, seeker, position, score, capacity, assignment, progress)
    if method != "lap":
        raise ValueError(f"unknown reference method {method!r}")
    # Rows: the seekers with a candidate, by id. Columns: each position's usable places, by position id, then one
    # dummy column per row ("not placed"), so that every row can be matched.
    rows_seekers = np.unique(seeker)
    rows_seekers = rows_seekers[np.argsort(instance.seekers.id[rows_seekers], kind="stable")]
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[rows_seekers] = np.arange(len(rows_seekers))
    positions_by_id = np.argsort(instance.positions.id, kind="stable")
    offset = np.zeros(m, dtype=np.int64)
    offset[positions_by_id] = np.r_[0, np.cumsum(capacity[positions_by_id])[:-1]]
    places = int(capacity.sum())
    copies = capacity[position]
    repeated = np.repeat(np.arange(len(seeker)), copies)
    within = np.arange(len(repeated)) - np.repeat(np.cumsum(copies) - copies, copies)
    ceiling = float(score.max()) + 1.0
    rows = np.concatenate([row_of[seeker[repeated]], np.arange(len(rows_seekers))])
    cols = np.concatenate([offset[position[repeated]] + within, places + np.arange(len(rows_seekers))])
    costs = np.concatenate([ceiling - score[repeated], np.full(len(rows_seekers), ceiling)])
    del repeated, within
    progress("reference", 0, 1)
    graph = sparse.csr_matrix((costs, (rows, cols)), shape=(len(rows_seekers), places + len(rows_seekers)))
    del rows, cols, costs
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    place_position = np.repeat(positions_by_id, capacity[positions_by_id])
    real = matched_cols < places
    assignment[rows_seekers[matched_rows[real]]] = place_position[matched_cols[real]]
    progress("reference", 1, 1)
    return assignment


def _reference_highs(instance, seeker, position, score, capacity, assignment, progress) -> np.ndarray:
    n, m = len(instance.seekers), len(instance.positions)
    e = len(seeker)
    columns = np.arange(e)
    a = sparse.csr_matrix((np.ones(2 * e), (np.concatenate([seeker, n + position]), np.concatenate([columns] * 2))),
                          shape=(n + m, e))
    bound = np.concatenate([np.ones(n), capacity.astype(np.float64)])
    progress("reference", 0, 1)
    result = linprog(-score, A_ub=a, b_ub=bound, bounds=(0, 1), method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"HiGHS did not solve the reference: {result.message}")
    chosen = result.x > 0.5
    assignment[seeker[chosen]] = position[chosen]
    progress("reference", 1, 1)
    return assignment


def assignment_score(instance: Instance, edges: Edges, assignment: np.ndarray) -> float:
    """The total score of an assignment (each assigned pair's edge score)."""
    key = edges.seeker.astype(np.int64) * len(instance.positions) + edges.position
    chosen = np.flatnonzero(assignment >= 0)
    wanted = chosen * len(instance.positions) + assignment[chosen]
    order = np.argsort(key)
    where = order[np.searchsorted(key, wanted, sorter=order)]
    if not np.array_equal(key[where], wanted):
        raise ValueError("the assignment uses a pair that is not a candidate")
    return float(edges.score[where].sum())


@dataclass(frozen=True)
class Proposals:
    """Who is proposed to which position: rows by position id, allocated first, then by score and seeker id.
    `components` holds each component's points (columns in COMPONENTS order), stored as the reasons."""

    position: np.ndarray
    seeker: np.ndarray
    score: np.ndarray
    allocated: np.ndarray
    rank: np.ndarray
    components: np.ndarray

    def __len__(self) -> int:
        return len(self.seeker)


def proposals(instance: Instance, edges: Edges, assignment: np.ndarray, per_place: int = 3,
              priority: np.ndarray | None = None, weights: Weights = DEFAULT_WEIGHTS) -> Proposals:
    """Up to `per_place` candidates per place for each position: the seekers the allocation assigned to it, then
    the best other candidates not assigned elsewhere. People act on them; nothing is placed."""
    if priority is None:
        priority = position_priority(instance, edges)
    assigned = assignment[edges.seeker]
    allocated = assigned == edges.position
    eligible = np.flatnonzero(allocated | (assigned < 0))
    p_ids = instance.positions.id
    order = eligible[np.lexsort((priority[eligible], ~allocated[eligible], p_ids[edges.position[eligible]]))]
    position = edges.position[order]
    first = np.flatnonzero(np.r_[True, position[1:] != position[:-1]]) if len(order) else np.zeros(0, np.int64)
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    keep = rank < per_place * instance.positions.places[position].astype(np.int64)
    order, rank = order[keep], rank[keep]
    components = score_components(instance, edges.seeker[order], edges.position[order], weights)
    return Proposals(position=edges.position[order], seeker=edges.seeker[order], score=edges.score[order],
                     allocated=allocated[order], rank=rank,
                     components=np.column_stack([components[name] for name in COMPONENTS])
                     if len(order) else np.zeros((0, len(COMPONENTS))))


def instance_digest(instance: Instance) -> str:
    """A digest of the inputs that count (protected attributes are not inputs), independent of row order."""
    digest = hashlib.sha256()
    for side, names in ((instance.seekers, ("id", "isco", "experience_years", "certifications", "test_score",
                                            "languages", "tests", "destinations", "sectors", "minimum_wage",
                                            "available_from", "waiting_days", "consent", "status")),
                        (instance.positions, ("id", "agreement", "isco", "languages", "tests", "pass_mark",
                                              "destination", "sector", "wage", "start_day", "places"))):
        order = np.argsort(side.id, kind="stable")
        for name in names:
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(getattr(side, name)[order]).tobytes())
    seekers = instance.seekers
    order = np.argsort(seekers.id, kind="stable")
    for i in order:
        digest.update(np.sort(seekers.roster_of(i)).tobytes() + b"|")
    return digest.hexdigest()


@dataclass(frozen=True)
class Outcome:
    """One assignment's figures: per seeker index the position index (-1: none), its total score, the seekers
    placed and their share of the seekers with at least one candidate."""

    assignment: np.ndarray
    total_score: float
    placed: int
    share_placed: float


@dataclass
class BatchResult:
    allocation: Outcome
    reference: Outcome | None
    proposals: Proposals
    edges: Edges
    record: dict[str, Any] = field(default_factory=dict)


def _outcome(instance: Instance, edges: Edges, assignment: np.ndarray) -> Outcome:
    pool = len(np.unique(edges.seeker))
    placed = int((assignment >= 0).sum())
    return Outcome(assignment, assignment_score(instance, edges, assignment), placed, placed / pool if pool else 0.0)


def run_batch(instance: Instance, *, reference: str | None = "lap", per_place: int = 3,
              weights: Weights = DEFAULT_WEIGHTS, progress: Progress | None = None) -> BatchResult:
    """Filters, scores, deferred acceptance, optionally the exact reference ("lap" or "highs"), and proposals;
    with a record of the inputs, the algorithm, its version and the time each step took."""
    progress = progress or _noop
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    edges = candidate_edges(instance, weights, progress)
    seconds["edges"] = time.perf_counter() - clock
    clock = time.perf_counter()
    priority = position_priority(instance, edges)
    allocation = _outcome(instance, edges, deferred_acceptance(instance, edges, priority, progress))
    seconds["deferred_acceptance"] = time.perf_counter() - clock
    exact = None
    if reference:
        clock = time.perf_counter()
        exact = _outcome(instance, edges, reference_assignment(instance, edges, reference, progress))
        seconds["reference"] = time.perf_counter() - clock
    clock = time.perf_counter()
    proposed = proposals(instance, edges, allocation.assignment, per_place, priority, weights)
    seconds["proposals"] = time.perf_counter() - clock
    record = {
        "engine_version": ENGINE_VERSION,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "algorithm": "worker-proposing deferred acceptance with capacities",
        "reference": {"lap": "scipy.sparse.csgraph.min_weight_full_bipartite_matching",
                      "highs": "scipy.optimize.linprog (HiGHS dual simplex)"}.get(reference or ""),
        "inputs": {"seekers": len(instance.seekers), "positions": len(instance.positions),
                   "places": int(instance.positions.places.sum()), "edges": len(edges),
                   "digest": instance_digest(instance)},
        "parameters": {"per_place": per_place, "weights": weights.as_dict()},
        "results": {"allocation": {"total_score": allocation.total_score, "placed": allocation.placed,
                                   "share_placed": allocation.share_placed},
                    "reference": None if exact is None else {
                        "total_score": exact.total_score, "placed": exact.placed, "share_placed": exact.share_placed},
                    "proposals": len(proposed)},
        "seconds": seconds,
    }
    return BatchResult(allocation, exact, proposed, edges, record)
