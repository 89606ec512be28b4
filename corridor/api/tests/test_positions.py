"""Projects and positions: drafts hidden from other enterprises, nested requirements
written in one go, the model's rules as field errors, the publishing workflow."""

import datetime as dt

import pytest

from corridor.jobs.models import Position, PositionLanguage, PositionSkill, PositionStatus, Project

pytestmark = pytest.mark.django_db


def attrs(response):
    return {error["attr"] for error in response.json()["errors"]}


def results(response):
    return [p["reference"] for p in response.json()["results"]]


def new_position(world, **changes):
    body = {
        "enterprise": "enterprise-a",
        "project": world.project_a.pk,
        "title_en": "Turbine technician",
        "title_zh": "水轮机技术员",
        "kind": "job",
        "country": "PK",
        "city": "Dasu",
        "occupation": world.welder.pk,
        "sector": "energy",
        "headcount": 3,
        "start_date": "2031-03-01",
        "application_deadline": "2031-01-15",
        "skills": [
            {"skill": world.welding.pk, "importance": "essential"},
            {"skill": world.hydro.pk, "importance": "optional"},
        ],
        "languages": [
            {"language": "zh", "scale": "HSK", "level": "HSK 4"},
            {"language": "en", "scale": "CEFR", "level": "b1"},
        ],
    }
    body.update(changes)
    return body


def test_recruiter_creates_a_position_with_its_requirements(api_for, personas, world):
    response = api_for(personas.recruiter_a).post("/api/positions/", new_position(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["reference"] == "turbine-technician"  # made from the title
    assert body["enterprise_name"] == "Enterprise A"
    assert [(s["label"], s["importance"]) for s in body["skills"]] == [
        ("welding", "essential"),
        ("hydropower engineering", "optional"),
    ]
    assert sorted((lang["language"], lang["level"]) for lang in body["languages"]) == [
        ("en", "B1"),
        ("zh", "4"),
    ]
    position = Position.objects.get(pk=body["id"])
    assert position.skills.count() == 2 and position.languages.count() == 2
    assert position.project == world.project_a


@pytest.mark.parametrize(
    ("change", "attr"),
    [
        ({"application_deadline": "2031-04-01"}, "application_deadline"),  # after the start
        ({"project": "PROJECT_B"}, "project"),  # another enterprise's project
        ({"enterprise": "enterprise-b"}, "enterprise"),  # not the recruiter's enterprise
        ({"languages": [{"language": "zh", "scale": "HSK", "level": "12"}]}, "languages.0.level"),
        ({"languages": [{"language": "zh", "scale": "CEFR", "level": "4"}]}, "languages.0.level"),
        (
            {"languages": [{"language": "zz", "scale": "CEFR", "level": "B1"}]},
            "languages.0.language",
        ),
        ({"skills": [{"skill": 999999}]}, "skills.0.skill"),  # unknown skill
        ({"skills": [{"skill": "SKILL"}, {"skill": "SKILL"}]}, "skills.non_field_errors"),
        ({"headcount": 0}, "headcount"),
        ({"kind": "volunteering"}, "kind"),
        ({"title_en": ""}, "title_en"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(api_for, personas, world, change, attr):
    change = {
        key: (
            world.project_b.pk
            if value == "PROJECT_B"
            else [{"skill": world.welding.pk}] * 2
            if value == [{"skill": "SKILL"}, {"skill": "SKILL"}]
            else value
        )
        for key, value in change.items()
    }
    before = (
        Position.objects.count(),
        PositionSkill.objects.count(),
        PositionLanguage.objects.count(),
    )
    response = api_for(personas.recruiter_a).post("/api/positions/", new_position(world, **change))
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert attr in attrs(response), response.json()
    after = (
        Position.objects.count(),
        PositionSkill.objects.count(),
        PositionLanguage.objects.count(),
    )
    assert after == before


def test_drafts_are_hidden_from_other_enterprises(api_for, personas, world):
    url = f"/api/positions/{world.draft_a.pk}/"
    for who in ("recruiter_b", "student", "outsider", "institution_admin", "secretariat"):
        client = api_for(getattr(personas, who))
        assert client.get(url).status_code == 404, who
        assert client.patch(url, {"title_en": "x"}).status_code == 404, who
        assert client.delete(url).status_code == 404, who
        assert "secret-a" not in results(client.get("/api/positions/", {"status": "any"}))
    keeper = api_for(personas.recruiter_a)
    assert keeper.get(url).status_code == 200
    assert "secret-a" in results(keeper.get("/api/positions/", {"status": "any"}))
    assert "secret-a" in results(keeper.get("/api/positions/", {"status": "draft"}))
    assert "secret-a" not in results(keeper.get("/api/positions/"))  # open ones by default


def test_published_positions_are_read_by_all_but_changed_by_their_enterprise(
    api_for, personas, world
):
    url = f"/api/positions/{world.open_a.pk}/"
    other = api_for(personas.recruiter_b)
    assert other.get(url).status_code == 200
    assert other.patch(url, {"title_en": "Mine now"}).status_code == 403
    assert other.put(url, new_position(world, enterprise="enterprise-b")).status_code == 403
    assert other.delete(url).status_code == 403
    assert api_for(personas.student).post("/api/positions/", new_position(world)).status_code == 403
    world.open_a.refresh_from_db()
    assert world.open_a.title_en == "Welder A"


def test_requirements_are_replaced_when_given(api_for, personas, world):
    keeper = api_for(personas.recruiter_a)
    url = f"/api/positions/{world.open_a.pk}/"
    response = keeper.patch(url, {"skills": [{"skill": world.hydro.pk}]})
    assert response.status_code == 200, response.json()
    assert [s["label"] for s in response.json()["skills"]] == ["hydropower engineering"]
    assert [lang["level"] for lang in response.json()["languages"]] == ["4"]  # not given: kept
    response = keeper.patch(url, {"languages": []})
    assert response.json()["languages"] == []
    # Moving it to another enterprise is refused (a field error, nothing changed).
    response = keeper.patch(url, {"enterprise": "enterprise-b"})
    assert response.status_code == 400
    assert attrs(response) == {"enterprise"}


def test_status_follows_the_publishing_workflow(api_for, personas, world):
    keeper = api_for(personas.recruiter_a)
    url = f"/api/positions/{world.draft_a.pk}/"
    assert keeper.patch(url, {"status": "filled"}).status_code == 400  # draft -> filled: no
    response = keeper.patch(url, {"status": "open"})
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    response = keeper.patch(url, {"status": "draft"})
    assert response.status_code == 400
    assert attrs(response) == {"status"}
    # A passed deadline cannot open; the other changes of that request are not kept.
    Position.objects.filter(pk=world.draft_a.pk).update(status=PositionStatus.CLOSED)
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    response = keeper.patch(url, {"status": "open", "application_deadline": past, "city": "X"})
    assert response.status_code == 400
    world.draft_a.refresh_from_db()
    assert (world.draft_a.status, world.draft_a.city) == (PositionStatus.CLOSED, "")
    # Publishing at once on creation.
    response = keeper.post("/api/positions/", new_position(world, status="open"))
    assert response.status_code == 201
    assert response.json()["status"] == "open"


def test_position_filters_and_ordering(api_for, personas, world):
    client = api_for(personas.student)
    assert results(client.get("/api/positions/", {"skill": world.welding.pk})) == ["welder-a"]
    assert results(client.get("/api/positions/", {"language": "zh"})) == ["welder-a"]
    assert results(client.get("/api/positions/", {"q": "焊工"})) == ["welder-a"]  # occupation
    assert results(client.get("/api/positions/", {"ordering": "title_en"})) == [
        "fitter-b",
        "welder-a",
    ]
    assert results(client.get("/api/positions/", {"ordering": "-title_en"})) == [
        "welder-a",
        "fitter-b",
    ]
    for skill in (999999, "³", "welding"):
        response = client.get("/api/positions/", {"skill": skill})
        assert response.status_code == 400, skill
        assert attrs(response) == {"skill"}


def test_projects(api, api_for, personas, world):
    assert api.get("/api/projects/").status_code == 401
    keeper = api_for(personas.recruiter_a)
    body = {
        "enterprise": "enterprise-a",
        "title_en": "Dasu Dam",
        "country": "PK",
        "sector": "energy",
    }
    response = keeper.post("/api/projects/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == "dasu-dam"
    response = keeper.post("/api/projects/", body | {"reference": "dasu-dam"})
    assert response.status_code == 400  # the enterprise already uses that reference
    response = keeper.post(
        "/api/projects/", body | {"start_date": "2030-05-01", "end_date": "2030-01-01"}
    )
    assert response.status_code == 400
    assert attrs(response) == {"end_date"}
    assert Project.objects.filter(enterprise=personas.enterprise_a).count() == 2
    url = f"/api/projects/{world.project_a.pk}/"
    assert api_for(personas.outsider).get(url).status_code == 200
    assert api_for(personas.recruiter_b).patch(url, {"city": "x"}).status_code == 403
    assert keeper.patch(url, {"city": "Dasu"}).json()["city"] == "Dasu"
    assert api_for(personas.recruiter_b).post("/api/projects/", body).status_code == 400
