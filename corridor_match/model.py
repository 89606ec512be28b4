"""Input containers: profiles and positions as NumPy arrays / SciPy CSR matrices.

All ids are dense integers chosen by the caller: skills ``0..n_skills-1`` (synonyms
already resolved to one concept id), languages ``0..n_languages-1``, countries,
sectors.  Dates are integer day numbers (e.g. days since 1970-01-01).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp


def sparse_rows(
    rows: Sequence[Sequence[int]], n_cols: int, values: Sequence[Sequence[float]] | None = None
) -> sp.csr_matrix:
    """Build a CSR matrix from per-row lists of column ids (values default to 1.0)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=int(indptr[-1]))
    if values is None:
        data = np.ones(len(indices), dtype=np.float32)
    else:
        data = np.fromiter((x for r in values for x in r), dtype=np.float32, count=int(indptr[-1]))
    m = sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_cols))
    m.sum_duplicates()
    return m


def _csr(m: sp.spmatrix | sp.sparray, dtype: type = np.float32) -> sp.csr_matrix:
    m = sp.csr_matrix(m, dtype=dtype)
    m.sum_duplicates()
    m.eliminate_zeros()
    return m


@dataclass
class ProfileSet:
    """A batch of talent profiles (rows).

    * ``skills``: CSR (n, n_skills), proficiency in (0, 1] per held skill.
    * ``languages``: (n, n_languages) level on the numeric scale of ``levels``.
    * ``education``: (n,) ``Education`` values.
    * ``home_country``: (n,) country id.
    * ``preferred_countries``: CSR (n, n_countries), non-zero = preferred.
    * ``available_from`` / ``graduation``: (n,) day numbers; the candidate is
      available from the later of the two (``graduation`` optional).
    """

    skills: sp.csr_matrix
    languages: np.ndarray
    education: np.ndarray
    home_country: np.ndarray
    preferred_countries: sp.csr_matrix
    available_from: np.ndarray
    graduation: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.skills = _csr(self.skills)
        self.skills.data = np.clip(self.skills.data, 0.0, 1.0)
        n = self.skills.shape[0]
        self.languages = np.asarray(self.languages, dtype=np.float32).reshape(n, -1)
        self.education = np.asarray(self.education, dtype=np.int8)
        self.home_country = np.asarray(self.home_country, dtype=np.int32)
        self.preferred_countries = _csr(self.preferred_countries, np.bool_)
        self.available_from = np.asarray(self.available_from, dtype=np.int32)
        if self.graduation is not None:
            self.graduation = np.asarray(self.graduation, dtype=np.int32)
        for name in ("education", "home_country", "available_from"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"ProfileSet.{name} must have {n} rows")

    @property
    def n(self) -> int:
        """Number of profiles."""
        return self.skills.shape[0]

    @cached_property
    def available_day(self) -> np.ndarray:
        """Day from which each candidate is available: max(available_from, graduation)."""
        if self.graduation is None:
            return self.available_from
        return np.maximum(self.available_from, self.graduation)

    @cached_property
    def _pref_keys(self) -> np.ndarray:
        pc = self.preferred_countries
        rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(pc.indptr))
        return rows * pc.shape[1] + pc.indices

    def location_ok(self, p_idx: np.ndarray, country: np.ndarray) -> np.ndarray:
        """Vectorised: is ``country[i]`` the home or a preferred country of profile ``p_idx[i]``?"""
        p_idx = np.asarray(p_idx, dtype=np.int64)
        country = np.asarray(country, dtype=np.int64)
        ok = self.home_country[p_idx] == country
        keys = self._pref_keys
        if len(keys):
            nc = self.preferred_countries.shape[1]
            q = p_idx * nc + np.minimum(country, nc - 1)
            pos = np.minimum(np.searchsorted(keys, q), len(keys) - 1)
            ok |= (keys[pos] == q) & (country < nc)
        return ok


@dataclass
class PositionSet:
    """A batch of positions (rows).

    * ``essential`` / ``optional``: CSR (m, n_skills), importance weight > 0 per skill.
    * ``languages``: (m, n_languages) required level (0 = not required).
    * ``min_education``: (m,) minimum ``Education``.
    * ``country``, ``sector``: (m,) ids; ``kind``: (m,) ``PositionKind``.
    * ``start_day``: (m,) day number.
    * ``min_essential_coverage``: (m,) in [0, 1]; 0 = no threshold.
    * ``capacity``: (m,) headcount (slots) used by placement; default 1.
    """

    essential: sp.csr_matrix
    optional: sp.csr_matrix
    languages: np.ndarray
    min_education: np.ndarray
    country: np.ndarray
    sector: np.ndarray
    kind: np.ndarray
    start_day: np.ndarray
    min_essential_coverage: np.ndarray | None = None
    capacity: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.essential = _csr(self.essential)
        self.optional = _csr(self.optional)
        m = self.essential.shape[0]
        self.languages = np.asarray(self.languages, dtype=np.float32).reshape(m, -1)
        self.min_education = np.asarray(self.min_education, dtype=np.int8)
        self.country = np.asarray(self.country, dtype=np.int32)
        self.sector = np.asarray(self.sector, dtype=np.int32)
        self.kind = np.asarray(self.kind, dtype=np.int8)
        self.start_day = np.asarray(self.start_day, dtype=np.int32)
        mec = np.zeros(m) if self.min_essential_coverage is None else self.min_essential_coverage
        self.min_essential_coverage = np.asarray(mec, dtype=np.float32)
        cap = np.ones(m) if self.capacity is None else self.capacity
        self.capacity = np.asarray(cap, dtype=np.int32)

    @property
    def n(self) -> int:
        """Number of positions."""
        return self.essential.shape[0]

    @cached_property
    def essential_norm(self) -> sp.csr_matrix:
        """Essential skills with each row's weights scaled to sum to 1."""
        return _row_normalise(self.essential)

    @cached_property
    def optional_norm(self) -> sp.csr_matrix:
        """Optional skills with each row's weights scaled to sum to 1."""
        return _row_normalise(self.optional)

    @cached_property
    def has_essential(self) -> np.ndarray:
        """(m,) bool: the position lists at least one essential skill."""
        return np.diff(self.essential.indptr) > 0

    @cached_property
    def has_optional(self) -> np.ndarray:
        """(m,) bool: the position lists at least one optional skill."""
        return np.diff(self.optional.indptr) > 0

    @cached_property
    def skill_vectors(self) -> sp.csr_matrix:
        """Complex CSR (m, n_skills): real = normalised essential, imag = normalised optional.

        One sparse product with an expanded profile matrix then yields essential
        coverage (real part) and optional coverage (imaginary part) at once.
        """
        ess = self.essential_norm.astype(np.complex128)
        opt = self.optional_norm.astype(np.complex128)
        return sp.csr_matrix(ess + 1j * opt)


def _row_normalise(m: sp.csr_matrix) -> sp.csr_matrix:
    sums = np.asarray(m.sum(axis=1)).ravel()
    scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
    out = sp.csr_matrix(sp.diags(scale) @ m, dtype=np.float64)
    out.sort_indices()
    return out


def expand_skills(skills: sp.csr_matrix, similarity: sp.csr_matrix | None) -> sp.csr_matrix:
    """Return the credited skills of each profile: exact skills plus related ones.

    ``E[p, e] = max(skills[p, e], max_s skills[p, s] * similarity[s, e])``, i.e.
    holding skill ``s`` gives partial credit ``similarity[s, e]`` for skill ``e``.
    ``similarity`` is (n_skills, n_skills) with entries in (0, 1]; ``None`` = exact only.
    Vectorised over all non-zeros (no per-profile loop).
    """
    skills = _csr(skills, np.float64)
    if similarity is None or similarity.nnz == 0 or skills.nnz == 0:
        return skills
    S = _csr(similarity, np.float64)
    n, n_sk = skills.shape
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(skills.indptr))
    s, v = skills.indices, skills.data
    cnt = np.diff(S.indptr)[s]
    total = int(cnt.sum())
    first = np.repeat(S.indptr[s] - (np.cumsum(cnt) - cnt), cnt)
    idx = first + np.arange(total)
    all_rows = np.concatenate([rows, np.repeat(rows, cnt)])
    all_cols = np.concatenate([s.astype(np.int64), S.indices[idx].astype(np.int64)])
    all_vals = np.concatenate([v, np.repeat(v, cnt) * S.data[idx]])
    key = all_rows * n_sk + all_cols
    order = np.argsort(key, kind="stable")
    key, vals = key[order], all_vals[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    mx = np.minimum(np.maximum.reduceat(vals, starts), 1.0)
    uk = key[starts]
    return sp.csr_matrix((mx, (uk // n_sk, uk % n_sk)), shape=(n, n_sk))
