"""Small hand-built instances for behaviour tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from corridor_match.levels import Education, PositionKind, level_value
from corridor_match.model import PositionSet, ProfileSet, sparse_rows

N_SKILLS = 10
N_LANGS = 3  # 0 = zh, 1 = en, 2 = ur
N_COUNTRIES = 5  # 0 = CN, 1 = PK, 2 = VN ...
DAY = 20_000


def profiles(
    skills: Sequence[Sequence[int]],
    *,
    zh: Sequence[float] | None = None,
    education: Sequence[int] | None = None,
    home: Sequence[int] | None = None,
    preferred: Sequence[Sequence[int]] | None = None,
    available: Sequence[int] | None = None,
) -> ProfileSet:
    """Profiles with the given skill ids; other fields default to an easy fit."""
    n = len(skills)
    lang = np.zeros((n, N_LANGS), dtype=np.float32)
    lang[:, 0] = zh if zh is not None else level_value("HSK", 5)
    lang[:, 1] = level_value("CEFR", "B2")
    lang[:, 2] = level_value("native", None)
    return ProfileSet(
        skills=sparse_rows(skills, N_SKILLS),
        languages=lang,
        education=education if education is not None else [Education.BACHELOR] * n,
        home_country=home if home is not None else [1] * n,
        preferred_countries=sparse_rows(preferred or [[0]] * n, N_COUNTRIES),
        available_from=available if available is not None else [DAY] * n,
    )


def positions(
    essential: Sequence[Sequence[int]],
    optional: Sequence[Sequence[int]] | None = None,
    *,
    zh: Sequence[float] | None = None,
    min_education: Sequence[int] | None = None,
    country: Sequence[int] | None = None,
    kind: Sequence[int] | None = None,
    start: Sequence[int] | None = None,
    min_cov: Sequence[float] | None = None,
    capacity: Sequence[int] | None = None,
) -> PositionSet:
    """Positions requiring the given skills; other fields default to an easy fit."""
    m = len(essential)
    lang = np.zeros((m, N_LANGS), dtype=np.float32)
    lang[:, 0] = zh if zh is not None else level_value("HSK", 4)
    return PositionSet(
        essential=sparse_rows(essential, N_SKILLS),
        optional=sparse_rows(optional or [[]] * m, N_SKILLS),
        languages=lang,
        min_education=min_education if min_education is not None else [Education.BACHELOR] * m,
        country=country if country is not None else [1] * m,
        sector=[0] * m,
        kind=kind if kind is not None else [PositionKind.JOB] * m,
        start_day=start if start is not None else [DAY] * m,
        min_essential_coverage=min_cov,
        capacity=capacity,
    )


def similarity(links: dict[tuple[int, int], float]) -> sp.csr_matrix:
    """Skill-similarity matrix from {(held, required): credit}."""
    if not links:
        return sp.csr_matrix((N_SKILLS, N_SKILLS))
    (r, c), v = zip(*links.keys(), strict=True), list(links.values())
    return sp.csr_matrix((v, (r, c)), shape=(N_SKILLS, N_SKILLS))
