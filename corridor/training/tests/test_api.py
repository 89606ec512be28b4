import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from corridor.matching.tests import factories as f
from corridor.training.models import EnrolmentStatus, OrderStatus, TalentOrder
from corridor.training.tests.helpers import cohort, programme, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """``api(user)``: a client sending ``user``'s API token and JSON bodies."""

    def build(user):
        client = APIClient(enforce_csrf_checks=True)
        client.default_format = "json"
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return build


def test_programmes_are_public_with_their_skills(api, personas):
    kiln = f.skill("kiln firing")
    programme([personas.university], [(kiln, 3)])
    [row] = api(None).get("/api/programmes/").json()["results"]
    assert row["providers"] == ["university"]
    assert row["skills"] == [{"skill": kiln.pk, "skill_label": "kiln firing", "level": 3}]


def test_an_institution_enrols_and_completes_through_the_api(api, personas):
    c = cohort(programme([personas.university], []), capacity=1)
    s = student("Api", personas)
    client = api(personas.institution_admin)
    response = client.post(f"/api/cohorts/{c.pk}/enrol/", {"profile": s.pk})
    assert response.status_code == 201
    enrolment_id = response.json()["id"]
    full = client.post(f"/api/cohorts/{c.pk}/enrol/", {"profile": student("B", personas).pk})
    assert full.status_code == 400 and "full" in str(full.json())
    done = client.post(
        f"/api/enrolments/{enrolment_id}/complete/", {"completed_on": "2026-07-01", "grade": "A"}
    )
    assert done.status_code == 200
    assert done.json()["status"] == EnrolmentStatus.COMPLETED and done.json()["certificate"]


def test_a_recruiter_cannot_enrol(api, personas):
    c = cohort(programme([personas.university], []))
    s = student("Api", personas)
    response = api(personas.recruiter_a).post(f"/api/cohorts/{c.pk}/enrol/", {"profile": s.pk})
    assert response.status_code == 403


def test_order_transitions_through_the_api(api, personas):
    order = TalentOrder.objects.create(
        key="o", orderer=personas.enterprise_a, supplier=personas.university, title_en="O"
    )
    url = f"/api/talent-orders/{order.pk}/transition/"
    refused = api(personas.recruiter_a).post(url, {"status": OrderStatus.ACCEPTED})
    assert refused.status_code == 403
    accepted = api(personas.institution_admin).post(url, {"status": OrderStatus.ACCEPTED})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["progress"] == {
        "ordered": None,
        "enrolled": 0,
        "trained": 0,
        "placed": 0,
    }
    assert api(personas.recruiter_b).get(f"/api/talent-orders/{order.pk}/").status_code == 404


def test_career_plan_api(api, personas):
    kiln = f.skill("kiln firing")
    position = f.position(personas.enterprise_a, "kiln-operator", essential=[kiln])
    me = student("Lan", personas, user=personas.student)
    course = programme([personas.university], [(kiln, 4)])
    from corridor.training.models import CareerTarget

    CareerTarget.objects.create(profile=me, position=position)
    [plan] = api(personas.student).get("/api/career-plan/").json()
    assert plan["position"] == position.pk
    assert plan["missing"] == [{"skill": kiln.pk, "label": "kiln firing"}]
    [option] = plan["options"]
    assert option["programme"] == course.pk and option["rise"] > 0
