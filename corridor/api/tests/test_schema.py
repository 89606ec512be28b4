"""The OpenAPI schema: generated without a single warning, valid, and documenting the
error answers of every operation (drf-standardized-errors)."""

import re

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        # --fail-on-warn turns every generator warning (and error) into a failure.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_schema_generates_and_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Corridor API"


def test_every_endpoint_is_documented(schema):
    paths = set(schema["paths"])
    for resource, key in [
        ("organisations", "slug"),
        ("people", "slug"),
        ("skills", "id"),
        ("occupations", "id"),
        ("sectors", "code"),
        ("profiles", "id"),
        ("projects", "id"),
        ("positions", "id"),
    ]:
        assert f"/api/{resource}/" in paths
        assert f"/api/{resource}/{{{key}}}/" in paths
    assert {"/api/skills/autocomplete/", "/api/me/", "/api/auth/token/"} <= paths
    # The documentation pages are not API operations.
    assert not {"/api/docs/", "/api/redoc/", "/api/schema/", "/api/"} & paths


def test_every_error_answer_is_documented(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        where = f"{method.upper()} {path}"
        assert {"401", "405", "500"} <= codes, where
        if "{" in path:
            assert "404" in codes, where
        if method in {"post", "put", "patch"}:
            assert "400" in codes, where
        # the user-scoped endpoints never answer 403; model endpoints (POLICY) may
        if path not in {
            "/api/auth/token/",
            "/api/me/",
            "/api/me/data/",
            "/api/me/erase/",
            "/api/recommendations/positions/",
            "/api/insights/alliances/{id}/",  # an alliance you may not see is a 404
        }:
            assert "403" in codes, where


def test_write_and_read_shapes_are_documented(schema):
    components = schema["components"]["schemas"]
    # A profile is written in full but may be read anonymised: identity fields optional.
    profile_required = set(components["Profile"]["required"])
    assert not {"full_name", "email", "phone", "cv", "student_number"} & profile_required
    assert "identity_visible" in profile_required
    assert "full_name" in components["ProfileWriteRequest"]["required"]
    create = schema["paths"]["/api/profiles/"]["post"]
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Profile"
    }
    # Nested requirements are writable, with their own request components.
    position = components["PositionRequest"]["properties"]
    assert position["skills"]["items"] == {"$ref": "#/components/schemas/PositionSkillRequest"}
    assert position["languages"]["items"] == {
        "$ref": "#/components/schemas/PositionLanguageRequest"
    }


def test_both_ways_of_authenticating_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["tokenAuth"]["name"] == "Authorization"
    assert "cookieAuth" in schemes
    # What POLICY grants to anonymous visitors is documented as needing no credentials.
    paths = schema["paths"]
    assert {} in paths["/api/organisations/"]["get"]["security"]
    assert {} in paths["/api/skills/autocomplete/"]["get"]["security"]
    assert {} not in paths["/api/organisations/"]["post"]["security"]
    assert {} not in paths["/api/people/"]["get"]["security"]
    assert {} not in paths["/api/profiles/{id}/"]["get"]["security"]


@pytest.mark.django_db
def test_schema_is_served(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Corridor API"


def as_json_schema(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema's ``null`` type."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    # "blank or a URI": without a URI checker installed "" would match both branches.
    if any(branch.get("maxLength") == 0 for branch in node.get("oneOf", [])):
        node["anyOf"] = node.pop("oneOf")
    return node


def validator(schema, component):
    """A JSON Schema validator for ``component`` of the OpenAPI document."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    document = Resource.from_contents(as_json_schema(schema), default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:corridor-api", document)
    return Draft202012Validator(
        {"$ref": f"urn:corridor-api#/components/schemas/{component}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def test_error_attributes_of_list_items_are_patterns(schema):
    components = schema["components"]["schemas"]
    attr = components["PositionsCreateLanguagesINDEXLevelErrorComponent"]["properties"]["attr"]
    assert "enum" not in attr
    assert re.fullmatch(attr["pattern"], "languages.0.level")
    assert re.fullmatch(attr["pattern"], "languages.12.level")
    assert not re.fullmatch(attr["pattern"], "languages.x.level")
    assert "discriminator" not in components["PositionsCreateError"]


@pytest.mark.django_db
def test_real_error_answers_match_the_documented_ones(schema, api_for, personas, world):
    client = api_for(personas.recruiter_a)
    body = {
        "enterprise": "enterprise-b",  # not the recruiter's
        "project": world.project_b.pk,
        "title_en": "x",
        "kind": "job",
        "country": "PK",
        "start_date": "2031-01-01",
        "application_deadline": "2031-02-01",  # after the start (model rule)
        "skills": [{"skill": world.welding.pk}, {"skill": world.welding.pk}],
        "languages": [{"language": "zh", "scale": "HSK", "level": "C1"}],
    }
    answers = [
        ("PositionsCreateErrorResponse400", client.post("/api/positions/", body)),
        (
            "PositionsCreateErrorResponse400",
            client.post("/api/positions/", {**body, "enterprise": "enterprise-a"}),
        ),
        (
            "ProfilesListErrorResponse400",
            client.get("/api/profiles/", {"min_level": "HSK:3", "skill_text": "zzz"}),
        ),
        ("ErrorResponse404", client.get("/api/positions/0.5/")),
        ("ErrorResponse404", client.get("/api/no-such-thing/")),
        ("ErrorResponse403", client.patch(f"/api/positions/{world.open_b.pk}/", {"city": "x"})),
    ]
    for component, response in answers:
        assert response.status_code in {400, 403, 404}
        errors = sorted(validator(schema, component).iter_errors(response.json()), key=str)
        assert not errors, (component, response.json(), [e.message for e in errors])


@pytest.mark.django_db
def test_real_answers_match_the_documented_ones(schema, api_for, personas, world):
    """Every GET answer (and a create) validates against the schema's response component."""
    from corridor.talent.models import ProfileLanguage

    ProfileLanguage.objects.create(profile=world.shared_profile, language="zh", scale="native")
    world.shared_profile.experience.create(title="Intern", country="PK")
    recruiter, student = api_for(personas.recruiter_b), api_for(personas.student)
    answers = [
        (recruiter, "/api/organisations/", "PaginatedOrganizationList"),
        (recruiter, "/api/organisations/enterprise-a/", "Organization"),
        (recruiter, "/api/skills/", "PaginatedSkillList"),
        (recruiter, f"/api/skills/{world.welding.pk}/", "SkillDetail"),
        (recruiter, f"/api/occupations/{world.welder.pk}/", "OccupationDetail"),
        (recruiter, "/api/sectors/", "PaginatedSectorList"),
        (recruiter, "/api/profiles/", "PaginatedProfileList"),  # anonymised
        (student, f"/api/profiles/{world.shared_profile.pk}/", "Profile"),  # in full
        (recruiter, "/api/projects/", "PaginatedProjectList"),
        (recruiter, "/api/positions/?status=any", "PaginatedPositionList"),
        (recruiter, f"/api/positions/{world.open_a.pk}/", "Position"),
        (student, "/api/me/", "Me"),
    ]
    for client, url, component in answers:
        response = client.get(url)
        assert response.status_code == 200, url
        errors = [e.message for e in validator(schema, component).iter_errors(response.json())]
        assert not errors, (url, errors)
    world.shared_profile.delete()
    created = student.post(
        "/api/profiles/", {"full_name": "X", "nationality": "PK", "institution": None}
    )
    assert created.status_code == 201, created.json()
    errors = [e.message for e in validator(schema, "Profile").iter_errors(created.json())]
    assert not errors
