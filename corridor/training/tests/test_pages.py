import pytest

from corridor.core.testing import OrganizationFactory
from corridor.directory.models import OrganizationKind
from corridor.matching.tests import factories as f
from corridor.talent.models import ProfileSkill
from corridor.training import services
from corridor.training.models import (
    Competition,
    CurriculumStandard,
    Enrolment,
    EnrolmentStatus,
    Programme,
    StandardAdoption,
    TalentOrder,
)
from corridor.training.tests.helpers import cohort, programme, student

pytestmark = pytest.mark.django_db


def _rows(prefix="skills", rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "60",
    }
    for i, (skill, level) in enumerate(rows):
        data[f"{prefix}-{i}-skill_label"] = skill.label_en
        data[f"{prefix}-{i}-skill"] = str(skill.pk)
        data[f"{prefix}-{i}-level"] = str(level)
    return data


def test_an_institution_adds_a_programme_with_the_skills_it_teaches(personas, client_for):
    kiln = f.skill("kiln firing")
    client = client_for(personas.institution_admin)
    data = {"kind": "customised", "title_en": "Kiln school", "providers": [personas.university.pk]}
    response = client.post("/training/programmes/add/", {**data, **_rows(rows=[(kiln, 3)])})
    assert response.status_code == 302
    programme = Programme.objects.get(title_en="Kiln school")
    assert [(r.skill, r.level) for r in programme.skills.all()] == [(kiln, 3)]
    assert list(programme.providers.all()) == [personas.university]


def test_an_invalid_programme_is_refused_and_nothing_saved(personas, client_for):
    client = client_for(personas.institution_admin)
    other = OrganizationFactory(kind=OrganizationKind.UNIVERSITY)
    data = {"kind": "customised", "title_en": "", "providers": [other.pk], **_rows()}
    response = client.post("/training/programmes/add/", data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not Programme.objects.exists()


def test_enrol_then_complete_on_the_cohort_page(personas, client_for):
    kiln = f.skill("kiln firing")
    c = cohort(programme([personas.university], [(kiln, 3)]), capacity=1)
    s = student("Lan", personas)
    client = client_for(personas.institution_admin)
    assert client.post(f"/training/cohorts/{c.pk}/enrol/", {"profile": s.pk}).status_code == 302
    full = client.post(f"/training/cohorts/{c.pk}/enrol/", {"profile": student("B", personas).pk})
    assert full.status_code == 400 and "This cohort is full" in full.content.decode()
    enrolment = Enrolment.objects.get(cohort=c)
    bad = client.post(f"/training/enrolments/{enrolment.pk}/complete/", {"completed_on": ""})
    assert bad.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    done = client.post(
        f"/training/enrolments/{enrolment.pk}/complete/", {"completed_on": "2026-07-01"}
    )
    assert done.status_code == 302
    assert ProfileSkill.objects.get(profile=s, skill=kiln).evidence == "programme"
    page = client.get(s.get_absolute_url()).content.decode()
    assert "Completed programme" in page and "Ceramics for Vietnam" in page


def test_a_student_cannot_enrol_others(personas, client_for):
    c = cohort(programme([personas.university], []))
    response = client_for(personas.student).post(
        f"/training/cohorts/{c.pk}/enrol/", {"profile": student("X", personas).pk}
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_the_order_page_shows_progress_and_the_steps_each_side_may_take(personas, client_for):
    order = TalentOrder.objects.create(
        key="o",
        orderer=personas.enterprise_a,
        supplier=personas.university,
        title_en="Kiln operators",
        quantity=12,
    )
    c = cohort(programme([personas.university], []), order=order)
    services.complete_enrolment(services.enrol(c, student("Done", personas)))
    page = client_for(personas.recruiter_a).get(order.get_absolute_url()).content.decode()
    assert "Kiln operators" in page and "<td>12</td><td>1</td><td>1</td>" in page
    assert "Accept the order" not in page and "Cancel the order" in page
    refused = client_for(personas.recruiter_a).post(
        f"/training/orders/{order.pk}/status/", {"status": "accepted"}
    )
    assert refused.status_code == 400
    assert "Only the training institution" in refused.content.decode()
    client = client_for(personas.institution_admin)
    assert "Accept the order" in client.get(order.get_absolute_url()).content.decode()
    assert (
        client.post(f"/training/orders/{order.pk}/status/", {"status": "accepted"}).status_code
        == 302
    )
    order.refresh_from_db()
    assert order.status == "accepted"


def test_an_institution_records_an_adoption_once(personas, client_for):
    standard = CurriculumStandard.objects.create(
        code="ev", title_en="EV repair", origin=personas.enterprise_b, origin_country="CN"
    )
    personas.university.country = "PK"
    personas.university.save()
    client = client_for(personas.institution_admin)
    data = {"institution": personas.university.pk, "adopted_on": "2026-03-01"}
    assert client.post(f"/training/standards/{standard.pk}/adopt/", data).status_code == 302
    again = client.post(f"/training/standards/{standard.pk}/adopt/", data)
    assert again.status_code == 400 and "already adopted" in again.content.decode()
    assert StandardAdoption.objects.get().cross_border
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "yes (another country)" in page


def test_the_organiser_records_a_result_that_certifies_the_skill(personas, client_for):
    weld = f.skill("welding")
    competition = Competition.objects.create(
        key="c", title_en="Skills Competition", organiser=personas.association
    )
    competition.skills.add(weld)
    s = student("Entrant", personas)
    client = client_for(personas.platform_admin)
    data = {"profile": s.pk, "skill": weld.pk, "result": "silver", "score": "88.5"}
    assert client.post(f"/training/competitions/{competition.pk}/results/", data).status_code == 302
    assert ProfileSkill.objects.get(profile=s, skill=weld).evidence == "certified"
    bad = client.post(f"/training/competitions/{competition.pk}/results/", {**data, "result": "x"})
    assert bad.status_code == 400


def test_lists_and_searches(personas, client_for):
    programme([personas.university], [], title="Kiln school")
    programme([personas.university], [], title="Welding school")
    client = client_for(None)
    page = client.get("/training/?q=kiln").content.decode()
    assert "Kiln school" in page and "Welding school" not in page
    partial = client.get("/training/?q=weld", headers={"HX-Request": "true"}).content.decode()
    assert "Welding school" in partial and "<html" not in partial
    assert client.get("/training/standards/").status_code == 200
    assert client.get("/training/competitions/").status_code == 200


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_pages_do_not_query_per_row(personas, client_for):
    client = client_for(personas.institution_admin)
    for i in range(2):
        prog = programme([personas.university], [(f.skill(f"s{i}"), 2)], title=f"P{i}")
        TalentOrder.objects.create(
            key=f"o{i}", orderer=personas.enterprise_a, supplier=personas.university,
            title_en=f"O{i}", programme=prog,
        )  # fmt: skip
    few = {url: _queries(client, url) for url in ("/training/", "/training/orders/")}
    for i in range(2, 8):
        prog = programme([personas.university, personas.enterprise_a], [], title=f"P{i}")
        TalentOrder.objects.create(
            key=f"o{i}", orderer=personas.enterprise_a, supplier=personas.university,
            title_en=f"O{i}", programme=prog,
        )  # fmt: skip
    assert {url: _queries(client, url) for url in few} == few


def test_a_secretariat_adds_a_competition_with_its_trades(personas, client_for):
    weld = f.skill("welding")
    data = {"title_en": "Corridor Skills Cup", "organiser": personas.association.pk}
    client = client_for(personas.secretariat)
    response = client.post("/training/competitions/add/", {**data, **_rows(rows=[(weld, 2)])})
    assert response.status_code == 302
    competition = Competition.objects.get(title_en="Corridor Skills Cup")
    assert list(competition.skills.all()) == [weld] and competition.start is None
    edit = client.get(f"/training/competitions/{competition.pk}/edit/").content.decode()
    assert "welding" in edit
