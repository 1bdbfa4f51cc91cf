"""Small matching instances for the engine's tests: rows as dicts over defaults that qualify, and random ones."""

from __future__ import annotations

import numpy as np

from coordination.matching.engine.model import AVAILABLE, Instance, Positions, Seekers, bits, csr_from_lists

SEEKER = {
    "isco": 7112, "experience_years": 3.0, "certifications": 1, "test_score": 150.0, "languages": bits([0, 2]),
    "tests": bits([0, 1]), "destinations": bits([3]), "sectors": bits([5]), "minimum_wage": 500.0,
    "available_from": 10, "roster": [1], "waiting_days": 90, "consent": True, "status": AVAILABLE,
}
POSITION = {
    "agreement": 1, "isco": 7112, "languages": bits([0, 2]), "tests": bits([0]), "pass_mark": 120.0,
    "destination": 3, "sector": 5, "wage": 800.0, "start_day": 30, "places": 1,
}
PROTECTED = {"sex": "F", "gender_identity": "woman", "ethnicity": "khmer", "religion": "buddhist",
             "marital_status": "single", "pregnancy": False, "disability": False, "age": 25,
             "date_of_birth": "2001-01-01"}


def make(seekers: list[dict], positions: list[dict]) -> Instance:
    """An instance from rows (each a dict of overrides over SEEKER / POSITION; ids 1, 2, … unless given)."""
    srows = [{**SEEKER, "id": index + 1, **PROTECTED, **row} for index, row in enumerate(seekers)]
    prows = [{**POSITION, "id": index + 1, **row} for index, row in enumerate(positions)]
    indptr, indices = csr_from_lists([row["roster"] for row in srows])
    columns = {name: [row[name] for row in srows] for name in SEEKER if name != "roster"}
    return Instance(
        Seekers(id=[row["id"] for row in srows], roster_indptr=indptr, roster_agreements=indices,
                protected={name: np.array([row[name] for row in srows]) for name in PROTECTED}, **columns),
        Positions(**{name: [row[name] for row in prows] for name in ("id", *POSITION)}))


def random_instance(rng: np.random.Generator, n: int, m: int, *, agreements: int = 2, max_places: int = 3,
                    ties: bool = False) -> Instance:
    """A random instance dense enough that seekers compete: few occupations, agreements and preferences.
    `ties`: scores and wages on a coarse grid, so that many pairs tie and the id tie-breaks matter."""
    units = np.array([7112, 7113, 7121, 7212, 7213])
    seekers = [{
        "id": int(i * 3 + 2),
        "isco": int(rng.choice(units)),
        "experience_years": float(rng.integers(0, 4) * 2 if ties else rng.uniform(0, 12)),
        "certifications": int(rng.integers(0, 3)),
        "test_score": float(rng.choice([130, 170]) if ties else rng.uniform(90, 200)),
        "languages": bits([0, 2]) if rng.random() < 0.85 else bits([0]),
        "tests": bits([0, 1]),
        "destinations": bits([3]) if rng.random() < 0.5 else 0,
        "sectors": bits([5, 6]) if rng.random() < 0.5 else 0,
        "minimum_wage": float(rng.choice([400, 600]) if ties else rng.uniform(300, 900)),
        "available_from": int(rng.integers(0, 40)),
        "roster": sorted({int(a) for a in rng.integers(1, agreements + 1, rng.integers(1, 3))}),
        "waiting_days": int(rng.choice([0, 60]) if ties else rng.integers(0, 400)),
        "consent": bool(rng.random() < 0.95),
        "status": AVAILABLE,
        "sex": str(rng.choice(["F", "M"])),
    } for i in range(n)]
    positions = [{
        "id": int(j * 5 + 1),
        "agreement": int(rng.integers(1, agreements + 1)),
        "isco": int(rng.choice(units)),
        "languages": bits([0, 2]) if rng.random() < 0.5 else bits([0]),
        "tests": bits([0]),
        "pass_mark": float(rng.choice([0, 100, 120])),
        "destination": int(rng.choice([3, 4])),
        "sector": int(rng.choice([5, 6, 7])),
        "wage": float(rng.choice([700, 900]) if ties else rng.uniform(500, 1500)),
        "start_day": int(rng.integers(20, 60)),
        "places": int(rng.integers(1, max_places + 1)),
    } for j in range(m)]
    return make(seekers, positions)


def shuffled(instance: Instance, rng: np.random.Generator) -> Instance:
    return instance.take(rng.permutation(len(instance.seekers)), rng.permutation(len(instance.positions)))


def by_id(instance: Instance, assignment: np.ndarray) -> dict[int, int]:
    """An assignment (per seeker index, position index or -1) as seeker id → position id."""
    return {int(instance.seekers.id[i]): int(instance.positions.id[j]) for i, j in enumerate(assignment) if j >= 0}
