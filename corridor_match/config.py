"""Scoring configuration: component weights per position kind and global knobs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .levels import PositionKind

#: Component names, in the column order used by every score array.
COMPONENTS: tuple[str, ...] = (
    "essential_skills",
    "optional_skills",
    "language",
    "education",
    "location",
    "availability",
)


@dataclass(frozen=True)
class Weights:
    """Relative weight of each score component for one position kind.

    Weights are normalised to sum to 1, so only their ratios matter.  The score of
    a pair is ``100 * sum(weight_c * component_c)`` (times ``hard_fail_factor``
    when a hard requirement fails), each component lying in [0, 1].
    ``max_start_delay_days``: when set, a candidate available more than this many
    days after the position starts fails the AVAILABILITY hard requirement.
    """

    essential_skills: float = 0.40
    optional_skills: float = 0.15
    language: float = 0.15
    education: float = 0.10
    location: float = 0.10
    availability: float = 0.10
    max_start_delay_days: int | None = None

    def vector(self) -> np.ndarray:
        """Return the normalised weights as a float64 array in ``COMPONENTS`` order."""
        v = np.array([getattr(self, c) for c in COMPONENTS], dtype=np.float64)
        if (v < 0).any() or v.sum() <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")
        return v / v.sum()


def _default_weights() -> dict[PositionKind, Weights]:
    return {
        PositionKind.JOB: Weights(),
        PositionKind.INTERNSHIP: Weights(
            essential_skills=0.30,
            optional_skills=0.15,
            language=0.15,
            education=0.10,
            location=0.10,
            availability=0.20,
        ),
        PositionKind.APPRENTICESHIP: Weights(
            essential_skills=0.25,
            optional_skills=0.10,
            language=0.20,
            education=0.05,
            location=0.20,
            availability=0.20,
        ),
    }


@dataclass(frozen=True)
class ScoringConfig:
    """Everything that shapes a score besides the data.

    * ``weights``: per position kind (defaults: see ``README.md``).
    * ``hard_fail_factor``: a pair failing any hard requirement has all its
      contributions (hence its score) multiplied by this factor (default 0.5).
    * ``availability_window_days``: the availability component falls linearly from
      1 (available on or before the start date) to 0 at this many days late.
    * ``education_step_penalty``: education component lost per level below the
      position's minimum.
    """

    weights: dict[PositionKind, Weights] = field(default_factory=_default_weights)
    hard_fail_factor: float = 0.5
    availability_window_days: int = 90
    education_step_penalty: float = 0.5

    def weight_matrix(self) -> np.ndarray:
        """Return a (n_kinds, n_components) array of normalised weights."""
        return np.stack([self.weights[k].vector() for k in PositionKind])

    def max_delay_vector(self) -> np.ndarray:
        """Return per-kind maximum start delay in days (``inf`` when unset)."""
        return np.array(
            [
                np.inf
                if self.weights[k].max_start_delay_days is None
                else self.weights[k].max_start_delay_days
                for k in PositionKind
            ],
            dtype=np.float64,
        )
