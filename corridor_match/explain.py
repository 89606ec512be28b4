"""Structured explanation of one (profile, position) score: ids and numbers only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from .config import COMPONENTS, ScoringConfig
from .model import PositionSet, ProfileSet
from .scoring import DEFAULT_CONFIG, HardFail, score_pairs


@dataclass(frozen=True)
class SkillMatch:
    """Credit for one required skill: ``via`` is None for an exact match, else the
    held skill id whose similarity link gave the partial ``credit``."""

    skill: int
    credit: float
    via: int | None
    weight: float


@dataclass(frozen=True)
class LanguageCheck:
    """One required language: levels on the numeric scale of ``levels``."""

    language: int
    required: float
    have: float
    met: bool


@dataclass(frozen=True)
class Explanation:
    """Why a profile got its score for a position.

    ``contributions`` (points per component, in ``COMPONENTS`` order) add up to
    ``score``; ``components`` are the raw [0, 1] values and ``weights`` the
    normalised weights of the position's kind.  ``hard_failures`` lists the names
    of failed ``HardFail`` flags; when non-empty, every contribution was multiplied
    by ``hard_fail_factor``.
    """

    profile: int
    position: int
    score: float
    contributions: dict[str, float]
    components: dict[str, float]
    weights: dict[str, float]
    matched_essential: list[SkillMatch]
    matched_optional: list[SkillMatch]
    missing_essential: list[int]
    missing_optional: list[int]
    languages: list[LanguageCheck]
    education: dict[str, int | bool]
    location: dict[str, int | bool]
    availability: dict[str, int]
    hard_failures: list[str] = field(default_factory=list)
    hard_fail_factor: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Return the explanation as plain JSON-serialisable dicts and lists."""
        return asdict(self)


def _skill_credits(
    held: sp.csr_matrix, similarity: sp.csr_matrix | None, required: sp.csr_matrix
) -> tuple[list[SkillMatch], list[int]]:
    have = dict(zip(held.indices.tolist(), held.data.tolist(), strict=True))
    matched: list[SkillMatch] = []
    missing: list[int] = []
    for skill, weight in zip(required.indices.tolist(), required.data.tolist(), strict=True):
        best, via = have.get(skill, 0.0), None
        if similarity is not None and held.nnz:
            col = similarity[held.indices, skill].toarray().ravel() * held.data
            if col.size and col.max() > best:
                j = int(np.argmax(col))
                best, via = float(col[j]), int(held.indices[j])
        best = min(best, 1.0)
        if best > 0:
            matched.append(SkillMatch(skill=skill, credit=best, via=via, weight=weight))
        else:
            missing.append(skill)
    return matched, missing


def explain(
    profiles: ProfileSet,
    p: int,
    positions: PositionSet,
    q: int,
    similarity: sp.csr_matrix | None = None,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> Explanation:
    """Explain the score of profile row ``p`` for position row ``q``.

    The score and contributions equal those of ``score_pairs`` for the same pair
    (same ``similarity`` and ``config``).
    """
    held = profiles.skills[p]
    if similarity is not None:
        similarity = sp.csr_matrix(similarity, dtype=np.float64)
    ess_m, ess_x = _skill_credits(held, similarity, positions.essential_norm[q])
    opt_m, opt_x = _skill_credits(held, similarity, positions.optional_norm[q])
    ess = sum(m.credit * m.weight for m in ess_m)
    opt = sum(m.credit * m.weight for m in opt_m)
    batch = score_pairs(
        profiles, positions, np.array([p]), np.array([q]), config=config,
        essential=np.array([ess]), optional=np.array([opt]),
    )  # fmt: skip
    d = batch.as_dicts(0)
    fail = int(batch.hard_fail[0])
    kind = int(positions.kind[q])
    req, have = positions.languages[q], profiles.languages[p]
    langs = [
        LanguageCheck(
            language=int(i),
            required=float(req[i]),
            have=float(have[i]),
            met=bool(have[i] >= req[i]),
        )
        for i in np.flatnonzero(req > 0)
    ]
    return Explanation(
        profile=int(p),
        position=int(q),
        score=float(batch.score[0]),
        contributions=d["contributions"],
        components=d["components"],
        weights=dict(zip(COMPONENTS, config.weight_matrix()[kind].tolist(), strict=True)),
        matched_essential=ess_m,
        matched_optional=opt_m,
        missing_essential=ess_x,
        missing_optional=opt_x,
        languages=langs,
        education={
            "required": int(positions.min_education[q]),
            "have": int(profiles.education[p]),
            "met": bool(profiles.education[p] >= positions.min_education[q]),
        },
        location={
            "country": int(positions.country[q]),
            "home_country": int(profiles.home_country[p]),
            "met": bool(profiles.location_ok(np.array([p]), positions.country[[q]])[0]),
        },
        availability={
            "available_day": int(profiles.available_day[p]),
            "start_day": int(positions.start_day[q]),
            "delay_days": int(profiles.available_day[p]) - int(positions.start_day[q]),
        },
        hard_failures=[f.name for f in HardFail if f and fail & f],  # type: ignore[misc]
        hard_fail_factor=config.hard_fail_factor if fail else 1.0,
    )
