import numpy as np
import pytest

from corridor_match.config import COMPONENTS, ScoringConfig, Weights
from corridor_match.explain import explain
from corridor_match.levels import Education, PositionKind, level_value
from corridor_match.model import expand_skills
from corridor_match.scoring import HardFail, score_pairs

from .conftest import DAY, positions, profiles, similarity


def score(prof, pos, p=0, q=0, sim=None, config=None):
    kw = {"config": config} if config else {}
    b = score_pairs(
        prof, pos, np.array([p]), np.array([q]), expanded=expand_skills(prof.skills, sim), **kw
    )
    return float(b.score[0]), int(b.hard_fail[0])


def test_candidate_with_all_essential_skills_outranks_one_missing_them():
    prof = profiles([[1, 2, 3], [1]])
    pos = positions([[1, 2, 3]])
    assert score(prof, pos, 0)[0] > score(prof, pos, 1)[0]


def test_perfect_fit_scores_100_with_no_hard_failure():
    assert score(profiles([[1, 2]]), positions([[1, 2]])) == (pytest.approx(100.0), 0)


def test_related_skill_gives_partial_credit():
    sim = similarity({(5, 1): 0.6})
    exact = score(profiles([[1]]), positions([[1]]), sim=sim)[0]
    related = score(profiles([[5]]), positions([[1]]), sim=sim)[0]
    none = score(profiles([[7]]), positions([[1]]), sim=sim)[0]
    assert none < related < exact


def test_related_credit_takes_the_best_link_not_the_sum():
    sim = similarity({(5, 1): 0.5, (6, 1): 0.5})
    both = profiles([[5, 6]])
    e = explain(both, 0, positions([[1]]), 0, sim)
    assert e.components["essential_skills"] == pytest.approx(0.5)


def test_unmet_language_is_a_failed_hard_requirement():
    prof = profiles([[1]], zh=[level_value("HSK", 3)])
    s, fail = score(prof, positions([[1]], zh=[level_value("HSK", 5)]))
    assert fail & HardFail.LANGUAGE
    e = explain(prof, 0, positions([[1]], zh=[level_value("HSK", 5)]), 0)
    assert "LANGUAGE" in e.hard_failures
    assert e.languages[0].met is False and e.languages[0].language == 0


def test_hard_failure_multiplies_the_score_by_the_configured_factor():
    prof = profiles([[1]], zh=[level_value("HSK", 3)])
    strict = positions([[1]], zh=[level_value("HSK", 5)])
    s, _ = score(prof, strict)
    e = explain(prof, 0, strict, 0)
    unpenalised = 100 * sum(e.weights[c] * e.components[c] for c in COMPONENTS)
    assert s == pytest.approx(0.5 * unpenalised)


def test_education_below_minimum_fails_hard_requirement():
    prof = profiles([[1]], education=[Education.VOCATIONAL_DIPLOMA])
    _, fail = score(prof, positions([[1]], min_education=[Education.MASTER]))
    assert fail & HardFail.EDUCATION


def test_essential_coverage_below_position_threshold_fails():
    prof = profiles([[1]])
    _, fail = score(prof, positions([[1, 2, 3]], min_cov=[0.5]))
    assert fail & HardFail.ESSENTIAL_COVERAGE
    _, ok = score(prof, positions([[1, 2]], min_cov=[0.5]))
    assert ok == 0


def test_position_in_a_preferred_country_counts_for_location():
    prof = profiles([[1]], home=[1], preferred=[[2]])
    home = explain(prof, 0, positions([[1]], country=[1]), 0).components["location"]
    pref = explain(prof, 0, positions([[1]], country=[2]), 0).components["location"]
    other = explain(prof, 0, positions([[1]], country=[3]), 0).components["location"]
    assert (home, pref, other) == (1.0, 1.0, 0.0)


def test_late_availability_lowers_the_score_and_can_be_a_hard_requirement():
    prof = profiles([[1], [1]], available=[DAY, DAY + 60])
    pos = positions([[1]], start=[DAY])
    assert score(prof, pos, 1)[0] < score(prof, pos, 0)[0]
    strict = ScoringConfig(
        weights={**ScoringConfig().weights, PositionKind.JOB: Weights(max_start_delay_days=30)}
    )
    assert score(prof, pos, 1, config=strict)[1] & HardFail.AVAILABILITY


def test_component_contributions_sum_to_the_score():
    sim = similarity({(5, 1): 0.6, (6, 4): 0.3})
    prof = profiles([[5, 2, 6], [1, 2, 4]], zh=[2.0, 4.0], available=[DAY + 40, DAY])
    pos = positions([[1, 2, 3], [1, 2]], [[4], []], country=[2, 1])
    p, q = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    b = score_pairs(prof, pos, p, q, expanded=expand_skills(prof.skills, sim))
    assert np.allclose(b.contributions.sum(axis=1), b.score)
    for i in range(4):
        e = explain(prof, int(p[i]), pos, int(q[i]), sim)
        assert sum(e.contributions.values()) == pytest.approx(e.score)
        assert e.score == pytest.approx(b.score[i])
        assert 0.0 <= e.score <= 100.0


def test_explanation_lists_exact_related_and_missing_skills():
    sim = similarity({(5, 2): 0.6})
    e = explain(profiles([[1, 5]]), 0, positions([[1, 2, 3]], [[4]]), 0, sim)
    assert [(m.skill, m.via) for m in e.matched_essential] == [(1, None), (2, 5)]
    assert e.matched_essential[1].credit == pytest.approx(0.6)
    assert e.missing_essential == [3]
    assert e.missing_optional == [4]
    d = e.to_dict()
    assert d["missing_essential"] == [3] and set(d["contributions"]) == set(COMPONENTS)


def test_weights_per_kind_change_the_ranking():
    # candidate 0: all skills, available late; candidate 1: half the skills, available on time
    prof = profiles([[1, 2], [1]], available=[DAY + 80, DAY])
    job = positions([[1, 2]], kind=[PositionKind.JOB])
    avail_heavy = Weights(essential_skills=0.1, availability=0.6)
    cfg = ScoringConfig(weights={**ScoringConfig().weights, PositionKind.INTERNSHIP: avail_heavy})
    internship = positions([[1, 2]], kind=[PositionKind.INTERNSHIP])
    assert score(prof, job, 0, config=cfg)[0] > score(prof, job, 1, config=cfg)[0]
    assert score(prof, internship, 0, config=cfg)[0] < score(prof, internship, 1, config=cfg)[0]


def test_default_weights_are_normalised_for_every_kind():
    w = ScoringConfig().weight_matrix()
    assert w.shape == (3, len(COMPONENTS))
    assert np.allclose(w.sum(axis=1), 1.0)
