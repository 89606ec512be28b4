"""What enterprises do with projects, and what everyone else sees of them."""

import pytest
from django.urls import reverse

from corridor.jobs.models import Position, PositionStatus, Project

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:project_list")
CREATE = reverse("jobs:project_create")


def project_data(enterprise, **fields):
    data = {
        "enterprise": enterprise.pk,
        "title_en": "Hydropower station construction",
        "title_zh": "水电站建设项目",
        "reference": "",
        "country": "PK",
        "city": "Muzaffarabad",
        "sector": "",
        "start_date": "2027-01-01",
        "end_date": "2029-12-31",
        "description": "A 1,100 MW run-of-river plant.",
    }
    data.update(fields)
    return data


def test_recruiter_creates_projects_with_references_made_from_the_title(
    client_for, personas, taxonomy
):
    client = client_for(personas.recruiter_a)
    response = client.post(
        CREATE, project_data(personas.enterprise_a, sector=taxonomy.hydropower.pk)
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.enterprise == personas.enterprise_a
    assert project.reference == "hydropower-station-construction"
    assert project.sector == taxonomy.hydropower

    client.post(CREATE, project_data(personas.enterprise_a))
    client_for(personas.recruiter_b).post(CREATE, project_data(personas.enterprise_b))
    assert set(Project.objects.values_list("enterprise__slug", "reference")) == {
        ("enterprise-a", "hydropower-station-construction"),
        ("enterprise-a", "hydropower-station-construction-2"),
        ("enterprise-b", "hydropower-station-construction"),
    }

    page = client_for(personas.student).get(project.get_absolute_url()).content.decode()
    assert "Hydropower station construction" in page and "Enterprise A" in page
    assert reverse("jobs:project_update", args=[project.pk]) not in page


def test_a_project_offers_only_the_recruiters_own_enterprise(client_for, personas):
    client = client_for(personas.recruiter_b)
    form = client.get(CREATE).content.decode()
    assert "Enterprise B" in form and "Enterprise A" not in form
    response = client.post(CREATE, project_data(personas.enterprise_a, title_en="Mole"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Project.objects.exists()


def test_invalid_project_is_refused_with_what_was_typed(client_for, personas):
    client = client_for(personas.recruiter_a)
    data = project_data(
        personas.enterprise_a,
        title_en="Backwards",
        start_date="2028-01-01",
        end_date="2027-01-01",
    )
    response = client.post(CREATE, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The end comes before the start." in body and 'value="Backwards"' in body
    assert not Project.objects.exists()


def test_only_the_enterprise_changes_or_deletes_its_project(client_for, personas, project_a):
    update = reverse("jobs:project_update", args=[project_a.pk])
    delete = reverse("jobs:project_delete", args=[project_a.pk])
    outsider = client_for(personas.recruiter_b)
    assert outsider.get(update).status_code == 404
    assert outsider.post(update, project_data(personas.enterprise_b)).status_code == 404
    assert outsider.post(delete).status_code == 404
    assert Project.objects.filter(pk=project_a.pk).exists()

    client = client_for(personas.recruiter_a)
    data = project_data(personas.enterprise_a, title_en="Hydropower station, phase 2")
    data["reference"] = "hydro"
    assert client.post(update, data).status_code == 302
    project_a.refresh_from_db()
    assert project_a.title_en == "Hydropower station, phase 2" and project_a.reference == "hydro"


def test_deleting_a_project_keeps_its_positions(client_for, personas, project_a, make_position):
    position = make_position(project=project_a)
    client = client_for(personas.recruiter_a)
    response = client.post(reverse("jobs:project_delete", args=[project_a.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Project.objects.exists()
    position.refresh_from_db()
    assert position.project is None


def test_the_project_page_lists_only_positions_the_reader_may_see(
    client_for, personas, project_a, make_position
):
    make_position(project=project_a, title_en="Open turbine fitter")
    make_position(project=project_a, title_en="Draft surveyor", status=PositionStatus.DRAFT)
    make_position(title_en="Elsewhere")
    student_page = client_for(personas.student).get(project_a.get_absolute_url()).content.decode()
    assert "Open turbine fitter" in student_page
    assert "Draft surveyor" not in student_page and "Elsewhere" not in student_page
    own_page = client_for(personas.recruiter_a).get(project_a.get_absolute_url()).content.decode()
    assert "Open turbine fitter" in own_page and "Draft surveyor" in own_page


def test_projects_are_filtered_by_words_country_sector_and_enterprise(
    client_for, personas, taxonomy, project_a
):
    Project.objects.create(
        enterprise=personas.enterprise_b,
        reference="kiln",
        title_en="Ceramics workshop",
        title_zh="陶瓷工坊",
        country="VN",
        city="Hanoi",
        sector=taxonomy.ceramics,
    )
    client = client_for(personas.student)

    def titles(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        page = response.content.decode()
        return {t for t in ("Hydropower station", "Ceramics workshop") if t in page}

    assert titles() == {"Hydropower station", "Ceramics workshop"}
    assert titles(q="陶瓷") == {"Ceramics workshop"}
    assert titles(q="hanoi") == {"Ceramics workshop"}
    assert titles(q="甲企业") == {"Hydropower station"}
    assert titles(country="PK") == {"Hydropower station"}
    assert titles(sector=taxonomy.ceramics.pk) == {"Ceramics workshop"}
    assert titles(enterprise=personas.enterprise_a.pk) == {"Hydropower station"}


def test_the_open_position_count_leaves_drafts_out(client_for, personas, project_a, make_position):
    make_position(project=project_a)
    make_position(project=project_a, status=PositionStatus.DRAFT)
    make_position(project=project_a, status=PositionStatus.CLOSED)
    response = client_for(personas.student).get(LIST, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "<td>1</td>" in body
    assert Position.objects.filter(project=project_a).count() == 3


def test_projects_need_sign_in(client, project_a):
    for url in (LIST, project_a.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
