"""Career planning: a student picks a target position, sees the skills they miss and a
programme that teaches them, with how much it would raise their suitability."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from corridor.jobs.models import Position, PositionSkill
from corridor.talent.models import ProfileSkill, TalentProfile
from corridor.taxonomy.models import Skill
from corridor.training import services
from corridor.training.models import Programme

pytestmark = pytest.mark.browser


def skill(label_en, label_zh):
    return Skill.objects.create(
        uri=f"urn:test:{label_en.replace(' ', '-')}",
        label_en=label_en,
        label_zh=label_zh,
        skill_type="skill/competence",
    )


@pytest.fixture
def world(personas, fresh_matching_world):
    kiln, glaze = skill("control kiln firing", "控制窑炉烧成"), skill("apply glaze", "施釉")
    position = Position.objects.create(
        enterprise=personas.enterprise_a,
        reference="ceramics-technician",
        title_en="Ceramics technician",
        kind="job",
        country="VN",
        city="Hanoi",
        start_date=dt.date(2027, 9, 1),
        status="open",
    )
    PositionSkill.objects.bulk_create(
        [PositionSkill(position=position, skill=s, importance="essential") for s in (kiln, glaze)]
    )
    me = TalentProfile.objects.create(
        user=personas.student,
        full_name="Nguyễn Thị Lan",
        nationality="VN",
        institution=personas.university,
        degree_level="bachelor",
        available_from=dt.date(2027, 6, 1),
    )
    ProfileSkill.objects.create(profile=me, skill=glaze, level=3)
    services.save_programme(
        Programme(kind="customised", title_en="Ceramics for Vietnam", title_zh="陶瓷定制培养"),
        providers=[personas.university],
        skills=[(kiln, 4)],
    )
    return personas


def test_student_picks_a_target_and_sees_what_a_programme_would_add(page, world, sign_in):
    sign_in(world.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Career plan").click()
    expect(page.get_by_role("heading", name="My career plan", level=1)).to_be_visible()
    expect(page.get_by_text("No target yet")).to_be_visible()

    page.get_by_label("Find a target position").fill("ceramics")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("target-search")
    expect(results).to_contain_text("Ceramics technician")
    results.get_by_role("button", name="Add to my plan").click()

    expect(page.get_by_text("Added to your plan.")).to_be_visible()
    target = page.get_by_test_id("career-target")
    expect(target.get_by_role("heading", level=2)).to_contain_text("Ceramics technician")
    now = target.get_by_test_id("current-score").inner_text()
    current = int(re.search(r"(\d+) / 100", now).group(1))
    expect(target.get_by_test_id("missing-skills")).to_contain_text(
        "control kiln firing (essential): not in your profile"
    )
    options = target.get_by_test_id("programme-options")
    expect(options).to_contain_text("Ceramics for Vietnam")
    rise = options.get_by_test_id("rise").first.inner_text()
    after, points = map(int, re.search(r"(\d+) / 100 \(\+(\d+) points\)", rise).groups())
    assert points > 0 and after > current, (now, rise)

    options.get_by_role("link", name="Ceramics for Vietnam").click()
    expect(page.get_by_role("heading", name="Ceramics for Vietnam", level=1)).to_be_visible()
    expect(page.get_by_text("control kiln firing")).to_be_visible()
