"""The dashboards draw on the other apps: an alliance's targets with live progress
(cooperation), placements (pipeline), trainees and the programmes that close a gap
(training)."""

import datetime as dt

import pytest
from django.urls import reverse

from corridor.insights import dashboards, gaps
from corridor.insights.tests.helpers import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    from corridor.cooperation.models import Alliance, Measurement, Metric, Target
    from corridor.jobs.models import Position
    from corridor.pipeline.models import Application, Origin
    from corridor.pipeline.states import State
    from corridor.talent.models import TalentProfile
    from corridor.training.models import (
        Cohort,
        Enrolment,
        EnrolmentStatus,
        Programme,
        ProgrammeKind,
        ProgrammeSkill,
    )

    data = build(personas)
    coop = Alliance.objects.create(organization=data.alliance)
    Target.objects.create(
        alliance=coop,
        metric=Metric.INTERNSHIPS_AND_JOBS,
        label_en="Internships and jobs",
        label_zh="实习和就业岗位",
        target_value=50000,
        measurement=Measurement.COMPUTED,
    )
    welder = Position.objects.get(reference="ins-welder")
    profiles = list(TalentProfile.objects.order_by("pk"))
    starts = (dt.date(2026, 3, 1), dt.date(2026, 4, 15))
    for profile, start in zip(profiles[:2], starts, strict=True):
        Application.objects.create(
            profile=profile,
            position=welder,
            state=State.PLACED,
            origin=Origin.APPLIED,
            placement_start=start,
        )
    programme = Programme.objects.create(
        key="ins-welding-course",
        kind=ProgrammeKind.MANDARIN_VOCATIONAL,
        title_en="Welding and Mandarin",
        title_zh="焊接与汉语",
    )
    programme.providers.add(personas.university)
    ProgrammeSkill.objects.create(programme=programme, skill=data.welding)
    cohort = Cohort.objects.create(programme=programme, name="2026")
    Enrolment.objects.create(
        cohort=cohort,
        profile=profiles[0],
        status=EnrolmentStatus.COMPLETED,
        completed_on=dt.date(2026, 6, 30),
    )
    return data


def test_alliance_dashboard_shows_targets_placements_and_trainees(world, personas):
    board = dashboards.alliance_dashboard(personas.platform_admin, world.alliance)
    assert [(t["label"], t["target"], t["achieved"]) for t in board.targets] == [
        ("Internships and jobs", 50000, 2)
    ]
    assert board.placements == [
        {"month": "2026-03", "count": 1},
        {"month": "2026-04", "count": 1},
    ]
    assert board.trainees == [{"month": "2026-06", "count": 1}]


def test_placements_are_counted_only_where_the_viewer_may_see_them(world, personas):
    # Recruiter B's enterprise recruits none of these placements.
    assert dashboards.placements_by_month(personas.recruiter_b) == []
    assert len(dashboards.placements_by_month(personas.recruiter_a)) == 2


def test_gaps_name_the_programmes_that_close_them(world, personas):
    rows = {r.label_en: r for r in gaps.skill_gaps(personas.platform_admin)}
    assert [p.title_en for p in rows["welding"].programmes] == ["Welding and Mandarin"]
    assert rows["Mandarin"].programmes == []


def test_alliance_pdf_has_the_target_in_chinese(world, personas, client_for):
    import io

    from pypdf import PdfReader

    response = client_for(personas.secretariat).get(
        reverse("insights:alliance_export", args=[world.alliance.pk, "pdf"]),
        headers={"accept-language": "zh-hans"},
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "实习和就业岗位" in text and "50,000" in text
