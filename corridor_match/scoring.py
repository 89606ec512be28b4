"""Vectorised suitability scoring of (profile, position) pairs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag

import numpy as np
import scipy.sparse as sp

from .config import COMPONENTS, ScoringConfig
from .model import PositionSet, ProfileSet

DEFAULT_CONFIG = ScoringConfig()


class HardFail(IntFlag):
    """Bit flags of failed hard requirements (combined in a uint8 per pair)."""

    NONE = 0
    LANGUAGE = 1  #: a required language level is not reached
    EDUCATION = 2  #: education below the position's minimum
    ESSENTIAL_COVERAGE = 4  #: essential-skill coverage below the position's threshold
    AVAILABILITY = 8  #: available later than the kind's ``max_start_delay_days``


@dataclass
class ScoreBatch:
    """Scores of a batch of pairs.

    ``score`` (n,) in [0, 100]; ``components`` (n, 6) raw values in [0, 1] and
    ``contributions`` (n, 6) points, columns in ``COMPONENTS`` order, with
    ``contributions.sum(axis=1) == score``; ``hard_fail`` (n,) ``HardFail`` bits.
    ``components``/``contributions`` are ``None`` when not requested.
    """

    score: np.ndarray
    hard_fail: np.ndarray
    components: np.ndarray | None = None
    contributions: np.ndarray | None = None

    def as_dicts(self, i: int) -> dict[str, dict[str, float]]:
        """Return pair ``i``'s components and contributions keyed by component name."""
        assert self.components is not None and self.contributions is not None
        return {
            "components": dict(zip(COMPONENTS, map(float, self.components[i]), strict=True)),
            "contributions": dict(zip(COMPONENTS, map(float, self.contributions[i]), strict=True)),
        }


def skill_coverage(
    expanded: sp.csr_matrix, positions: PositionSet, p_idx: np.ndarray, q_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (essential, optional) weighted coverage of given pairs by row gathers."""
    a = expanded[p_idx]
    b = positions.skill_vectors[q_idx]
    prod = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return prod.real.astype(np.float64), prod.imag.astype(np.float64)


def score_pairs(
    profiles: ProfileSet,
    positions: PositionSet,
    p_idx: np.ndarray,
    q_idx: np.ndarray,
    *,
    expanded: sp.csr_matrix | None = None,
    config: ScoringConfig = DEFAULT_CONFIG,
    essential: np.ndarray | None = None,
    optional: np.ndarray | None = None,
    details: bool = True,
) -> ScoreBatch:
    """Score the pairs ``(p_idx[i], q_idx[i])`` in one vectorised pass.

    ``expanded`` is ``expand_skills(profiles.skills, S)`` (required unless the raw
    ``essential``/``optional`` coverages of the pairs are given, as the indexes do
    from their sparse products).  ``details=False`` skips the per-component arrays.
    """
    p = np.asarray(p_idx, dtype=np.int64)
    q = np.asarray(q_idx, dtype=np.int64)
    if essential is None or optional is None:
        if expanded is None:
            raise ValueError("pass expanded skills or precomputed coverages")
        essential, optional = skill_coverage(expanded, positions, p, q)
    fail = np.zeros(len(p), dtype=np.uint8)
    comps = np.empty((len(p), len(COMPONENTS)), dtype=np.float64)

    ess = np.where(positions.has_essential[q], np.minimum(essential, 1.0), 1.0)
    comps[:, 0] = ess
    comps[:, 1] = np.where(positions.has_optional[q], np.minimum(optional, 1.0), 1.0)
    min_cov = positions.min_essential_coverage[q]
    fail[(min_cov > 0) & (ess < min_cov - 1e-9)] |= np.uint8(HardFail.ESSENTIAL_COVERAGE)

    req = positions.languages[q]
    have = profiles.languages[p]
    required = req > 0
    ratio = np.minimum(have / np.where(required, req, 1.0), 1.0)
    n_req = required.sum(axis=1)
    lang = (ratio * required).sum(axis=1) / np.maximum(n_req, 1)
    comps[:, 2] = np.where(n_req > 0, lang, 1.0)
    fail[(required & (have < req)).any(axis=1)] |= np.uint8(HardFail.LANGUAGE)

    deficit = np.maximum(positions.min_education[q].astype(np.int16) - profiles.education[p], 0)
    comps[:, 3] = np.maximum(1.0 - config.education_step_penalty * deficit, 0.0)
    fail[deficit > 0] |= np.uint8(HardFail.EDUCATION)

    comps[:, 4] = profiles.location_ok(p, positions.country[q])

    kind = positions.kind[q]
    delay = profiles.available_day[p].astype(np.float64) - positions.start_day[q]
    comps[:, 5] = np.clip(1.0 - delay / max(config.availability_window_days, 1), 0.0, 1.0)
    fail[delay > config.max_delay_vector()[kind]] |= np.uint8(HardFail.AVAILABILITY)

    factor = np.where(fail > 0, config.hard_fail_factor, 1.0)
    contrib = comps * config.weight_matrix()[kind] * (100.0 * factor)[:, None]
    score = contrib.sum(axis=1)
    if not details:
        return ScoreBatch(score=score, hard_fail=fail)
    return ScoreBatch(score=score, hard_fail=fail, components=comps, contributions=contrib)
