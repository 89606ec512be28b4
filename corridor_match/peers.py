"""Reference solvers used by tests and benchmarks (dev-only peers, imported lazily).

* ``solve_with_matching``: the ``matching`` package's HospitalResident solver.
* ``total_with_lsa``: maximum total suitability by ``scipy.optimize.linear_sum_assignment``
  on a dense slot-expanded matrix (small instances only).
"""

from __future__ import annotations

import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .generation import PreferenceTable
from .placement import position_ranks


def _deep(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a thread with a large stack and recursion limit: the peer
    deep-copies its player graph recursively, which overflows the defaults."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(max(old_limit, 1_000_000))
    threading.stack_size(1 << 30)
    try:
        t = threading.Thread(target=target)
        t.start()
        t.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if "error" in result:
        raise result["error"]
    return result["value"]


def solve_with_matching(table: PreferenceTable, capacity: np.ndarray) -> np.ndarray:
    """Candidate-optimal stable allocation by ``matching.games.HospitalResident``.

    Preference lists are taken from ``table`` (positions' order from
    ``position_ranks``).  Returns ``position[c]`` (-1 = unplaced).
    """
    from matching.games import HospitalResident

    cand, pos = table.cand, table.pos
    prank = position_ranks(table)
    resident_prefs = {
        int(c): table.pos[table.indptr[c] : table.indptr[c + 1]].tolist()
        for c in range(table.n_candidates)
        if table.indptr[c + 1] > table.indptr[c]
    }
    order = np.lexsort((prank, pos))
    hospital_prefs: dict[int, list[int]] = {}
    for p, c in zip(pos[order].tolist(), cand[order].tolist(), strict=True):
        hospital_prefs.setdefault(p, []).append(c)
    capacities = {p: int(capacity[p]) for p in hospital_prefs}
    out = np.full(table.n_candidates, -1, dtype=np.int64)
    if not resident_prefs:
        return out

    def solve() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, capacities
            )
            return game.solve(optimal="resident")

    matching = _deep(solve)
    for hospital, residents in matching.items():
        for r in residents:
            out[r.name] = hospital.name
    return out


def total_with_lsa(table: PreferenceTable, capacity: np.ndarray) -> float:
    """Maximum total suitability via ``linear_sum_assignment`` (dense; small instances)."""
    from scipy.optimize import linear_sum_assignment

    n = table.n_candidates
    capacity = np.asarray(capacity, dtype=np.int64)
    slot_pos = np.repeat(np.arange(len(capacity)), capacity)
    n_slots = len(slot_pos)
    gain = np.full((n, n_slots + n), -1e9)
    gain[np.arange(n), n_slots + np.arange(n)] = 0.0
    score = np.zeros((n, len(capacity)))
    ok = np.zeros((n, len(capacity)), dtype=bool)
    score[table.cand, table.pos] = table.score
    ok[table.cand, table.pos] = True
    gain[:, :n_slots] = np.where(ok[:, slot_pos], score[:, slot_pos], -1e9)
    r, c = linear_sum_assignment(gain, maximize=True)
    return float(gain[r, c].sum())
