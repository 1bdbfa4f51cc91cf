"""The engine's inputs, as columns: one NumPy array per attribute, one row per seeker or position.

Codes are the caller's: an agreement is an integer id, a language, a test, a destination country or a sector is a
bit index (0–63) the caller assigns, an ISCO-08 occupation is its four-digit unit-group code as an integer
(7112; 0 for none), days are integers from any fixed origin, wages are in one currency per instance.

Protected attributes (`PROTECTED`) may be carried in `Seekers.protected` for the fairness report. No filter and
no score reads them: `scoring` reads only the named columns below, and a test changes every protected attribute
of every seeker and asserts identical results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

# Never inputs to a filter or a score (issue #11 §1).
PROTECTED = (
    "sex", "gender_identity", "ethnicity", "religion", "marital_status", "pregnancy", "disability", "age",
    "date_of_birth",
)

# Seeker status: only an available seeker can be matched (not already selected or deployed).
AVAILABLE, SELECTED, DEPLOYED = 0, 1, 2


def csr_from_lists(lists: Sequence[Sequence[int] | np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, indices) of a ragged list of integer lists, each row's values sorted and unique."""
    rows = [np.unique(np.asarray(values, dtype=np.int64)) for values in lists]
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, dtype=np.int32)
    return indptr, indices


def bits(indices: Sequence[int]) -> int:
    """The bitmask of a set of bit indices (languages, tests, destinations, sectors)."""
    mask = 0
    for index in indices:
        if not 0 <= index < 64:
            raise ValueError(f"bit index {index} is outside 0..63")
        mask |= 1 << index
    return mask


def bit_indices(mask: int) -> list[int]:
    """The bit indices set in a mask, ascending."""
    mask = int(mask)
    return [index for index in range(64) if mask >> index & 1]


def _column(values, dtype, n: int | None, name: str) -> np.ndarray:
    array = np.ascontiguousarray(np.asarray(values, dtype=dtype))
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} rows, expected {n}")
    return array


@dataclass(eq=False)
class Seekers:
    """Job seekers, one row each.

    `languages` and `tests` are the bitmasks of languages spoken and tests passed; `test_score` the seeker's
    score on the language test the positions set a pass mark on. `destinations` and `sectors` are the stated
    preferences as bitmasks (0: none stated, any fits). `roster_indptr`/`roster_agreements` list, per seeker, the
    agreements whose roster the seeker is on, vetted (CSR). `consent` is whether consent to matching is active.
    """

    id: np.ndarray
    isco: np.ndarray
    experience_years: np.ndarray
    certifications: np.ndarray
    test_score: np.ndarray
    languages: np.ndarray
    tests: np.ndarray
    destinations: np.ndarray
    sectors: np.ndarray
    minimum_wage: np.ndarray
    available_from: np.ndarray
    roster_indptr: np.ndarray
    roster_agreements: np.ndarray
    waiting_days: np.ndarray
    consent: np.ndarray
    status: np.ndarray
    protected: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = _column(self.id, np.int64, None, "id")
        n = len(self.id)
        self.isco = _column(self.isco, np.int32, n, "isco")
        self.experience_years = _column(self.experience_years, np.float64, n, "experience_years")
        self.certifications = _column(self.certifications, np.int32, n, "certifications")
        self.test_score = _column(self.test_score, np.float64, n, "test_score")
        self.languages = _column(self.languages, np.uint64, n, "languages")
        self.tests = _column(self.tests, np.uint64, n, "tests")
        self.destinations = _column(self.destinations, np.uint64, n, "destinations")
        self.sectors = _column(self.sectors, np.uint64, n, "sectors")
        self.minimum_wage = _column(self.minimum_wage, np.float64, n, "minimum_wage")
        self.available_from = _column(self.available_from, np.int32, n, "available_from")
        self.roster_indptr = _column(self.roster_indptr, np.int64, n + 1, "roster_indptr")
        self.roster_agreements = _column(self.roster_agreements, np.int32, None, "roster_agreements")
        self.waiting_days = _column(self.waiting_days, np.int32, n, "waiting_days")
        self.consent = _column(self.consent, bool, n, "consent")
        self.status = _column(self.status, np.int8, n, "status")
        if self.roster_indptr[0] != 0 or self.roster_indptr[-1] != len(self.roster_agreements):
            raise ValueError("roster_indptr does not span roster_agreements")
        if len(np.unique(self.id)) != n:
            raise ValueError("seeker ids must be unique")
        unknown = set(self.protected) - set(PROTECTED)
        if unknown:
            raise ValueError(f"not a protected attribute: {sorted(unknown)}")
        self.protected = {name: np.asarray(values) for name, values in self.protected.items()}

    def __len__(self) -> int:
        return len(self.id)

    def roster_of(self, i: int) -> np.ndarray:
        return self.roster_agreements[self.roster_indptr[i]:self.roster_indptr[i + 1]]

    @cached_property
    def roster_rows(self) -> np.ndarray:
        """The seeker index of each roster entry (aligned with roster_agreements)."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.roster_indptr))

    @cached_property
    def roster_keys(self) -> np.ndarray:
        """Sorted `seeker_index << 32 | agreement` keys: membership of any (seeker, agreement) pair by bisection."""
        return np.sort(self.roster_rows << 32 | self.roster_agreements.astype(np.int64))

    @cached_property
    def by_agreement(self) -> dict[int, np.ndarray]:
        """Agreement id → the indices of the seekers on its roster, ascending."""
        order = np.argsort(self.roster_agreements, kind="stable")
        agreements = self.roster_agreements[order]
        rows = self.roster_rows[order]
        cuts = np.flatnonzero(np.diff(agreements)) + 1
        return {int(group[0]): seekers for group, seekers in
                zip(np.split(agreements, cuts), np.split(rows, cuts), strict=True) if len(group)}

    @cached_property
    def index(self) -> dict[int, int]:
        return {int(seeker_id): i for i, seeker_id in enumerate(self.id)}


@dataclass(eq=False)
class Positions:
    """Open positions, one row each: the agreement it recruits under, its ISCO-08 unit group, the languages and
    tests required (bitmasks), the pass mark on the language test (0: none), the destination and sector (bit
    indices), the offered wage, the start day and the number of places."""

    id: np.ndarray
    agreement: np.ndarray
    isco: np.ndarray
    languages: np.ndarray
    tests: np.ndarray
    pass_mark: np.ndarray
    destination: np.ndarray
    sector: np.ndarray
    wage: np.ndarray
    start_day: np.ndarray
    places: np.ndarray

    def __post_init__(self) -> None:
        self.id = _column(self.id, np.int64, None, "id")
        n = len(self.id)
        self.agreement = _column(self.agreement, np.int32, n, "agreement")
        self.isco = _column(self.isco, np.int32, n, "isco")
        self.languages = _column(self.languages, np.uint64, n, "languages")
        self.tests = _column(self.tests, np.uint64, n, "tests")
        self.pass_mark = _column(self.pass_mark, np.float64, n, "pass_mark")
        self.destination = _column(self.destination, np.int32, n, "destination")
        self.sector = _column(self.sector, np.int32, n, "sector")
        self.wage = _column(self.wage, np.float64, n, "wage")
        self.start_day = _column(self.start_day, np.int32, n, "start_day")
        self.places = _column(self.places, np.int32, n, "places")
        if len(np.unique(self.id)) != n:
            raise ValueError("position ids must be unique")
        if (self.places < 0).any():
            raise ValueError("places cannot be negative")
        for name in ("destination", "sector"):
            values = getattr(self, name)
            if ((values < 0) | (values > 63)).any():
                raise ValueError(f"{name} must be a bit index 0..63")

    def __len__(self) -> int:
        return len(self.id)

    @cached_property
    def index(self) -> dict[int, int]:
        return {int(position_id): j for j, position_id in enumerate(self.id)}


@dataclass(eq=False)
class Instance:
    """One matching problem: the seekers and the open positions."""

    seekers: Seekers
    positions: Positions

    def take(self, seeker_order: np.ndarray | None = None, position_order: np.ndarray | None = None) -> Instance:
        """The same problem with the rows in another order (or a subset): tests of order independence use it."""
        s, p = self.seekers, self.positions
        if seeker_order is not None:
            order = np.asarray(seeker_order, dtype=np.int64)
            rosters = [s.roster_of(i) for i in order]
            indptr, indices = csr_from_lists(rosters)
            s = Seekers(
                id=s.id[order], isco=s.isco[order], experience_years=s.experience_years[order],
                certifications=s.certifications[order], test_score=s.test_score[order],
                languages=s.languages[order], tests=s.tests[order], destinations=s.destinations[order],
                sectors=s.sectors[order], minimum_wage=s.minimum_wage[order],
                available_from=s.available_from[order], roster_indptr=indptr, roster_agreements=indices,
                waiting_days=s.waiting_days[order], consent=s.consent[order], status=s.status[order],
                protected={name: values[order] for name, values in s.protected.items()})
        if position_order is not None:
            order = np.asarray(position_order, dtype=np.int64)
            p = Positions(**{name: getattr(p, name)[order] for name in (
                "id", "agreement", "isco", "languages", "tests", "pass_mark", "destination", "sector", "wage",
                "start_day", "places")})
        return Instance(s, p)
