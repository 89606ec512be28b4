"""Vectorised checks of an allocation: validity and blocking pairs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .generation import PreferenceTable
from .placement import Allocation, position_ranks


@dataclass
class StabilityReport:
    """Outcome of ``find_blocking_pairs``.

    ``blocking_candidates[i]`` and ``blocking_positions[i]`` form a blocking pair:
    both listed each other, the candidate prefers the position to their outcome,
    and the position has a free slot or ranks the candidate above one it holds.
    ``over_capacity`` lists positions holding more than their capacity and
    ``invalid_candidates`` those assigned to a position absent from their list.
    """

    blocking_candidates: np.ndarray
    blocking_positions: np.ndarray
    over_capacity: np.ndarray
    invalid_candidates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def ok(self) -> bool:
        """True when the allocation is valid and has no blocking pair."""
        return not (
            len(self.blocking_candidates) or len(self.over_capacity) or len(self.invalid_candidates)
        )

    def to_dict(self, limit: int = 100) -> dict[str, object]:
        """Counts plus up to ``limit`` example ids, as plain Python values."""
        return {
            "ok": self.ok,
            "blocking_pairs": len(self.blocking_candidates),
            "examples": list(
                zip(
                    self.blocking_candidates[:limit].tolist(),
                    self.blocking_positions[:limit].tolist(),
                    strict=True,
                )
            ),
            "over_capacity": self.over_capacity[:limit].tolist(),
            "invalid_candidates": self.invalid_candidates[:limit].tolist(),
        }


def find_blocking_pairs(
    table: PreferenceTable, capacity: np.ndarray, allocation: Allocation
) -> StabilityReport:
    """Check ``allocation`` against ``table`` and capacities; report every blocking pair.

    Runs in O(number of pairs) with array operations (no loop over pairs).
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    cand = table.cand.astype(np.int64)
    pos = table.pos.astype(np.int64)
    placed = np.flatnonzero(allocation.position >= 0)
    pair = allocation.pair[placed]
    valid = (pair >= 0) & (pair < len(pos))
    ok_pair = valid.copy()
    ok_pair[valid] = (cand[pair[valid]] == placed[valid]) & (
        pos[pair[valid]] == allocation.position[placed[valid]]
    )
    invalid = placed[~ok_pair]
    fill = np.bincount(allocation.position[placed], minlength=table.n_positions)
    over = np.flatnonzero(fill > capacity)

    n_list_rank = np.arange(len(cand)) - table.indptr[cand]
    assigned_rank = np.full(table.n_candidates, np.iinfo(np.int64).max)
    good = placed[ok_pair]
    assigned_rank[good] = allocation.pair[good] - table.indptr[good]
    prefers = n_list_rank < assigned_rank[cand]

    prank = position_ranks(table)
    worst = np.full(table.n_positions, -1, dtype=np.int64)
    held = allocation.pair[good]
    np.maximum.at(worst, pos[held], prank[held])
    willing = (fill[pos] < capacity[pos]) | (prank < worst[pos])
    block = np.flatnonzero(prefers & willing)
    return StabilityReport(cand[block], pos[block], over, invalid)
