"""Selection rates by group and the impact ratio against the best-served group, with the four-fifths rule:
a group whose rate is below 4/5 of the best group's is flagged (adverse impact)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class GroupRate:
    group: str
    considered: int
    selected: int
    rate: float
    impact_ratio: float | None   # rate / the best group's rate (None when no group was selected)
    flagged: bool                # impact ratio below four fifths


def selection_rates(groups: np.ndarray, selected: np.ndarray, considered: np.ndarray | None = None,
                    threshold: float = FOUR_FIFTHS) -> list[GroupRate]:
    """Per group (e.g. sex), of the seekers considered (default: all), how many were selected, the rate, and the
    impact ratio against the best-served group; groups ordered by their label."""
    groups = np.asarray(groups).astype(str)
    selected = np.asarray(selected, dtype=bool)
    considered = np.ones(len(groups), dtype=bool) if considered is None else np.asarray(considered, dtype=bool)
    labels = np.unique(groups[considered])
    counts = [(label, int((considered & (groups == label)).sum()),
               int((considered & selected & (groups == label)).sum())) for label in labels]
    rates = {label: chosen / total for label, total, chosen in counts if total}
    best = max(rates.values(), default=0.0)
    report = []
    for label, total, chosen in counts:
        rate = rates[label]
        ratio = rate / best if best > 0 else None
        report.append(GroupRate(str(label), total, chosen, rate, ratio, ratio is not None and ratio < threshold))
    return report
