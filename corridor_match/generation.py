"""Placement candidate generation: every candidate's preference list, chunked and
vectorised (sparse products + histogram selection, no loop over pairs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import scipy.sparse as sp

from ._select import bits_for, float_key, threshold_topk, topk_per_row
from .config import ScoringConfig
from .model import PositionSet, ProfileSet, expand_skills
from .scoring import DEFAULT_CONFIG, score_pairs

Progress = Callable[[float], None]


class ListStatus(IntEnum):
    """Why a candidate's preference list is (non-)empty."""

    OK = 0
    NO_CANDIDATE_POSITIONS = 1  #: no position shares an essential skill (exact or related)
    HARD_REQUIREMENTS_FAILED = 2  #: every candidate position fails a hard requirement
    BELOW_MIN_SCORE = 3  #: positions passing hard requirements all score below their minimum


@dataclass
class PreferenceTable:
    """Acceptable (candidate, position) pairs with their suitability.

    Rows are grouped by candidate (``indptr``, CSR style) in the candidate's order
    of preference (best first).  ``score`` is float32; positions rank candidates by
    score descending, ties broken by LOWER CANDIDATE INDEX first.  ``status`` (per
    candidate) is a ``ListStatus``.
    """

    n_candidates: int
    n_positions: int
    indptr: np.ndarray
    pos: np.ndarray
    score: np.ndarray
    status: np.ndarray

    @property
    def cand(self) -> np.ndarray:
        """Candidate id of each pair."""
        return np.repeat(np.arange(self.n_candidates, dtype=np.int32), np.diff(self.indptr))

    @classmethod
    def from_lists(
        cls, lists: Sequence[Sequence[int]], scores: Sequence[Sequence[float]], n_positions: int
    ) -> PreferenceTable:
        """Build a table from per-candidate position lists (best first) and their scores."""
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(x) for x in lists])
        pos = np.fromiter((p for x in lists for p in x), dtype=np.int32, count=int(indptr[-1]))
        sc = np.fromiter((s for x in scores for s in x), dtype=np.float32, count=int(indptr[-1]))
        status = np.where(
            np.diff(indptr) > 0, ListStatus.OK, ListStatus.NO_CANDIDATE_POSITIONS
        ).astype(np.int8)
        t = cls(len(lists), n_positions, indptr, pos, sc, status)
        t.validate()
        return t

    def validate(self) -> None:
        """Raise ``ValueError`` if a candidate lists a position twice or an id is out of range."""
        if len(self.pos) and (self.pos.min() < 0 or self.pos.max() >= self.n_positions):
            raise ValueError("position id out of range")
        key = self.cand.astype(np.int64) * self.n_positions + self.pos
        if len(np.unique(key)) != len(key):
            raise ValueError("a candidate lists the same position twice")


def _stage1_matrix(positions: PositionSet) -> sp.csr_matrix:
    no_ess = (~positions.has_essential).astype(np.float64)
    v = positions.essential_norm + sp.diags(no_ess) @ positions.optional_norm
    return sp.csr_matrix(v.T, dtype=np.float32)


def _chunk(ctx: _Ctx, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lists of candidates r0..r1-1: (rows, pos, score, status)."""
    prof, pos = ctx.profiles, ctx.positions
    ec = ctx.expanded[r0:r1]
    c = (ec @ ctx.stage1).tocsr()
    status = np.where(
        np.diff(c.indptr) > 0,
        ListStatus.HARD_REQUIREMENTS_FAILED,
        ListStatus.NO_CANDIDATE_POSITIONS,
    )
    # stage 1: per candidate, the `shortlist` positions of best essential coverage
    level = (np.minimum(c.data, np.float32(1.0)) * np.float32(255.0)).astype(np.int32)
    keep = threshold_topk(c.indptr, level, ctx.shortlist)
    cols = c.indices[keep].astype(np.int64)
    val = c.data[keep].astype(np.float64)
    rows_l = np.searchsorted(c.indptr, keep, side="right") - 1
    rows = rows_l + r0
    # stage 2: exact scores; optional coverage looked up in the chunk's dense skills
    opt_m = pos.optional_norm
    cnt = np.diff(opt_m.indptr)[cols]
    pair = np.repeat(np.arange(len(cols)), cnt)
    idx = np.repeat(opt_m.indptr[cols] - (np.cumsum(cnt) - cnt), cnt) + np.arange(len(pair))
    dense = ec.toarray()
    opt = np.bincount(
        pair, weights=dense[rows_l[pair], opt_m.indices[idx]] * opt_m.data[idx], minlength=len(cols)
    )
    has_e = pos.has_essential[cols]
    ess = np.where(has_e, val, 0.0)
    opt = np.where(has_e, opt, val)
    b = score_pairs(
        prof, pos, rows, cols, config=ctx.config, essential=ess, optional=opt, details=False
    )
    passed = np.ones(len(rows), dtype=bool) if ctx.accept_hard else b.hard_fail == 0
    status[np.unique(rows_l[passed])] = ListStatus.BELOW_MIN_SCORE
    acc = passed & (b.score >= ctx.min_score[cols])
    status[np.unique(rows_l[acc])] = ListStatus.OK
    r, k, t = topk_per_row(
        rows_l[acc], float_key(b.score[acc]), 31, cols[acc], bits_for(pos.n), ctx.list_length
    )
    score = (k.astype(np.uint32)).view(np.float32)
    return r + r0, t, score, status


@dataclass
class _Ctx:
    profiles: ProfileSet
    positions: PositionSet
    config: ScoringConfig
    expanded: sp.csr_matrix
    stage1: sp.csr_matrix
    min_score: np.ndarray
    shortlist: int
    list_length: int
    accept_hard: bool


def generate_preferences(
    profiles: ProfileSet,
    positions: PositionSet,
    similarity: sp.csr_matrix | None = None,
    *,
    config: ScoringConfig = DEFAULT_CONFIG,
    list_length: int = 20,
    shortlist: int | None = None,
    min_score: float | np.ndarray = 0.0,
    accept_hard_failures: bool = False,
    candidate_rankings: Mapping[int, Sequence[int]] | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> PreferenceTable:
    """Build every candidate's preference list over ``positions``.

    Candidates are positions sharing an essential skill (exact or related) with the
    profile (optional skills for positions without essential ones; positions listing
    no skill at all are not candidates here).  Per candidate, stage 1 keeps the
    ``shortlist`` positions (default ``4 * list_length``) with the best essential
    coverage (one sparse product per chunk, histogram selection); these are scored
    exactly and the best ``list_length`` acceptable ones (no failed hard requirement unless
    ``accept_hard_failures``, score >= ``min_score`` of the position) form the list,
    ordered by score descending, ties by lower position index.
    ``candidate_rankings`` overrides the list of the given candidates with their own
    order (unacceptable pairs dropped).  ``progress(fraction)`` is called per chunk.
    """
    n = profiles.n
    expanded = expand_skills(profiles.skills, similarity).astype(np.float32)
    ms = np.broadcast_to(np.asarray(min_score, dtype=np.float64), (positions.n,))
    ctx = _Ctx(
        profiles, positions, config, expanded, _stage1_matrix(positions),
        ms, shortlist or 4 * list_length, list_length, accept_hard_failures,
    )  # fmt: skip
    step = chunk_size or max(256, min(4096, (1 << 23) // max(profiles.skills.shape[1], 1)))
    parts = []
    for r0 in range(0, n, step):
        parts.append(_chunk(ctx, r0, min(r0 + step, n)))
        if progress is not None:
            progress(min(r0 + step, n) / n)
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    pos = np.concatenate([p[1] for p in parts]).astype(np.int32) if parts else np.zeros(0, np.int32)
    score = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.float32)
    status = (
        np.concatenate([p[3] for p in parts]).astype(np.int8) if parts else np.zeros(0, np.int8)
    )
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(rows, minlength=n))
    table = PreferenceTable(n, positions.n, indptr, pos, score, status)
    if candidate_rankings:
        table = _override(
            table,
            profiles,
            positions,
            expanded,
            config,
            ms,
            accept_hard_failures,
            candidate_rankings,
        )
    return table


def _override(
    table: PreferenceTable,
    profiles: ProfileSet,
    positions: PositionSet,
    expanded: sp.csr_matrix,
    config: ScoringConfig,
    min_score: np.ndarray,
    accept_hard: bool,
    rankings: Mapping[int, Sequence[int]],
) -> PreferenceTable:
    """Replace the lists of candidates who ranked positions themselves."""
    who = np.fromiter(rankings.keys(), dtype=np.int64)
    lens = np.array([len(rankings[int(c)]) for c in who], dtype=np.int64)
    rp = np.repeat(who, lens)
    rq = np.fromiter(
        (q for c in who for q in rankings[int(c)]), dtype=np.int64, count=int(lens.sum())
    )
    b = score_pairs(profiles, positions, rp, rq, expanded=expanded, config=config, details=False)
    acc = (accept_hard | (b.hard_fail == 0)) & (b.score >= min_score[rq])
    keep_old = ~np.isin(table.cand, who)
    cand = np.concatenate([table.cand[keep_old], rp[acc]])
    pos = np.concatenate([table.pos[keep_old], rq[acc]]).astype(np.int32)
    score = np.concatenate([table.score[keep_old], b.score[acc].astype(np.float32)])
    order = np.argsort(cand, kind="stable")  # keeps each candidate's own order
    status = table.status.copy()
    status[who] = np.where(
        np.isin(who, rp[acc]), ListStatus.OK, ListStatus.HARD_REQUIREMENTS_FAILED
    )
    indptr = np.zeros(table.n_candidates + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(cand, minlength=table.n_candidates))
    out = PreferenceTable(
        table.n_candidates, table.n_positions, indptr, pos[order], score[order], status
    )
    out.validate()
    return out
