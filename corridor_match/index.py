"""Warm indexes: top-k positions for a profile, top-k candidates for a position."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .config import ScoringConfig
from .model import PositionSet, ProfileSet, expand_skills
from .scoring import DEFAULT_CONFIG, score_pairs


@dataclass(frozen=True)
class PositionFilters:
    """Filters of ``PositionIndex.top_k`` (``None`` = no filter).

    * ``countries`` / ``sectors`` / ``kinds``: keep positions whose id is in the set.
    * ``languages``: keep positions requiring at least one of these language ids.
    * ``language_met``: keep positions whose language requirements the profile meets.
    * ``eligible_only``: keep pairs with no failed hard requirement.
    * ``min_score``: keep pairs scoring at least this.
    """

    countries: Collection[int] | None = None
    sectors: Collection[int] | None = None
    kinds: Collection[int] | None = None
    languages: Collection[int] | None = None
    language_met: bool = False
    eligible_only: bool = False
    min_score: float = 0.0


@dataclass(frozen=True)
class CandidateFilters:
    """Filters of ``CandidateIndex.top_k``: candidates' ``home_countries``,
    ``eligible_only`` (no failed hard requirement) and ``min_score``."""

    home_countries: Collection[int] | None = None
    eligible_only: bool = False
    min_score: float = 0.0


@dataclass(frozen=True)
class TopK:
    """Result of a top-k query: row ids, scores (descending; ties: lower id first)
    and ``HardFail`` bits of each hit."""

    indices: np.ndarray
    scores: np.ndarray
    hard_fail: np.ndarray


def _isin(values: np.ndarray, allowed: Collection[int] | None) -> np.ndarray | None:
    if allowed is None:
        return None
    return np.isin(values, np.fromiter(allowed, dtype=np.int64))


def _select(ids: np.ndarray, scores: np.ndarray, fail: np.ndarray, k: int) -> TopK:
    if len(ids) > k:
        kth = np.partition(-scores, k - 1)[k - 1]
        keep = np.flatnonzero(-scores <= kth)
        ids, scores, fail = ids[keep], scores[keep], fail[keep]
    order = np.lexsort((ids, -scores))[:k]
    return TopK(indices=ids[order], scores=scores[order], hard_fail=fail[order])


class PositionIndex:
    """Index over positions, built once and queried many times ("warm").

    Candidate generation uses an inverted index over skills (skills x positions),
    so a query touches only positions sharing at least one credited skill with the
    profile (plus positions that list no skill at all); only those are scored.
    """

    def __init__(
        self,
        positions: PositionSet,
        similarity: sp.csr_matrix | None = None,
        config: ScoringConfig = DEFAULT_CONFIG,
    ) -> None:
        """Build the inverted index for ``positions`` (all assumed open)."""
        self.positions = positions
        self.similarity = (
            None if similarity is None else sp.csr_matrix(similarity, dtype=np.float64)
        )
        self.config = config
        self._inverted = positions.skill_vectors.T.tocsr()
        self._no_skill = np.flatnonzero(~positions.has_essential & ~positions.has_optional)

    def candidates(self, expanded_row: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (position ids, essential coverage, optional coverage) of plausible positions."""
        prod = (expanded_row.astype(np.complex128) @ self._inverted).tocsr()
        ids = prod.indices.astype(np.int64)
        vals = prod.data
        if len(self._no_skill):
            extra = np.setdiff1d(self._no_skill, ids)
            ids = np.concatenate([ids, extra])
            vals = np.concatenate([vals, np.zeros(len(extra), dtype=vals.dtype)])
        return ids, vals.real.copy(), vals.imag.copy()

    def top_k(
        self, profiles: ProfileSet, p: int, k: int = 20, filters: PositionFilters | None = None
    ) -> TopK:
        """Return the ``k`` best positions for profile row ``p`` of ``profiles``."""
        f = filters or PositionFilters()
        pos = self.positions
        ids, ess, opt = self.candidates(expand_skills(profiles.skills[p], self.similarity))
        mask = np.ones(len(ids), dtype=bool)
        for m in (
            _isin(pos.country[ids], f.countries),
            _isin(pos.sector[ids], f.sectors),
            _isin(pos.kind[ids], f.kinds),
        ):
            if m is not None:
                mask &= m
        if f.languages is not None:
            langs = np.fromiter(f.languages, dtype=np.int64)
            mask &= (pos.languages[ids][:, langs] > 0).any(axis=1)
        if f.language_met:
            mask &= (pos.languages[ids] <= profiles.languages[p]).all(axis=1)
        ids, ess, opt = ids[mask], ess[mask], opt[mask]
        pidx = np.full(len(ids), p, dtype=np.int64)
        b = score_pairs(
            profiles, pos, pidx, ids, config=self.config, essential=ess, optional=opt, details=False
        )
        keep = b.score >= f.min_score
        if f.eligible_only:
            keep &= b.hard_fail == 0
        return _select(ids[keep], b.score[keep], b.hard_fail[keep], k)


class CandidateIndex:
    """Index over profiles (skills x profiles inverted index) for recruiters:
    the best candidates for one position."""

    def __init__(
        self,
        profiles: ProfileSet,
        similarity: sp.csr_matrix | None = None,
        config: ScoringConfig = DEFAULT_CONFIG,
    ) -> None:
        """Expand the profiles' skills through ``similarity`` and invert them."""
        self.profiles = profiles
        self.config = config
        self.expanded = expand_skills(profiles.skills, similarity)
        self._inverted = self.expanded.T.tocsr().astype(np.complex128)

    def top_k(
        self, positions: PositionSet, q: int, k: int = 20, filters: CandidateFilters | None = None
    ) -> TopK:
        """Return the ``k`` best profiles for position row ``q`` of ``positions``."""
        f = filters or CandidateFilters()
        prof = self.profiles
        if positions.has_essential[q] or positions.has_optional[q]:
            prod = (positions.skill_vectors[q] @ self._inverted).tocsr()
            ids, ess, opt = (
                prod.indices.astype(np.int64),
                prod.data.real.copy(),
                prod.data.imag.copy(),
            )
        else:
            ids = np.arange(prof.n, dtype=np.int64)
            ess = opt = np.zeros(prof.n)
        m = _isin(prof.home_country[ids], f.home_countries)
        if m is not None:
            ids, ess, opt = ids[m], ess[m], opt[m]
        qidx = np.full(len(ids), q, dtype=np.int64)
        b = score_pairs(
            prof,
            positions,
            ids,
            qidx,
            config=self.config,
            essential=ess,
            optional=opt,
            details=False,
        )
        keep = b.score >= f.min_score
        if f.eligible_only:
            keep &= b.hard_fail == 0
        return _select(ids[keep], b.score[keep], b.hard_fail[keep], k)
