"""What enterprises and students do with positions: publish them, find them, keep them right."""

import datetime as dt

import pytest
from django.urls import reverse

from corridor.jobs.models import Position, PositionLanguage, PositionSkill, PositionStatus

from .conftest import position_data

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:position_list")
CREATE = reverse("jobs:position_create")


def detail(position):
    return reverse("jobs:position_detail", args=[position.pk])


def status_url(position):
    return reverse("jobs:position_status", args=[position.pk])


def found(client, **params) -> str:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def test_recruiter_publishes_a_position_that_students_then_find(
    client_for, personas, taxonomy, project_a
):
    recruiter = client_for(personas.recruiter_a)
    data = position_data(
        personas.enterprise_a,
        project=project_a.pk,
        occupation_label="electrician",
        occupation=taxonomy.electrician.pk,
        skills=[
            ("welding", taxonomy.welding.pk, "essential"),  # picked from the suggestions
            ("电气布线", None, "essential"),  # typed in Chinese, without JavaScript
            ("ceramic glazing", taxonomy.glazing.pk, "optional"),
        ],
        languages=[("zh", "HSK", "hsk 4"), ("en", "CEFR", "b2")],
    )
    response = recruiter.post(CREATE, data)
    assert response.status_code == 302
    position = Position.objects.get(title_en="Hydropower electrician")
    assert response["Location"] == detail(position)
    assert position.status == PositionStatus.DRAFT
    assert position.reference == "hydropower-electrician"
    assert position.project == project_a and position.occupation == taxonomy.electrician
    assert {(r.skill, r.importance) for r in position.skills.all()} == {
        (taxonomy.welding, "essential"),
        (taxonomy.wiring, "essential"),
        (taxonomy.glazing, "optional"),
    }
    assert {(r.language, r.scale, r.level) for r in position.languages.all()} == {
        ("zh", "HSK", "4"),
        ("en", "CEFR", "B2"),
    }

    # A draft: the student neither finds nor opens it.
    student = client_for(personas.student)
    assert "Hydropower electrician" not in found(student, q="焊接")
    assert student.get(detail(position)).status_code == 404

    # The recruiter publishes it from the position page.
    recruiter = client_for(personas.recruiter_a)
    page = recruiter.get(detail(position)).content.decode()
    assert status_url(position) in page and "Publish" in page
    response = recruiter.post(status_url(position), {"status": "open"})
    assert response.status_code == 302 and response["Location"] == detail(position)
    position.refresh_from_db()
    assert position.status == PositionStatus.OPEN

    # Now students find it by a Chinese skill label, a synonym, country and kind.
    student = client_for(personas.student)
    assert "Hydropower electrician" in found(student, q="焊接")
    assert "Hydropower electrician" in found(student, q="电焊")  # a synonym of welding
    assert "Hydropower electrician" in found(student, country="PK", kind="job")
    assert "Hydropower electrician" not in found(student, country="VN")
    assert "Hydropower electrician" not in found(student, kind="internship")

    page = student.get(detail(position)).content.decode()
    assert "Chinese ≥ HSK 4" in page and "English ≥ CEFR B2" in page
    assert taxonomy.welding.get_absolute_url() in page
    assert taxonomy.glazing.get_absolute_url() in page
    assert taxonomy.electrician.get_absolute_url() in page
    assert "Enterprise A" in page and "Hydropower station" in page
    assert "Vocational diploma" in page
    assert reverse("jobs:position_update", args=[position.pk]) not in page
    assert status_url(position) not in page


def test_the_detail_page_lists_essential_and_optional_skills_apart(
    client_for, personas, taxonomy, make_position
):
    position = make_position(title_en="Kiln operator")
    PositionSkill.objects.create(position=position, skill=taxonomy.glazing, importance="essential")
    PositionSkill.objects.create(position=position, skill=taxonomy.welding, importance="optional")
    PositionLanguage.objects.create(position=position, language="vi", scale="native")
    page = client_for(personas.student).get(detail(position)).content.decode()
    essential = page.index("Essential skills")
    optional = page.index("Optional skills")
    assert essential < page.index("ceramic glazing") < optional < page.index(">welding<")
    assert "Vietnamese, native speaker" in page


def test_the_chinese_interface_shows_chinese_titles_and_language_names(
    client_for, personas, make_position
):
    position = make_position(title_en="Electrician", title_zh="电工")
    PositionLanguage.objects.create(position=position, language="zh", scale="HSK", level="4")
    client = client_for(personas.student)
    page = client.get(detail(position), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans"' in page
    assert "<h1>电工" in page and "中文" in page and "HSK 4" in page


def test_drafts_are_seen_only_by_their_enterprise(client_for, personas, make_position):
    draft = make_position(title_en="Secret draft", status=PositionStatus.DRAFT)
    for who in ("student", "student_b", "recruiter_b", "outsider", "secretariat"):
        client = client_for(getattr(personas, who))
        assert client.get(detail(draft)).status_code == 404, who
        assert "Secret draft" not in found(client, status="draft"), who
        assert "Secret draft" not in found(client, status="any"), who
    for who in ("recruiter_a", "platform_admin"):
        client = client_for(getattr(personas, who))
        assert client.get(detail(draft)).status_code == 200, who
        assert "Secret draft" not in found(client)  # the list shows open positions by default
        assert "Secret draft" in found(client, status="draft"), who
        assert "Secret draft" in found(client, status="any"), who


def test_the_list_shows_open_positions_unless_asked_otherwise(client_for, personas, make_position):
    make_position(title_en="Open one")
    make_position(title_en="Closed one", status=PositionStatus.CLOSED)
    make_position(title_en="Filled one", status=PositionStatus.FILLED)
    page = found(client_for(personas.student))
    assert "Open one" in page and "Closed one" not in page and "Filled one" not in page
    recruiter = client_for(personas.recruiter_a)
    page = found(recruiter, status="closed")
    assert "Closed one" in page and "Open one" not in page
    assert 'name="status"' in found(recruiter)  # the status filter is offered to recruiters
    assert 'name="status"' not in found(client_for(personas.student))


def test_anonymous_visitors_are_asked_to_sign_in(client, make_position):
    position = make_position()
    for url in (LIST, detail(position)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_search_covers_titles_enterprise_names_and_skills(
    client_for, personas, taxonomy, make_position
):
    welder = make_position(title_en="Pipeline welder", title_zh="管道焊工")
    PositionSkill.objects.create(position=welder, skill=taxonomy.welding)
    potter = make_position(
        title_en="Glaze technician", enterprise=personas.enterprise_b, country="VN"
    )
    PositionSkill.objects.create(position=potter, skill=taxonomy.glazing)
    PositionLanguage.objects.create(position=potter, language="vi", scale="native")
    client = client_for(personas.student)

    def titles(**params):
        page = found(client, **params)
        return {t for t in ("Pipeline welder", "Glaze technician") if t in page}

    assert titles(q="管道") == {"Pipeline welder"}  # Chinese title
    assert titles(q="乙企业") == {"Glaze technician"}  # enterprise's Chinese name
    assert titles(q="enterprise b") == {"Glaze technician"}
    assert titles(q="施釉") == {"Glaze technician"}  # Chinese skill label
    assert titles(q="arc welding") == {"Pipeline welder"}  # English synonym
    assert titles(q="welder pipeline") == {"Pipeline welder"}  # words in any order
    assert titles(q="welder glaze") == set()
    assert titles(language="vi") == {"Glaze technician"}
    assert titles(skill=taxonomy.welding.pk, skill_label="welding") == {"Pipeline welder"}
    assert titles(skill_label="焊接") == {"Pipeline welder"}  # typed, not picked


def test_an_unknown_filter_value_is_explained(client_for, personas):
    page = found(client_for(personas.student), skill_label="underwater basket weaving")
    assert "Unknown skill" in page
    page = found(client_for(personas.student), country="XX")
    assert "Select a valid choice" in page


def test_htmx_search_returns_only_the_results(client_for, personas, make_position):
    make_position(title_en="Crane operator")
    client = client_for(personas.student)
    response = client.get(LIST, {"q": "crane"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Crane operator" in body and "<html" not in body


def test_the_list_is_paginated(client_for, personas, make_position):
    for n in range(30):
        make_position(title_en=f"Numbered position {n:02d}")
    client = client_for(personas.student)
    first = found(client)
    assert "30 positions" in first and "page=2" in first
    second = found(client, page=2)
    assert second.count("Numbered position") == 5


# --- who may change what --------------------------------------------------------------


def test_recruiter_b_cannot_touch_enterprise_a_positions(
    client_for, personas, taxonomy, make_position
):
    position = make_position(title_en="A's position")
    client = client_for(personas.recruiter_b)
    update = reverse("jobs:position_update", args=[position.pk])
    delete = reverse("jobs:position_delete", args=[position.pk])
    assert client.get(update).status_code == 404
    hijack = position_data(personas.enterprise_b, title_en="Hijacked")
    assert client.post(update, hijack).status_code == 404
    assert client.post(delete).status_code == 404
    assert client.post(status_url(position), {"status": "closed"}).status_code == 404
    position.refresh_from_db()
    assert position.title_en == "A's position" and position.status == PositionStatus.OPEN


def test_recruiter_b_cannot_create_a_position_for_enterprise_a(client_for, personas, taxonomy):
    client = client_for(personas.recruiter_b)
    page = client.get(CREATE).content.decode()
    assert "Enterprise B" in page and "Enterprise A" not in page
    response = client.post(CREATE, position_data(personas.enterprise_a, title_en="Mole"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Position.objects.filter(title_en="Mole").exists()


def test_students_may_not_create_positions(client_for, personas):
    client = client_for(personas.student)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, position_data(personas.enterprise_a)).status_code == 403
    assert not Position.objects.exists()


def test_platform_admin_may_create_for_any_enterprise(client_for, personas, taxonomy):
    client = client_for(personas.platform_admin)
    response = client.post(CREATE, position_data(personas.enterprise_b, title_en="By the admin"))
    assert response.status_code == 302
    assert Position.objects.get(title_en="By the admin").enterprise == personas.enterprise_b


# --- validation -------------------------------------------------------------------------


def _other_project(personas):
    from corridor.jobs.models import Project

    return Project.objects.create(
        enterprise=personas.enterprise_b, reference="b-project", title_en="B's", country="VN"
    )


INVALID = {
    "unknown skill": (
        lambda t, p: {"skills": [("underwater basket weaving", None, "essential")]},
        "Unknown skill “underwater basket weaving”",
    ),
    "unknown skill id": (
        lambda t, p: {"skills": [("welding", 999999, "essential")]},
        "Unknown skill",
    ),
    "duplicate skill": (
        lambda t, p: {
            "skills": [
                ("welding", t.welding.pk, "essential"),
                ("焊接", t.welding.pk, "optional"),
            ]
        },
        "welding is listed twice.",
    ),
    "bad level": (
        lambda t, p: {"languages": [("zh", "HSK", "12")]},
        "is not a level of the HSK scale",
    ),
    "CEFR level on the HSK scale": (
        lambda t, p: {"languages": [("zh", "HSK", "B2")]},
        "is not a level of the HSK scale",
    ),
    "level without a scale": (
        lambda t, p: {"languages": [("en", "", "B2")]},
        "Choose a scale",
    ),
    "duplicate language": (
        lambda t, p: {"languages": [("zh", "HSK", "4"), ("zh", "HSK", "5")]},
        "is listed twice.",
    ),
    "deadline after start": (
        lambda t, p: {"start_date": "2027-03-01", "application_deadline": "2027-04-01"},
        "The deadline must not be after the start date.",
    ),
    "project of another enterprise": (
        lambda t, p: {"project": _other_project(p).pk},
        "Select a valid choice",
    ),
    "headcount below one": (
        lambda t, p: {"headcount": 0},
        "greater than or equal to 1",
    ),
    "unknown occupation": (
        lambda t, p: {"occupation_label": "astronaut"},
        "Unknown occupation “astronaut”",
    ),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_positions_are_refused_and_nothing_is_saved(case, client_for, personas, taxonomy):
    build, message = INVALID[case]
    extra = build(taxonomy, personas)
    skills = extra.pop("skills", [("welding", taxonomy.welding.pk, "essential")])
    languages = extra.pop("languages", [("en", "CEFR", "B1")])
    data = position_data(
        personas.enterprise_a,
        title_en="Invalid position",
        skills=skills,
        languages=languages,
        **extra,
    )
    response = client_for(personas.recruiter_a).post(CREATE, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Nothing was saved" in body
    assert 'value="Invalid position"' in body  # what was typed is kept
    assert not Position.objects.exists()
    assert not PositionSkill.objects.exists() and not PositionLanguage.objects.exists()


def test_admin_cannot_attach_a_project_of_another_enterprise(client_for, personas, taxonomy):
    other = _other_project(personas)
    response = client_for(personas.platform_admin).post(
        CREATE, position_data(personas.enterprise_a, project=other.pk)
    )
    assert response.status_code == 400
    assert "The project belongs to another enterprise." in response.content.decode()
    assert not Position.objects.exists()


def test_an_invalid_edit_leaves_the_position_and_its_requirements_untouched(
    client_for, personas, taxonomy, make_position
):
    position = make_position(title_en="Original", headcount=2)
    PositionSkill.objects.create(position=position, skill=taxonomy.welding)
    PositionLanguage.objects.create(position=position, language="zh", scale="HSK", level="3")
    data = position_data(
        personas.enterprise_a,
        title_en="Changed",
        skills=[("electrical wiring", taxonomy.wiring.pk, "essential")],
        languages=[("zh", "HSK", "ten")],
    )
    url = reverse("jobs:position_update", args=[position.pk])
    assert client_for(personas.recruiter_a).post(url, data).status_code == 400
    position.refresh_from_db()
    assert position.title_en == "Original" and position.headcount == 2
    assert [r.skill for r in position.skills.all()] == [taxonomy.welding]
    assert [(r.language, r.level) for r in position.languages.all()] == [("zh", "3")]


def test_editing_replaces_requirements_and_keeps_the_reference(
    client_for, personas, taxonomy, make_position
):
    position = make_position(title_en="Electrician", reference="elec-01")
    kept = PositionSkill.objects.create(position=position, skill=taxonomy.welding)
    PositionSkill.objects.create(position=position, skill=taxonomy.glazing)
    PositionLanguage.objects.create(position=position, language="zh", scale="HSK", level="3")
    client = client_for(personas.recruiter_a)
    url = reverse("jobs:position_update", args=[position.pk])

    page = client.get(url).content.decode()  # the form shows what is there
    assert 'value="welding"' in page and 'value="ceramic glazing"' in page
    assert 'value="3"' in page

    data = position_data(
        personas.enterprise_a,
        title_en="Senior electrician",
        reference="elec-01",
        skills=[
            ("welding", taxonomy.welding.pk, "optional"),
            ("ceramic glazing", taxonomy.glazing.pk, "essential"),
            ("electrical wiring", taxonomy.wiring.pk, "essential"),
        ],
        languages=[("zh", "HSK", "5")],
        **{"skills-1-DELETE": "on"},  # glazing ticked for removal
    )
    assert client.post(url, data).status_code == 302
    position.refresh_from_db()
    assert position.title_en == "Senior electrician" and position.reference == "elec-01"
    rows = {r.skill: r for r in position.skills.all()}
    assert set(rows) == {taxonomy.welding, taxonomy.wiring}
    assert rows[taxonomy.welding].pk == kept.pk and rows[taxonomy.welding].importance == "optional"
    assert [(r.language, r.level) for r in position.languages.all()] == [("zh", "5")]


def test_references_are_unique_per_enterprise(client_for, personas, taxonomy):
    for enterprise, who in [
        (personas.enterprise_a, "recruiter_a"),
        (personas.enterprise_a, "recruiter_a"),
        (personas.enterprise_b, "recruiter_b"),
    ]:
        client = client_for(getattr(personas, who))
        assert client.post(CREATE, position_data(enterprise, title_en="Welder")).status_code == 302
    refs = set(Position.objects.values_list("enterprise__slug", "reference"))
    assert refs == {
        ("enterprise-a", "welder"),
        ("enterprise-a", "welder-2"),
        ("enterprise-b", "welder"),
    }

    # A reference typed by hand must be free in the enterprise.
    client = client_for(personas.recruiter_a)
    response = client.post(CREATE, position_data(personas.enterprise_a, reference="welder"))
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_a_position_is_created_from_its_project_page(client_for, personas, taxonomy, project_a):
    client = client_for(personas.recruiter_a)
    project_page = client.get(project_a.get_absolute_url()).content.decode()
    link = f"{CREATE}?project={project_a.pk}"
    assert link in project_page and "Create a position in this project" in project_page

    form = client.get(link).content.decode()
    assert f'<option value="{project_a.pk}" selected>' in form
    assert f'<option value="{personas.enterprise_a.pk}" selected>' in form
    assert '<option value="PK" selected>' in form
    assert 'value="Muzaffarabad"' in form
    assert f'<option value="{taxonomy.hydropower.pk}" selected>' in form

    # Another enterprise's project brings nothing along.
    other = client_for(personas.recruiter_b).get(link).content.decode()
    assert "Muzaffarabad" not in other
    student_page = client_for(personas.student).get(project_a.get_absolute_url())
    assert "Create a position in this project" not in student_page.content.decode()


def test_deleting_a_position_asks_first(client_for, personas, taxonomy, make_position):
    position = make_position(title_en="Short-lived")
    PositionSkill.objects.create(position=position, skill=taxonomy.welding)
    client = client_for(personas.recruiter_a)
    url = reverse("jobs:position_delete", args=[position.pk])
    assert "Short-lived" in client.get(url).content.decode()
    assert Position.objects.filter(pk=position.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Position.objects.filter(pk=position.pk).exists()
    assert not PositionSkill.objects.exists()


# --- publishing -------------------------------------------------------------------------


def test_status_follows_the_workflow(client_for, personas, make_position):
    position = make_position(status=PositionStatus.DRAFT, title_en="Workflow")
    client = client_for(personas.recruiter_a)

    def move(status):
        response = client.post(status_url(position), {"status": status})
        position.refresh_from_db()
        return response.status_code

    assert move("closed") == 400 and position.status == PositionStatus.DRAFT
    assert move("open") == 302 and position.status == PositionStatus.OPEN
    assert move("filled") == 302 and position.status == PositionStatus.FILLED
    assert move("draft") == 400 and position.status == PositionStatus.FILLED
    assert move("open") == 302 and position.status == PositionStatus.OPEN  # reopened
    assert move("closed") == 302 and position.status == PositionStatus.CLOSED
    assert move("nonsense") == 400 and position.status == PositionStatus.CLOSED

    page = client.get(status_url(position)).content.decode()
    assert "Reopen" in page


def test_a_position_whose_deadline_passed_cannot_be_opened(client_for, personas, make_position):
    position = make_position(status=PositionStatus.CLOSED, application_deadline=dt.date(2020, 1, 1))
    response = client_for(personas.recruiter_a).post(status_url(position), {"status": "open"})
    assert response.status_code == 400
    assert "has passed" in response.content.decode()
    position.refresh_from_db()
    assert position.status == PositionStatus.CLOSED


def test_students_cannot_change_the_status(client_for, personas, make_position):
    position = make_position(status=PositionStatus.OPEN)
    client = client_for(personas.student)
    assert client.post(status_url(position), {"status": "closed"}).status_code == 404
    position.refresh_from_db()
    assert position.status == PositionStatus.OPEN
