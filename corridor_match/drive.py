"""One-call placement drive: preferences -> allocation -> verification -> report."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Literal

import numpy as np
import scipy.sparse as sp

from .config import ScoringConfig
from .generation import PreferenceTable, generate_preferences
from .model import PositionSet, ProfileSet
from .placement import Allocation, max_suitability_allocation, stable_allocation
from .report import PlacementReport, placement_report
from .scoring import DEFAULT_CONFIG
from .verify import StabilityReport, find_blocking_pairs


@dataclass
class PlacementResult:
    """Everything a placement drive produced, with per-stage wall times (seconds)."""

    table: PreferenceTable
    allocation: Allocation
    report: PlacementReport
    stability: StabilityReport | None
    timings: dict[str, float] = field(default_factory=dict)


def run_placement_drive(
    profiles: ProfileSet,
    positions: PositionSet,
    similarity: sp.csr_matrix | None = None,
    *,
    rule: Literal["stable", "max_suitability"] = "stable",
    config: ScoringConfig = DEFAULT_CONFIG,
    list_length: int = 20,
    min_score: float | np.ndarray = 0.0,
    candidate_rankings: Mapping[int, Sequence[int]] | None = None,
    verify: bool = True,
    progress: Callable[[float], None] | None = None,
) -> PlacementResult:
    """Run a placement drive over ``positions.capacity`` slots.

    ``rule="stable"``: candidate-proposing deferred acceptance (candidate-optimal
    stable allocation), verified for blocking pairs when ``verify``.
    ``rule="max_suitability"``: exact maximum total suitability (no stability check).
    ``progress(fraction)`` goes from 0 to 1 over the stages (generation 70 %).
    """

    def stage(lo: float, hi: float) -> Callable[[float], None] | None:
        if progress is None:
            return None
        return lambda f: progress(lo + (hi - lo) * f)

    t: dict[str, float] = {}
    t0 = perf_counter()
    table = generate_preferences(
        profiles, positions, similarity, config=config, list_length=list_length, min_score=min_score,
        candidate_rankings=candidate_rankings, progress=stage(0.0, 0.7),
    )  # fmt: skip
    t["preferences"] = perf_counter() - t0
    t0 = perf_counter()
    if rule == "stable":
        alloc = stable_allocation(table, positions.capacity, progress=stage(0.7, 0.9))
    elif rule == "max_suitability":
        alloc = max_suitability_allocation(table, positions.capacity)
    else:
        raise ValueError(f"unknown rule {rule!r}")
    t["allocation"] = perf_counter() - t0
    t0 = perf_counter()
    stability = (
        find_blocking_pairs(table, positions.capacity, alloc)
        if verify and rule == "stable"
        else None
    )
    t["verification"] = perf_counter() - t0
    t0 = perf_counter()
    report = placement_report(table, positions.capacity, alloc)
    t["report"] = perf_counter() - t0
    if progress is not None:
        progress(1.0)
    return PlacementResult(table, alloc, report, stability, t)
