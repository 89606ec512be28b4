"""Corridor suitability engine: scoring, explanation, top-k indexes and placement.

Plain Python + NumPy/SciPy, no Django import.  See ``README.md``.
"""

from .config import COMPONENTS, ScoringConfig, Weights
from .drive import PlacementResult, run_placement_drive
from .explain import Explanation, LanguageCheck, SkillMatch, explain
from .generation import ListStatus, PreferenceTable, generate_preferences
from .index import CandidateFilters, CandidateIndex, PositionFilters, PositionIndex, TopK
from .levels import Education, PositionKind, level_value
from .model import PositionSet, ProfileSet, expand_skills, sparse_rows
from .placement import Allocation, max_suitability_allocation, position_ranks, stable_allocation
from .report import PlacementReport, UnplacedReason, placement_report
from .scoring import DEFAULT_CONFIG, HardFail, ScoreBatch, score_pairs
from .verify import StabilityReport, find_blocking_pairs

__all__ = [
    "COMPONENTS", "DEFAULT_CONFIG", "Allocation", "CandidateFilters", "CandidateIndex",
    "Education", "Explanation", "HardFail", "LanguageCheck", "ListStatus", "PlacementReport",
    "PlacementResult", "PositionFilters", "PositionIndex", "PositionKind", "PositionSet",
    "PreferenceTable", "ProfileSet", "ScoreBatch", "ScoringConfig", "SkillMatch",
    "StabilityReport", "TopK", "UnplacedReason", "Weights", "expand_skills", "explain",
    "find_blocking_pairs", "generate_preferences", "level_value", "max_suitability_allocation",
    "placement_report", "position_ranks", "run_placement_drive", "score_pairs", "sparse_rows",
    "stable_allocation",
]  # fmt: skip
