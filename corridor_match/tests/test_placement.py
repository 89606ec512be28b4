import numpy as np
import pytest

from corridor_match import synth
from corridor_match.drive import run_placement_drive
from corridor_match.generation import ListStatus, PreferenceTable, generate_preferences
from corridor_match.peers import solve_with_matching, total_with_lsa
from corridor_match.placement import (
    Allocation,
    max_suitability_allocation,
    position_ranks,
    stable_allocation,
)
from corridor_match.report import UnplacedReason, placement_report
from corridor_match.verify import find_blocking_pairs

from .conftest import positions, profiles


def random_table(rng, n_c, n_p, max_len, n_levels):
    """Random preference lists; few score levels force ties."""
    lists, scores = [], []
    for _ in range(n_c):
        k = int(rng.integers(0, max_len + 1))
        lists.append(rng.choice(n_p, size=min(k, n_p), replace=False).tolist())
        scores.append((rng.integers(1, n_levels + 1, len(lists[-1])) * (100 / n_levels)).tolist())
    return PreferenceTable.from_lists(lists, scores, n_p)


def test_stable_allocation_equals_matching_package_resident_optimal():
    rng = np.random.default_rng(0)
    for trial in range(60):
        n_c, n_p = int(rng.integers(1, 40)), int(rng.integers(1, 15))
        table = random_table(rng, n_c, n_p, max_len=6, n_levels=int(rng.choice([2, 5, 1000])))
        cap = rng.integers(1, 4, n_p)
        ours = stable_allocation(table, cap)
        assert ours.position.tolist() == solve_with_matching(table, cap).tolist(), trial
        assert find_blocking_pairs(table, cap, ours).ok


def test_stable_allocation_on_generated_preferences_matches_peer():
    w = synth.generate(400, 120, 250, seed=3)
    table = generate_preferences(w.profiles, w.positions, w.similarity, list_length=8)
    ours = stable_allocation(table, w.positions.capacity)
    assert ours.placed.sum() > 0
    assert ours.position.tolist() == solve_with_matching(table, w.positions.capacity).tolist()


def test_positions_break_score_ties_by_lower_candidate_index():
    table = PreferenceTable.from_lists([[0], [0], [0]], [[50.0], [50.0], [50.0]], 1)
    alloc = stable_allocation(table, np.array([2]))
    assert alloc.position.tolist() == [0, 0, -1]
    assert position_ranks(table).tolist() == [0, 1, 2]


def test_max_suitability_total_equals_linear_sum_assignment():
    rng = np.random.default_rng(1)
    for _ in range(40):
        n_c, n_p = int(rng.integers(1, 30)), int(rng.integers(1, 10))
        table = random_table(rng, n_c, n_p, max_len=5, n_levels=int(rng.choice([3, 1000])))
        cap = rng.integers(1, 4, n_p)
        alloc = max_suitability_allocation(table, cap)
        assert np.all(np.bincount(alloc.position[alloc.placed], minlength=n_p) <= cap)
        assert np.nansum(alloc.score) == pytest.approx(total_with_lsa(table, cap), abs=1e-6)


def test_max_suitability_total_is_at_least_the_stable_total():
    rng = np.random.default_rng(2)
    table = random_table(rng, 50, 10, max_len=4, n_levels=1000)
    cap = rng.integers(1, 3, 10)
    assert np.nansum(max_suitability_allocation(table, cap).score) >= np.nansum(
        stable_allocation(table, cap).score
    )


def test_verifier_catches_an_injected_blocking_pair():
    rng = np.random.default_rng(4)
    table = random_table(rng, 30, 8, max_len=4, n_levels=1000)
    cap = np.full(8, 2)
    alloc = stable_allocation(table, cap)
    c = int(np.flatnonzero(alloc.placed)[0])
    p = int(alloc.position[c])
    broken = Allocation(alloc.position.copy(), alloc.pair.copy(), alloc.score.copy(), "stable")
    broken.position[c], broken.pair[c] = -1, -1  # c left unplaced although p now has a free slot
    rep = find_blocking_pairs(table, cap, broken)
    assert not rep.ok
    assert (c, p) in set(
        zip(rep.blocking_candidates.tolist(), rep.blocking_positions.tolist(), strict=True)
    )


def test_verifier_reports_over_capacity_and_invalid_assignments():
    table = PreferenceTable.from_lists([[0], [0]], [[60.0], [50.0]], 2)
    alloc = Allocation(np.array([0, 1]), np.array([0, 1]), np.array([60.0, 50.0]), "stable")
    rep = find_blocking_pairs(table, np.array([1, 1]), alloc)
    assert rep.invalid_candidates.tolist() == [1]
    over = Allocation(np.array([0, 0]), np.array([0, 1]), np.array([60.0, 50.0]), "stable")
    assert find_blocking_pairs(table, np.array([1, 1]), over).over_capacity.tolist() == [0]


def test_report_gives_fill_rate_distribution_and_unplaced_reasons():
    prof = profiles([[1], [1], [1], [9], [1]], zh=[4.0, 4.0, 4.0, 4.0, 1.0])
    pos = positions([[1], [1, 2]], capacity=[1, 1])
    r = run_placement_drive(prof, pos, min_score=np.array([0.0, 99.0]))
    rep = r.report
    assert rep.filled_slots == 1 and rep.fill_rate == 0.5
    assert sum(rep.histogram) == 1
    reasons = dict(zip(rep.unplaced.tolist(), rep.unplaced_reason.tolist(), strict=True))
    assert reasons[3] == UnplacedReason.NO_CANDIDATE_POSITIONS
    assert reasons[4] == UnplacedReason.HARD_REQUIREMENTS_FAILED
    assert reasons[1] == reasons[2] == UnplacedReason.PREFERRED_POSITIONS_FULL
    assert r.stability is not None and r.stability.ok
    assert rep.to_dict()["unplaced_counts"]["NO_CANDIDATE_POSITIONS"] == 1


def test_min_score_keeps_a_position_from_accepting_weak_candidates():
    prof = profiles([[1, 2], [1]])
    pos = positions([[1, 2]], capacity=[2])
    table = generate_preferences(prof, pos, min_score=90.0)
    assert table.cand.tolist() == [0]
    assert table.status.tolist() == [ListStatus.OK, ListStatus.BELOW_MIN_SCORE]


def test_candidates_own_rankings_replace_suitability_order():
    prof = profiles([[1, 2], [1, 2]])
    pos = positions([[1, 2], [1]], capacity=[1, 1])
    default = generate_preferences(prof, pos)
    assert default.pos[:2].tolist() == [0, 1]
    own = generate_preferences(prof, pos, candidate_rankings={0: [1, 0]})
    assert own.pos[own.indptr[0] : own.indptr[1]].tolist() == [1, 0]
    alloc = stable_allocation(own, pos.capacity)
    assert alloc.position.tolist() == [1, 0]


def test_progress_callback_reaches_one_and_never_goes_back():
    w = synth.generate(300, 60, 100, seed=5)
    seen: list[float] = []
    run_placement_drive(w.profiles, w.positions, w.similarity, progress=seen.append)
    assert seen[-1] == 1.0
    assert all(a <= b + 1e-12 for a, b in zip(seen, seen[1:], strict=False))


def test_max_suitability_drive_reports_not_selected():
    w = synth.generate(300, 40, 60, seed=6)
    r = run_placement_drive(w.profiles, w.positions, w.similarity, rule="max_suitability")
    assert r.report.rule == "max_suitability"
    assert r.report.filled_slots <= 60
    table = r.table
    assert np.nansum(r.allocation.score) == pytest.approx(
        total_with_lsa(table, w.positions.capacity), abs=1e-3
    )
    rep = placement_report(table, w.positions.capacity, r.allocation)
    assert rep.unplaced_counts["PREFERRED_POSITIONS_FULL"] == 0


def test_stable_allocation_matches_peer_on_hypothesis_instances():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, database=None)
    @given(
        n_c=st.integers(1, 25),
        n_p=st.integers(1, 8),
        seed=st.integers(0, 2**32 - 1),
        levels=st.sampled_from([1, 2, 4, 1000]),
    )
    def check(n_c, n_p, seed, levels):
        rng = np.random.default_rng(seed)
        table = random_table(rng, n_c, n_p, max_len=5, n_levels=levels)
        cap = rng.integers(1, 3, n_p)
        ours = stable_allocation(table, cap)
        assert ours.position.tolist() == solve_with_matching(table, cap).tolist()
        assert find_blocking_pairs(table, cap, ours).ok

    check()


def test_empty_preferences_give_an_empty_valid_allocation():
    table = PreferenceTable.from_lists([[], []], [[], []], 3)
    cap = np.ones(3, dtype=int)
    for alloc in (stable_allocation(table, cap), max_suitability_allocation(table, cap)):
        assert alloc.position.tolist() == [-1, -1]
        assert find_blocking_pairs(table, cap, alloc).ok
        rep = placement_report(table, cap, alloc)
        assert rep.filled_slots == 0 and rep.unplaced_counts["NO_CANDIDATE_POSITIONS"] == 2
