"""The quota rule: which quota a position draws from. One rule, used by screening, approval, the return of
unused quota and the quota page.

An agreement version sets quota rows (mou.models.Quota): year × sector (ISIC section or division) ×
optional occupation (ISCO-08, any level), each with a cap and the clause it comes from. Each row is its
own pool, counted apart from every other in one QuotaUse(agreement, year, sector, occupation) row.

A position draws from the most specific row that covers it:
  1. the row for its sector and its occupation — or the nearest ISCO group above it (a row for 711
     covers 7112; a row for 7112 wins over one for 711),
  2. else the sector-wide row (no occupation) of its sector,
  3. else, for an ISIC division, the same two steps on its section.
A position no row covers has no quota: screening reports it (`quota_missing`) and approval refuses.
Per-occupation rows are not summed into a sector cap, and a sector-wide row does not count the workers
of occupations that have their own row.

Everything here works on rows already loaded (screening reads them from the prefetched version), so
looking a position up issues no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mou.models import AgreementVersion, Quota
from mou.predicates import occupation_chain, sector_chain

# A pool's identity, the same in every version of an agreement: (sector id, occupation id or None).
PoolKey = tuple[int, int | None]


@dataclass(frozen=True)
class Pool:
    """One quota row of a version for a year: what positions covered by it draw from."""

    sector: Any  # reference.Sector (code, title)
    occupation: Any | None  # reference.Occupation (code, title); None for a sector-wide row
    cap: int
    clause: str

    @property
    def key(self) -> PoolKey:
        return pool_key(self.sector.pk, getattr(self.occupation, "pk", None))

    @property
    def sort_key(self) -> tuple[str, str]:
        return pool_sort_key(self.sector.code, getattr(self.occupation, "code", None))


def pool_key(sector_id: int, occupation_id: int | None) -> PoolKey:
    return (sector_id, occupation_id)


def pool_sort_key(sector_code: str, occupation_code: str | None) -> tuple[str, str]:
    """Pools in a fixed order: by sector code, the sector-wide row first, then by occupation code."""
    return (sector_code, occupation_code or "")


def pool_label(year: int, sector_code: str, occupation_code: str | None) -> str:
    """How audit events name a pool: "2027 C" or "2027 C 7531"."""
    return f"{year} {sector_code}" + (f" {occupation_code}" if occupation_code else "")


class QuotaBook:
    """The quota rows of one agreement version for one year, and the rule that picks a position's pool."""

    def __init__(self, rows: Iterable[Quota], year: int) -> None:
        self.year = year
        self.pools: dict[PoolKey, Pool] = {}
        self._by_sector: dict[int, list[Pool]] = {}
        for row in rows:
            if row.year != year:
                continue
            pool = Pool(sector=row.sector, occupation=row.occupation, cap=row.cap, clause=row.clause)
            same = self.pools.get(pool.key)
            if same is not None:  # duplicate sector-wide rows (NULLs are distinct in SQL): one pool, caps added
                pool = Pool(sector=same.sector, occupation=None, cap=same.cap + pool.cap,
                            clause=same.clause or pool.clause)
                self._by_sector[row.sector_id].remove(same)
            self.pools[pool.key] = pool
            self._by_sector.setdefault(row.sector_id, []).append(pool)
        self._cache: dict[tuple[int, int | None, str], Pool | None] = {}

    @classmethod
    def load(cls, version: AgreementVersion | None, year: int) -> QuotaBook:
        """One query: the version's rows for the year (no rows when there is no version)."""
        if version is None:
            return cls([], year)
        return cls(Quota.objects.filter(version=version, year=year).select_related("sector", "occupation"), year)

    def __bool__(self) -> bool:
        return bool(self.pools)

    def pool_for(self, sector: Any, occupation_code: str) -> Pool | None:
        """The pool a position in `sector` (anything with pk and parent_id) of this occupation draws from."""
        key = (sector.pk, sector.parent_id, occupation_code)
        if key not in self._cache:
            self._cache[key] = self._find(sector, occupation_code)
        return self._cache[key]

    def _find(self, sector: Any, occupation_code: str) -> Pool | None:
        chain = occupation_chain(occupation_code)
        for sector_id in sector_chain(sector):  # its own rows, then (a division) its section's
            pools = self._by_sector.get(sector_id, [])
            # The longest ISCO-08 code that covers the occupation is the most specific.
            by_code = {p.occupation.code: p for p in pools if p.occupation is not None}
            specific = next((by_code[code] for code in chain if code in by_code), None)
            if specific is not None:
                return specific
            wide = next((p for p in pools if p.occupation is None), None)
            if wide is not None:
                return wide
        return None

    def occupation_pools_near(self, sector: Any) -> list[Pool]:
        """The per-occupation pools of a sector (and its section) — what to suggest when none covers a position."""
        pools = [p for sid in sector_chain(sector) for p in self._by_sector.get(sid, []) if p.occupation is not None]
        return sorted(pools, key=lambda p: p.sort_key)
