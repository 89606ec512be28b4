"""Placement rules over a ``PreferenceTable``: stable allocation (candidate-proposing
deferred acceptance with capacities) and maximum total suitability (exact)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from ._select import grouped_order
from .generation import PreferenceTable

Progress = Callable[[float], None]


@dataclass
class Allocation:
    """Result of a placement rule: ``position[c]`` (-1 = unplaced), ``pair[c]`` the
    row of the table used (-1 = unplaced), ``score[c]`` (NaN = unplaced)."""

    position: np.ndarray
    pair: np.ndarray
    score: np.ndarray
    rule: str

    @property
    def placed(self) -> np.ndarray:
        """Bool mask of placed candidates."""
        return self.position >= 0


def position_ranks(table: PreferenceTable) -> np.ndarray:
    """Rank of each pair in its position's order (0 = most preferred).

    Positions rank candidates by suitability (float32 score) descending; ties are
    broken by LOWER CANDIDATE INDEX first (the documented deterministic rule).
    """
    order = grouped_order(table.pos, table.score, table.cand)
    pos_sorted = table.pos[order]
    starts = np.flatnonzero(np.r_[True, pos_sorted[1:] != pos_sorted[:-1]]) if len(order) else order
    first = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - first
    return rank


def _from_pairs(table: PreferenceTable, pairs: np.ndarray, rule: str) -> Allocation:
    cand = table.cand
    n = table.n_candidates
    position = np.full(n, -1, dtype=np.int64)
    pair = np.full(n, -1, dtype=np.int64)
    score = np.full(n, np.nan, dtype=np.float64)
    c = cand[pairs]
    position[c] = table.pos[pairs]
    pair[c] = pairs
    score[c] = table.score[pairs]
    return Allocation(position, pair, score, rule)


def stable_allocation(
    table: PreferenceTable, capacity: np.ndarray, progress: Progress | None = None
) -> Allocation:
    """Candidate-optimal stable allocation by candidate-proposing deferred acceptance.

    All free candidates propose to their next listed position simultaneously; each
    position keeps its best ``capacity`` proposers so far (by ``position_ranks``)
    and rejects the rest.  The result is the unique candidate-optimal stable
    matching for the table's strict preferences.  Each round is vectorised;
    ``progress`` receives the fraction of candidates no longer free.
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    indptr = table.indptr
    pos = table.pos.astype(np.int64)
    # global rank of each pair in (position, preference) order: a single int sort key
    gkey = np.empty(len(pos), dtype=np.int64)
    gkey[grouped_order(table.pos, table.score, table.cand)] = np.arange(len(pos))
    nxt = indptr[:-1].copy()
    free = np.flatnonzero(nxt < indptr[1:])
    held = np.zeros(0, dtype=np.int64)
    touched = np.zeros(table.n_positions, dtype=bool)
    total = max(len(free), 1)
    while len(free):
        prop = nxt[free]
        nxt[free] += 1
        touched[pos[prop]] = True
        t_mask = touched[pos[held]]
        pool = np.concatenate([held[t_mask], prop])
        pool = pool[np.argsort(gkey[pool])]
        pp = pos[pool]
        starts = np.flatnonzero(np.r_[True, pp[1:] != pp[:-1]])
        rank = np.arange(len(pool)) - np.repeat(starts, np.diff(np.r_[starts, len(pool)]))
        accept = rank < capacity[pp]
        touched[pos[prop]] = False
        held = np.concatenate([held[~t_mask], pool[accept]])
        rejected = table_cand_of(indptr, pool[~accept])
        free = rejected[nxt[rejected] < indptr[rejected + 1]]
        if progress is not None:
            progress(1.0 - len(free) / total)
    return _from_pairs(table, held, "stable")


def table_cand_of(indptr: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Candidate id owning each pair row (binary search in ``indptr``)."""
    return np.searchsorted(indptr, pairs, side="right") - 1


def max_suitability_allocation(table: PreferenceTable, capacity: np.ndarray) -> Allocation:
    """Allocation maximising total suitability under capacities (exact).

    Each position is expanded into ``capacity`` slots and each candidate gets a
    private dummy "unplaced" column; ``min_weight_full_bipartite_matching`` then
    solves the rectangular assignment with costs ``101 - score`` (dummy: 101), which
    minimises ``101 * n - total score``.
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    cand = table.cand.astype(np.int64)
    n = table.n_candidates
    slot_start = np.r_[0, np.cumsum(capacity)]
    n_slots = int(slot_start[-1])
    cap_pair = capacity[table.pos]
    e_pair = np.repeat(np.arange(len(cand)), cap_pair)
    e_slot = np.repeat(
        slot_start[table.pos] - (np.cumsum(cap_pair) - cap_pair), cap_pair
    ) + np.arange(len(e_pair))
    rows = np.concatenate([cand[e_pair], np.arange(n)])
    cols = np.concatenate([e_slot, n_slots + np.arange(n)])
    cost = np.concatenate([101.0 - table.score[e_pair].astype(np.float64), np.full(n, 101.0)])
    graph = sp.csr_matrix((cost, (rows, cols)), shape=(n, n_slots + n))
    _, col = min_weight_full_bipartite_matching(graph)
    slot_pos = np.repeat(np.arange(len(capacity)), capacity)
    real = col < n_slots
    c_idx = np.flatnonzero(real)
    p_of = slot_pos[col[real]]
    # map (candidate, position) back to its table row
    key_tab = cand * table.n_positions + table.pos
    order = np.argsort(key_tab)
    hit = order[np.searchsorted(key_tab[order], c_idx * table.n_positions + p_of)]
    return _from_pairs(table, hit, "max_suitability")
