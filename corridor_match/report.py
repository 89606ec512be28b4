"""Placement report: fill, score distribution and why candidates stay unplaced."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .generation import ListStatus, PreferenceTable
from .placement import Allocation


class UnplacedReason(IntEnum):
    """Reason code of an unplaced candidate."""

    NO_CANDIDATE_POSITIONS = 1  #: no position shares an essential skill
    HARD_REQUIREMENTS_FAILED = 2  #: every candidate position fails a hard requirement
    BELOW_MIN_SCORE = 3  #: every remaining position's minimum score is above the candidate's
    PREFERRED_POSITIONS_FULL = (
        4  #: (stable) each listed position is full with better-ranked candidates
    )
    NOT_SELECTED = 5  #: (max suitability) the optimum used the listed positions' slots for others


@dataclass
class PlacementReport:
    """Summary of an allocation (plain numbers, ready for JSON / the UI).

    ``histogram[i]`` counts placements scoring in [10 i, 10 (i+1)) (the last bin
    includes 100); ``deciles`` are the 10th..90th percentiles of placed scores.
    ``unplaced_reason[i]`` is the ``UnplacedReason`` of ``unplaced[i]``.
    """

    rule: str
    n_candidates: int
    n_positions: int
    total_slots: int
    filled_slots: int
    fill_rate: float
    mean_score: float
    total_score: float
    histogram: list[int]
    deciles: list[float]
    unplaced_counts: dict[str, int]
    unplaced: np.ndarray
    unplaced_reason: np.ndarray

    def to_dict(self) -> dict[str, object]:
        """Report as plain Python values (unplaced ids and reasons included)."""
        d = {k: v for k, v in self.__dict__.items() if not isinstance(v, np.ndarray)}
        d["unplaced"] = self.unplaced.tolist()
        d["unplaced_reason"] = self.unplaced_reason.tolist()
        return d


def placement_report(
    table: PreferenceTable, capacity: np.ndarray, allocation: Allocation
) -> PlacementReport:
    """Build the ``PlacementReport`` of ``allocation`` (vectorised)."""
    capacity = np.asarray(capacity, dtype=np.int64)
    placed = allocation.placed
    scores = allocation.score[placed].astype(np.float64)
    hist = np.histogram(np.clip(scores, 0, 100), bins=10, range=(0.0, 100.0))[0]
    deciles = np.percentile(scores, np.arange(10, 100, 10)).tolist() if len(scores) else []
    unplaced = np.flatnonzero(~placed)
    status = table.status[unplaced]
    otherwise = (
        UnplacedReason.PREFERRED_POSITIONS_FULL
        if allocation.rule == "stable"
        else UnplacedReason.NOT_SELECTED
    )
    reason = np.where(status == ListStatus.OK, int(otherwise), status).astype(np.int8)
    counts = np.bincount(reason, minlength=len(UnplacedReason) + 1)
    total = int(capacity.sum())
    return PlacementReport(
        rule=allocation.rule,
        n_candidates=table.n_candidates,
        n_positions=table.n_positions,
        total_slots=total,
        filled_slots=int(placed.sum()),
        fill_rate=float(placed.sum() / total) if total else 0.0,
        mean_score=float(scores.mean()) if len(scores) else 0.0,
        total_score=float(scores.sum()),
        histogram=hist.tolist(),
        deciles=deciles,
        unplaced_counts={r.name: int(counts[r]) for r in UnplacedReason},
        unplaced=unplaced,
        unplaced_reason=reason,
    )
