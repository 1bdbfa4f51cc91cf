"""The two interactive uses: candidates for one position (agencies, employers) and positions for one seeker
(counsellors at events, with "nearly qualifies: missing X"). Both are vectorised over the other side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Instance
from .scoring import (
    DEFAULT_WEIGHTS,
    Reason,
    Weights,
    filter_masks,
    passes,
    score_components,
    score_reasons,
    total,
    unmet,
)


@dataclass(frozen=True)
class Ranked:
    """One ranked result: the other side's id, the score, its reasons (components), and, for a position a seeker
    nearly qualifies for, the filters unmet (`missing`, empty for a qualifying one)."""

    id: int
    score: float
    reasons: list[Reason]
    missing: list[Reason]


def _top(score: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best by score, ties by the lower id: deterministic whatever the row order."""
    if len(score) > k:
        # Everything scoring at least the k-th best is kept (so that ties at the cut are resolved by id).
        cut = np.partition(score, len(score) - k)[len(score) - k]
        keep = np.flatnonzero(score >= cut)
    else:
        keep = np.arange(len(score))
    order = np.lexsort((ids[keep], -score[keep]))
    return keep[order[:k]]


def candidates_for_position(instance: Instance, j: int, k: int = 50,
                            weights: Weights = DEFAULT_WEIGHTS) -> list[Ranked]:
    """The k best qualifying seekers for position index j, ranked by score (ties by seeker id), with reasons."""
    s, p = instance.seekers, instance.positions
    pool = s.by_agreement.get(int(p.agreement[j]))
    if pool is None or not len(pool) or p.places[j] <= 0:
        return []
    jj = np.full(len(pool), j)
    ok = passes(filter_masks(instance, pool, jj, roster_known=True))
    pool = pool[ok]
    if not len(pool):
        return []
    jj = jj[: len(pool)]
    components = score_components(instance, pool, jj, weights)
    score = total(components)
    best = _top(score, s.id[pool], k)
    return [Ranked(int(s.id[pool[b]]), float(score[b]),
                   score_reasons(instance, int(pool[b]), j, components, b), []) for b in best]


def positions_for_seeker(instance: Instance, i: int, k: int = 50, nearly: bool = True, max_missing: int = 1,
                         weights: Weights = DEFAULT_WEIGHTS) -> tuple[list[Ranked], list[Ranked]]:
    """The k best positions seeker index i qualifies for (ranked by score, ties by position id) and, when `nearly`,
    the k best it nearly qualifies for: at most `max_missing` filters unmet, each with what is missing."""
    p = instance.positions
    open_ = np.flatnonzero(p.places > 0)
    ii = np.full(len(open_), i)
    failed = filter_masks(instance, ii, open_)
    misses = np.zeros(len(open_), dtype=np.int32)
    for mask in failed.values():
        misses += mask
    components = score_components(instance, ii, open_, weights)
    score = total(components)
    ids = p.id[open_]

    def ranked(where: np.ndarray, with_missing: bool) -> list[Ranked]:
        best = where[_top(score[where], ids[where], k)]
        return [Ranked(int(ids[b]), float(score[b]), score_reasons(instance, i, int(open_[b]), components, b),
                       unmet(instance, i, int(open_[b]), failed, b) if with_missing else []) for b in best]

    qualifying = ranked(np.flatnonzero(misses == 0), False)
    near = ranked(np.flatnonzero((misses > 0) & (misses <= max_missing)), True) if nearly else []
    return qualifying, near
