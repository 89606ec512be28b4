"""Skills, occupations and sectors: public, read-only, searchable in any language."""

import pytest

from corridor.taxonomy.models import OccupationSkill

pytestmark = pytest.mark.django_db


def test_skills_are_public_and_read_only(api, api_for, world, personas):
    response = api.get(f"/api/skills/{world.welding.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["label_zh"] == "焊接"
    assert {"language": "en", "text": "arc welding", "kind": "alternative"} in body["labels"]
    admin = api_for(personas.platform_admin)
    assert admin.post("/api/skills/", {"uri": "x", "label_en": "x"}).status_code == 405
    assert admin.delete(f"/api/skills/{world.welding.pk}/").status_code == 405
    assert api.get("/api/skills/999999/").status_code == 404
    assert api.get("/api/skills/not-a-number/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("weld", ["welding"]),
        ("焊接", ["welding"]),
        ("ARC", ["welding"]),
        ("水电", ["hydropower engineering"]),
    ],
)
def test_skill_search_uses_the_folded_search_column(api, world, query, expected):
    response = api.get("/api/skills/", {"q": query})
    assert [s["label_en"] for s in response.json()["results"]] == expected


def test_skill_autocomplete(api, world):
    response = api.get("/api/skills/autocomplete/", {"q": "arc weld"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": world.welding.pk,
            "uri": "urn:test:welding",
            "label": "welding",
            "label_en": "welding",
            "label_zh": "焊接",
            "matched": "arc welding",
            "fuzzy": False,
        }
    ]
    typo = api.get("/api/skills/autocomplete/", {"q": "weldign"}).json()
    assert typo and typo[0]["id"] == world.welding.pk and typo[0]["fuzzy"] is True
    assert api.get("/api/skills/autocomplete/").json() == []
    response = api.get("/api/skills/autocomplete/", {"q": "weld", "limit": 0})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "limit"


def test_occupations_list_their_skills(api, world):
    OccupationSkill.objects.create(
        occupation=world.welder, skill=world.welding, relation="essential"
    )
    body = api.get(f"/api/occupations/{world.welder.pk}/").json()
    assert body["skills"] == [
        {"skill": world.welding.pk, "label": "welding", "relation": "essential"}
    ]
    assert api.get("/api/occupations/", {"q": "焊工"}).json()["count"] == 1
    assert (
        api.get("/api/occupations/autocomplete/", {"q": "weld"}).json()[0]["id"] == world.welder.pk
    )


def test_sectors(api, world):
    assert api.get("/api/sectors/energy/").json() == {
        "code": "energy",
        "label": "Energy",
        "label_en": "Energy",
        "label_zh": "能源",
    }
    zh = api.get("/api/sectors/energy/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert zh["label"] == "能源"
