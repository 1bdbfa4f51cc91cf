"""Benchmark: the matching engine (issue #11 §6) on a synthetic instance.

Run: `.venv/bin/python bench/matching.py` (full size: 200,000 seekers; 20,000 positions with 100,000 places).
`MATCHING_BENCH_SCALE=0.1` runs a tenth of that (seekers, positions and places alike). No database: the engine is
plain NumPy/SciPy and the instance is generated in memory.

Measured: the batch allocation (filters, scoring and deferred acceptance, proposals) — target ≤ 30 s; the same
with the exact reference (scipy's min_weight_full_bipartite_matching on the places) — ≤ 120 s in all; the peak
resident memory of the process (≤ 12 GB); both total scores and the share of seekers placed by each; and, warm,
the p95 of the top 50 positions for one seeker (≤ 50 ms) and of candidates for one position (≤ 100 ms).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coordination.matching.engine.batch import run_batch  # noqa: E402
from coordination.matching.engine.fairness import selection_rates  # noqa: E402
from coordination.matching.engine.model import AVAILABLE, DEPLOYED, SELECTED, Instance, Positions, Seekers  # noqa: E402
from coordination.matching.engine.queries import candidates_for_position, positions_for_seeker  # noqa: E402

AGREEMENTS = 16
DESTINATIONS = 8          # agreement a recruits for destination a % 8
SECTORS = 10
# The ISCO-08 sub-major groups most labour-migration demand falls in, two minor groups each, two unit groups each.
SUB_MAJORS = (51, 53, 61, 71, 72, 75, 81, 83, 91, 93)
UNITS = np.array([sub * 100 + minor * 10 + unit for sub in SUB_MAJORS for minor in (1, 2) for unit in (1, 2)])
QUERIES = 200


def make_instance(n_seekers: int = 200_000, n_positions: int = 20_000, n_places: int = 100_000,
                  seed: int = 11) -> Instance:
    rng = np.random.default_rng(seed)
    n = n_seekers
    weights = rng.dirichlet(np.full(len(UNITS), 2.0))
    isco = rng.choice(UNITS, size=n, p=weights)
    languages = (1 | (rng.random(n) < 0.3) << 1 | (rng.random(n) < 0.25) << 2 | (rng.random(n) < 0.15) << 3
                 | (rng.random(n) < 0.2) << 4).astype(np.uint64)
    tests = ((rng.random(n) < 0.45) | (rng.random(n) < 0.35) << 1 | (rng.random(n) < 0.85) << 2).astype(np.uint64)
    destinations = np.zeros(n, dtype=np.uint64)
    stated = rng.random(n) < 0.6
    for _ in range(3):
        pick = stated & (rng.random(n) < 0.7)
        destinations[pick] |= (np.uint64(1) << rng.integers(0, DESTINATIONS, n).astype(np.uint64))[pick]
    sectors = np.zeros(n, dtype=np.uint64)
    stated = rng.random(n) < 0.5
    for _ in range(3):
        pick = stated & (rng.random(n) < 0.7)
        sectors[pick] |= (np.uint64(1) << rng.integers(0, SECTORS, n).astype(np.uint64))[pick]
    rostered = rng.random(n) < 0.85
    count = np.where(rostered, 1 + (rng.random(n) < 0.3), 0)
    first = rng.integers(0, AGREEMENTS, n)
    second = (first + rng.integers(1, AGREEMENTS, n)) % AGREEMENTS
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(count, out=indptr[1:])
    indices = np.empty(indptr[-1], dtype=np.int32)
    indices[indptr[:-1][count >= 1]] = first[count >= 1]
    two = count == 2
    pair = np.sort(np.column_stack([first[two], second[two]]), axis=1)
    indices[indptr[:-1][two]] = pair[:, 0]
    indices[indptr[:-1][two] + 1] = pair[:, 1]
    status = np.where(rng.random(n) < 0.95, AVAILABLE, np.where(rng.random(n) < 0.5, SELECTED, DEPLOYED))
    seekers = Seekers(
        id=rng.permutation(np.arange(1, n + 1)) * 7 + 3, isco=isco,
        experience_years=np.round(rng.gamma(2.0, 2.0, n), 1), certifications=rng.poisson(0.8, n),
        test_score=np.clip(rng.normal(130, 30, n), 0, 200).round(), languages=languages, tests=tests,
        destinations=destinations, sectors=sectors, minimum_wage=rng.uniform(250, 1100, n).round(),
        available_from=rng.integers(0, 180, n), roster_indptr=indptr, roster_agreements=indices,
        waiting_days=rng.integers(0, 540, n), consent=rng.random(n) < 0.95, status=status,
        protected={"sex": rng.choice(np.array(["F", "M"]), n), "age": rng.integers(18, 45, n),
                   "religion": rng.integers(0, 4, n), "disability": rng.random(n) < 0.03})
    m = n_positions
    places = 1 + rng.geometric(1.0 / max(n_places / m, 1.0), m) - 1
    places = np.maximum(1, np.round(places * (n_places / places.sum()))).astype(np.int64)
    places[rng.integers(0, m)] += n_places - places.sum()
    agreement = rng.integers(0, AGREEMENTS, m)
    destination = agreement % DESTINATIONS
    language_of = np.array([2, 3, 4, 1, 2, 3, 4, 1])  # the destination's language bit (1: English)
    required = (1 | np.where(rng.random(m) < 0.5, 1 << language_of[destination], 0)).astype(np.uint64)
    eps = rng.random(m) < 0.35
    position_tests = (eps | (rng.random(m) < 0.25) << 1 | (rng.random(m) < 0.7) << 2).astype(np.uint64)
    positions = Positions(
        id=rng.permutation(np.arange(1, m + 1)) * 5 + 1, agreement=agreement,
        isco=rng.choice(UNITS, size=m, p=weights), languages=required, tests=position_tests,
        pass_mark=np.where(eps, rng.integers(80, 140, m), 0), destination=destination,
        sector=rng.integers(0, SECTORS, m), wage=rng.uniform(400, 2000, m).round(),
        start_day=rng.integers(30, 240, m), places=places)
    return Instance(seekers, positions)


def _p95(function, arguments) -> float:
    times = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return float(np.percentile(times, 95)) * 1000


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    scale = float(os.environ.get("MATCHING_BENCH_SCALE", "1"))
    sizes = int(200_000 * scale), int(20_000 * scale), int(100_000 * scale)
    start = time.perf_counter()
    instance = make_instance(*sizes)
    print(f"instance: {sizes[0]:,} seekers, {sizes[1]:,} positions, {int(instance.positions.places.sum()):,} "
          f"places, generated in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    allocation = run_batch(instance, reference=None)
    batch_seconds = time.perf_counter() - start
    print(f"batch allocation (filters, scoring, deferred acceptance, proposals): {batch_seconds:.1f} s "
          f"{ {k: round(v, 2) for k, v in allocation.record['seconds'].items()} }; "
          f"{len(allocation.edges):,} candidate edges, {len(allocation.proposals):,} proposals")

    start = time.perf_counter()
    both = run_batch(instance, reference="lap")
    all_seconds = time.perf_counter() - start
    print(f"with the exact reference: {all_seconds:.1f} s in all "
          f"{ {k: round(v, 2) for k, v in both.record['seconds'].items()} }")
    for name, outcome in (("deferred acceptance", both.allocation), ("exact reference", both.reference)):
        print(f"  {name}: total score {outcome.total_score:,.1f}, placed {outcome.placed:,} "
              f"({outcome.share_placed:.1%} of the {len(np.unique(both.edges.seeker)):,} seekers with a candidate)")
    pool = np.zeros(len(instance.seekers), dtype=bool)
    pool[both.edges.seeker] = True
    for rate in selection_rates(instance.seekers.protected["sex"], both.allocation.assignment >= 0, pool):
        print(f"  fairness, sex {rate.group}: {rate.selected:,}/{rate.considered:,} = {rate.rate:.3f}, "
              f"impact ratio {rate.impact_ratio:.3f}{' (below four fifths)' if rate.flagged else ''}")

    rng = np.random.default_rng(5)
    seekers = rng.choice(np.flatnonzero(pool), QUERIES, replace=False)
    positions = rng.choice(len(instance.positions), QUERIES, replace=False)
    for i in seekers[:10]:
        positions_for_seeker(instance, int(i), 50)
    for j in positions[:10]:
        candidates_for_position(instance, int(j), 50)
    seeker_p95 = _p95(lambda i: positions_for_seeker(instance, int(i), 50), seekers)
    position_p95 = _p95(lambda j: candidates_for_position(instance, int(j), 50), positions)
    print(f"top 50 positions for one seeker (with nearly qualifies), warm: p95 {seeker_p95:.1f} ms")
    print(f"candidates for one position (top 50), warm: p95 {position_p95:.1f} ms")
    print(f"peak resident memory: {_peak_gb():.2f} GB")


if __name__ == "__main__":
    main()
