"""Career planning: the rise a programme brings is the engine's own re-score."""

import pytest

from corridor.matching.narrate import STUDENT
from corridor.matching.services import explain_pair
from corridor.matching.tests import factories as f
from corridor.matching.training import programmes_teaching
from corridor.training import career, services
from corridor.training.models import CareerTarget
from corridor.training.tests.helpers import cohort, programme, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    kiln, glaze, wheel = f.skill("kiln firing"), f.skill("glazing"), f.skill("wheel throwing")
    position = f.position(
        personas.enterprise_a, "ceramics-technician", essential=[kiln, glaze], optional=[wheel]
    )
    me = student("Lan", personas, user=personas.student, skills=[(glaze, 3)])
    kiln_course = programme([personas.university], [(kiln, 4)], title="Kiln course")
    wheel_course = programme([personas.university], [(wheel, 3)], title="Wheel course")
    CareerTarget.objects.create(profile=me, position=position)
    return {
        "position": position,
        "me": me,
        "kiln": kiln,
        "wheel": wheel,
        "kiln_course": kiln_course,
        "wheel_course": wheel_course,
    }


def test_the_plan_shows_missing_skills_and_programmes_by_the_rise(world, personas):
    [plan] = career.plan(personas.student, world["me"])
    assert {line.label for line in plan.missing} == {"kiln firing", "wheel throwing"}
    assert [o.programme for o in plan.options] == [world["kiln_course"], world["wheel_course"]]
    assert plan.options[0].teaches == ["kiln firing"]
    assert all(o.rise > 0 for o in plan.options)
    assert plan.options[0].rise > plan.options[1].rise  # an essential skill weighs more


def test_the_rise_is_what_the_engine_scores_after_completing(world, personas):
    [plan] = career.plan(personas.student, world["me"])
    promised = {o.programme.pk: o.score for o in plan.options}
    services.complete_enrolment(services.enrol(cohort(world["kiln_course"]), world["me"]))
    after = explain_pair(world["me"], world["position"], STUDENT).score
    assert after == pytest.approx(promised[world["kiln_course"].pk], abs=1e-3)
    assert after > plan.score


def test_a_target_is_added_once_and_only_if_visible(world, personas):
    other = f.position(personas.enterprise_a, "draft-one", status="draft")
    with pytest.raises(Exception, match="already in your plan"):
        career.add_target(personas.student, world["me"], world["position"].pk)
    with pytest.raises(Exception, match="Choose a position"):
        career.add_target(personas.student, world["me"], other.pk)


def test_missing_skill_explanations_link_to_programmes(world):
    items = programmes_teaching([world["kiln"].pk, world["wheel"].pk])
    assert {(i["skill_id"], i["title"]) for i in items} == {
        (world["kiln"].pk, "Kiln course"),
        (world["wheel"].pk, "Wheel course"),
    }
    narrative = explain_pair(world["me"], world["position"], STUDENT)
    [kiln_line] = [m for m in narrative.missing_essential if m.skill_id == world["kiln"].pk]
    assert kiln_line.programmes[0]["url"] == world["kiln_course"].get_absolute_url()


def test_the_career_plan_page(world, personas, client_for):
    client = client_for(personas.student)
    page = client.get("/training/career-plan/").content.decode()
    assert "Ceramics Technician" in page and "Kiln course" in page and "points)" in page
    found = client.get("/training/career-plan/?q=ceramics").content.decode()
    assert "Add to my plan" in found
    response = client.post("/training/career-plan/", {"position": world["position"].pk})
    assert response.status_code == 400
    assert "already in your plan" in response.content.decode()
    assert client.post("/training/career-plan/", {"position": "x"}).status_code == 400
