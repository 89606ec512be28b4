import numpy as np
import pytest

from corridor_match import synth
from corridor_match.index import CandidateFilters, CandidateIndex, PositionFilters, PositionIndex
from corridor_match.model import expand_skills
from corridor_match.scoring import score_pairs

from .conftest import positions, profiles


@pytest.fixture(scope="module")
def world():
    return synth.generate(300, 3000, seed=7)


def brute_force(world, p, plausible_only=True):
    """Score profile p against every position with a plain full pass."""
    prof, pos = world.profiles, world.positions
    q = np.arange(pos.n)
    e = expand_skills(prof.skills, world.similarity)
    b = score_pairs(prof, pos, np.full(pos.n, p), q, expanded=e, details=False)
    overlap = np.asarray((e[p] @ (pos.essential + pos.optional).T).todense()).ravel() > 0
    return q[overlap], b.score[overlap], b.hard_fail[overlap]


def test_top_k_positions_equal_brute_force_ranking(world):
    idx = PositionIndex(world.positions, world.similarity)
    for p in range(0, 300, 37):
        q, s, _ = brute_force(world, p)
        expected = q[np.lexsort((q, -s))][:20]
        got = idx.top_k(world.profiles, p, k=20)
        assert got.indices.tolist() == expected.tolist()
        assert np.all(np.diff(got.scores) <= 0)


def test_filters_restrict_positions(world):
    idx = PositionIndex(world.positions, world.similarity)
    pos = world.positions
    f = PositionFilters(countries={1, 2}, kinds={0}, eligible_only=True, min_score=40)
    got = idx.top_k(world.profiles, 3, k=50, filters=f)
    assert len(got.indices) > 0
    assert set(pos.country[got.indices]) <= {1, 2}
    assert set(pos.kind[got.indices]) <= {0}
    assert np.all(got.hard_fail == 0) and np.all(got.scores >= 40)
    met = idx.top_k(
        world.profiles, 3, k=50, filters=PositionFilters(language_met=True, languages={0})
    )
    assert np.all(pos.languages[met.indices] <= world.profiles.languages[3])
    assert np.all(pos.languages[met.indices][:, 0] > 0)


def test_equal_scores_are_ranked_by_lower_position_index():
    prof = profiles([[1, 2]])
    pos = positions([[1, 2]] * 5)
    got = PositionIndex(pos).top_k(prof, 0, k=3)
    assert got.indices.tolist() == [0, 1, 2]


def test_positions_without_shared_skills_are_not_candidates():
    prof = profiles([[1]])
    pos = positions([[1], [7], [1, 7]])
    assert sorted(PositionIndex(pos).top_k(prof, 0).indices.tolist()) == [0, 2]


def test_top_k_candidates_for_a_position_equal_brute_force(world):
    cidx = CandidateIndex(world.profiles, world.similarity)
    prof, pos = world.profiles, world.positions
    for q in range(0, 3000, 401):
        b = score_pairs(
            prof, pos, np.arange(prof.n), np.full(prof.n, q), expanded=cidx.expanded, details=False
        )  # fmt: skip
        overlap = (
            np.asarray((cidx.expanded @ (pos.essential[q] + pos.optional[q]).T).todense()).ravel()
            > 0
        )
        ids = np.flatnonzero(overlap)
        expected = ids[np.lexsort((ids, -b.score[ids]))][:10]
        got = cidx.top_k(pos, q, k=10)
        assert got.indices.tolist() == expected.tolist()
        assert np.allclose(got.scores, b.score[expected])


def test_candidate_filters_apply(world):
    cidx = CandidateIndex(world.profiles, world.similarity)
    got = cidx.top_k(
        world.positions, 5, k=30, filters=CandidateFilters(home_countries={1}, eligible_only=True)
    )
    assert set(world.profiles.home_country[got.indices]) <= {1}
    assert np.all(got.hard_fail == 0)
