"""Engine inputs built from database rows: id maps, arrays, similarity, warm cache."""

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.jobs.models import Position, PositionSkill
from corridor.matching import world as world_module
from corridor.matching.tests import factories as f
from corridor.matching.world import (
    BROADER_CREDIT,
    RELATED_CREDIT,
    Vocabulary,
    World,
    day_number,
    get_world,
)
from corridor.talent.models import ProfileSkill, TalentProfile
from corridor_match import Education, PositionKind, level_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(personas):
    weld = f.skill("welding")
    tig = f.skill("TIG welding", broader=weld)
    mig = f.skill("MIG welding")
    mig.related.add(tig)
    survey = f.skill("land surveying")
    civil = f.sector()
    welder = f.position(
        personas.enterprise_a,
        "welder",
        essential=[weld, tig],
        optional=[survey],
        languages=[("zh", "HSK", "4"), ("en", "CEFR", "B1")],
        min_education="vocational",
        country="PK",
        headcount=3,
        kind="apprenticeship",
        sector_obj=civil,
    )
    nostart = f.position(
        personas.enterprise_a, "no-start", essential=[survey], start_date=None, kind="internship"
    )
    draft = f.position(personas.enterprise_a, "draft", essential=[weld], status="draft")
    ayesha = f.profile(
        "Ayesha",
        skills=[(weld, 4), (mig, 2)],
        languages=[("zh", "HSK", "3"), ("ur", "native", ""), ("en", "CEFR", "B2")],
        nationality="PK",
        preferred=["CN", "VN"],
        degree="master",
        available_from=dt.date(2027, 6, 1),
        graduation=dt.date(2027, 7, 15),
    )
    bare = f.profile("Bare", degree="", available_from=None)
    return locals()


def test_similarity_gives_related_and_broader_credit_both_ways(small):
    v = Vocabulary.from_db()
    idx = {name: int(v.skill_index([small[name].pk])[0][0]) for name in ("weld", "tig", "mig")}
    S = v.similarity.toarray()
    assert S[idx["mig"], idx["tig"]] == RELATED_CREDIT == S[idx["tig"], idx["mig"]]
    assert S[idx["tig"], idx["weld"]] == BROADER_CREDIT == S[idx["weld"], idx["tig"]]
    assert S[idx["mig"], idx["weld"]] == 0  # one link deep only
    assert np.all(np.diag(S) == 0)


def test_profile_arrays_follow_the_documented_conversions(small):
    v = Vocabulary.from_db()
    profiles, ids = v.profile_set(TalentProfile.objects.all())
    assert ids.tolist() == sorted([small["ayesha"].pk, small["bare"].pk])
    a = ids.tolist().index(small["ayesha"].pk)
    skills = profiles.skills.toarray()[a]
    assert skills[v.skill_index([small["weld"].pk])[0][0]] == pytest.approx(1.0)  # expert
    assert skills[v.skill_index([small["mig"].pk])[0][0]] == pytest.approx(0.5)  # intermediate
    langs = profiles.languages[a]
    assert langs[v.language_index["zh"]] == level_value("HSK", "3") == 2.0
    assert langs[v.language_index["en"]] == level_value("CEFR", "B2")
    assert langs[v.language_index["ur"]] == level_value("native", None)
    assert profiles.education[a] == Education.MASTER
    assert profiles.home_country[a] == v.country_id("PK") > 0
    pref = set(profiles.preferred_countries[a].indices.tolist())
    assert pref == {v.country_id("CN"), v.country_id("VN")}
    # available from the later of available_from and graduation
    assert profiles.available_day[a] == day_number(dt.date(2027, 7, 15), 0)
    b = ids.tolist().index(small["bare"].pk)
    assert profiles.education[b] == Education.SECONDARY  # no degree stated
    assert profiles.available_day[b] == day_number(timezone.localdate(), 0)  # today
    assert profiles.skills[b].nnz == 0


def test_position_arrays_follow_the_documented_conversions(small):
    v = Vocabulary.from_db()
    positions, ids = v.position_set(Position.objects.open())
    assert small["draft"].pk not in ids.tolist()  # only open positions
    w = ids.tolist().index(small["welder"].pk)
    ess = set(positions.essential[w].indices.tolist())
    assert ess == set(v.skill_index([small["weld"].pk, small["tig"].pk])[0].tolist())
    assert positions.optional[w].indices.tolist() == [v.skill_index([small["survey"].pk])[0][0]]
    assert positions.languages[w, v.language_index["zh"]] == level_value("HSK", "4") == 3.0
    assert positions.languages[w, v.language_index["en"]] == level_value("CEFR", "B1")
    assert positions.languages[w].sum() == 6.0  # nothing else required
    assert positions.min_education[w] == Education.VOCATIONAL_DIPLOMA
    assert positions.kind[w] == PositionKind.APPRENTICESHIP
    assert positions.country[w] == v.country_id("PK")
    assert positions.sector[w] == v.sector_id(small["civil"].pk) > 0
    assert positions.capacity[w] == 3
    assert positions.start_day[w] == day_number(dt.date(2027, 7, 1), 0)
    n = ids.tolist().index(small["nostart"].pk)
    assert positions.start_day[n] == day_number(timezone.localdate(), 0)
    assert positions.kind[n] == PositionKind.INTERNSHIP
    assert positions.sector[n] == 0 and positions.min_education[n] == Education.SECONDARY


def test_building_uses_a_fixed_number_of_queries(small, personas):
    for i in range(10):
        f.profile(f"Extra {i}", skills=[(small["weld"], 2)], languages=[("zh", "HSK", "5")])
        f.position(personas.enterprise_b, f"extra-{i}", essential=[small["tig"]])
    with CaptureQueriesContext(connection) as queries:
        World.build()
    assert len(queries) <= 12  # vocabulary (6) + profiles (3) + positions (3), whatever the size


def test_the_warm_world_is_reused_until_the_data_changes(small, personas):
    first = get_world()
    assert get_world() is first
    assert first.position_index is not None  # built lazily, kept
    assert get_world()._position_index is not None
    f.position(personas.enterprise_b, "new-one", essential=[small["weld"]])
    second = get_world()
    assert second is not first
    assert second.positions.n == first.positions.n + 1
    # a changed child row (a new skill on a profile) also changes the version
    ProfileSkill.objects.create(profile=small["bare"], skill=small["survey"], level=3)
    assert get_world() is not second


def test_the_version_query_is_one_query(small):
    with CaptureQueriesContext(connection) as queries:
        world_module.world_version()
    assert len(queries) == 1


def test_skills_unknown_to_the_vocabulary_are_ignored_not_fatal(small):
    v = Vocabulary.from_db()
    extra = f.skill("brand new")
    PositionSkill.objects.create(position=small["welder"], skill=extra, importance="essential")
    positions, _ids = v.position_set(Position.objects.filter(pk=small["welder"].pk))
    assert positions.essential.nnz == 2
