"""Gap figures on a small known dataset (see helpers.py), as each role sees them."""

import pytest

from corridor.insights import gaps
from corridor.insights.tests.helpers import build

pytestmark = pytest.mark.django_db


def by_label(rows):
    return {r.label_en: r for r in rows}


def test_demand_counts_open_headcount_and_supply_counts_visible_profiles(personas):
    build(personas)
    rows = by_label(gaps.skill_gaps(personas.secretariat))
    # welding: welder 3 + engineer 2 (the draft's 9 is not open); 2 shared profiles.
    assert (rows["welding"].demand, rows["welding"].supply, rows["welding"].gap) == (5, 2, 3)
    assert (rows["welding"].essential, rows["welding"].optional) == (5, 0)
    assert (rows["Mandarin"].essential, rows["Mandarin"].optional) == (0, 3)
    assert (rows["Mandarin"].supply, rows["Mandarin"].gap) == (1, 2)
    # Nobody the secretariat may see has hydropower (the one profile is hidden).
    assert (rows["hydropower engineering"].supply, rows["hydropower engineering"].gap) == (0, 2)
    assert rows["=ceramics"].gap == 4


def test_largest_gap_first(personas):
    build(personas)
    labels = [r.label_en for r in gaps.skill_gaps(personas.secretariat)]
    assert labels == ["=ceramics", "welding", "Mandarin", "hydropower engineering"]


def test_hidden_profiles_count_only_for_those_who_may_see_them(personas):
    build(personas)
    admin_rows = by_label(gaps.skill_gaps(personas.institution_admin))
    assert admin_rows["hydropower engineering"].supply == 1
    assert admin_rows["welding"].supply == 3


def test_filters_by_country_sector_and_alliance(personas):
    data = build(personas)
    pk_rows = by_label(gaps.skill_gaps(personas.secretariat, gaps.GapFilters(country="PK")))
    assert "=ceramics" not in pk_rows and pk_rows["welding"].demand == 5
    vn = gaps.skill_gaps(personas.secretariat, gaps.GapFilters(country="VN"))
    # Nobody is Vietnamese or would work in Viet Nam: supply 0.
    assert [(r.label_en, r.demand, r.supply) for r in vn] == [("=ceramics", 4, 0)]
    energy = gaps.skill_gaps(personas.secretariat, gaps.GapFilters(sector=data.energy))
    assert "=ceramics" not in by_label(energy)
    from corridor.insights.dashboards import member_ids

    members = gaps.GapFilters(member_ids=member_ids(data.alliance))
    rows = by_label(gaps.skill_gaps(personas.secretariat, members))
    assert "=ceramics" not in rows  # enterprise B is no member
    assert rows["welding"].supply == 2


def test_demand_by_sector_and_country(personas):
    build(personas)
    sectors = gaps.demand_by_sector(personas.secretariat)
    assert [(s["label_en"], s["positions"], s["headcount"]) for s in sectors] == [
        ("Energy", 2, 5),
        ("", 1, 4),
    ]
    assert gaps.demand_by_country(personas.secretariat) == [
        {"country": "PK", "positions": 2, "headcount": 5},
        {"country": "VN", "positions": 1, "headcount": 4},
    ]


def test_recruiter_sees_own_drafts_in_demand(personas):
    build(personas)
    rows = by_label(gaps.skill_gaps(personas.recruiter_a))
    assert rows["welding"].demand == 5  # drafts are not open: never demand
