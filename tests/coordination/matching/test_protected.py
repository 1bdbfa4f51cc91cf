"""Sex, gender identity, ethnicity, religion, marital status, pregnancy, disability and age are never inputs:
changing them on every seeker changes nothing in any of the three uses."""

from __future__ import annotations

import dataclasses

import numpy as np

from coordination.matching.engine.batch import run_batch
from coordination.matching.engine.model import PROTECTED
from coordination.matching.engine.queries import candidates_for_position, positions_for_seeker

from .helpers import random_instance


def _changed(instance, rng):
    seekers = instance.seekers
    n = len(seekers)
    protected = {
        "sex": rng.choice(np.array(["F", "M", "X"]), n), "gender_identity": rng.choice(np.array(["a", "b"]), n),
        "ethnicity": rng.integers(0, 9, n), "religion": rng.integers(0, 9, n),
        "marital_status": rng.integers(0, 4, n), "pregnancy": rng.random(n) < 0.5,
        "disability": rng.random(n) < 0.5, "age": rng.integers(16, 70, n),
        "date_of_birth": rng.integers(0, 20000, n).astype(str)}
    assert set(protected) == set(PROTECTED)
    for name in PROTECTED:
        assert not np.array_equal(np.asarray(seekers.protected[name]).astype(str), protected[name].astype(str))
    return dataclasses.replace(instance, seekers=dataclasses.replace(seekers, protected=protected))


def test_changing_every_protected_attribute_changes_no_result() -> None:
    rng = np.random.default_rng(42)
    instance = random_instance(rng, 60, 10)
    other = _changed(instance, rng)
    for j in range(len(instance.positions)):
        assert candidates_for_position(instance, j) == candidates_for_position(other, j)
    for i in range(len(instance.seekers)):
        assert positions_for_seeker(instance, i) == positions_for_seeker(other, i)
    first, second = run_batch(instance), run_batch(other)
    assert np.array_equal(first.allocation.assignment, second.allocation.assignment)
    assert np.array_equal(first.reference.assignment, second.reference.assignment)
    for field in ("position", "seeker", "score", "allocated", "components"):
        assert np.array_equal(getattr(first.proposals, field), getattr(second.proposals, field))
    assert first.record["inputs"] == second.record["inputs"]
    assert first.allocation.placed > 0
