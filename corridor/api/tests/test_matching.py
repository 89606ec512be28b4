"""Recommendations, candidates and placement drives over the API: the pages' rules."""

import pytest
from django.urls import reverse
from django.utils import translation

from corridor.matching import world as matching_world
from corridor.matching.models import Allocation, DriveStatus, PlacementDrive
from corridor.matching.tasks import run_drive
from corridor.matching.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_world():
    matching_world.clear_cache()
    with translation.override("en"):
        yield
    matching_world.clear_cache()


@pytest.fixture
def pair(personas):
    weld = f.skill("welding", zh="焊接")
    survey = f.skill("land surveying")
    welder = f.position(
        personas.enterprise_a, "welder", essential=[weld, survey], languages=[("zh", "HSK", "4")]
    )
    mine = f.profile(
        "Wang Xiaoming",
        user=personas.student,
        institution=personas.university,
        skills=[(weld, 4)],
        languages=[("zh", "HSK", "3")],
    )
    other = f.profile("Anon Candidate", institution=personas.university, skills=[(weld, 3)])
    return {"weld": weld, "welder": welder, "mine": mine, "other": other}


def test_positions_for_me_are_explained(personas, pair, api_for):
    url = reverse("api:recommendations-positions")
    response = api_for(personas.student).get(url, {"limit": 5})
    assert response.status_code == 200
    top = response.json()[0]
    assert top["id"] == pair["welder"].pk and top["score"] > 0
    explanation = top["explanation"]
    assert [s["label"] for s in explanation["matched"]] == ["welding"]
    assert [s["label"] for s in explanation["missing_essential"]] == ["land surveying"]
    assert explanation["languages"][0]["met"] is False
    assert {c["key"] for c in explanation["components"]} >= {"essential_skills", "language"}
    assert [h["code"] for h in explanation["hard_failures"]] == ["LANGUAGE"]
    # filters as on the page: countries of open positions only; a bad limit is refused
    assert api_for(personas.student).get(url, {"country": "PK"}).json()[0]["id"] == top["id"]
    assert api_for(personas.student).get(url, {"country": "VN"}).status_code == 400
    assert api_for(personas.student).get(url, {"limit": 51}).status_code == 400


def test_positions_for_me_need_a_profile(personas, pair, api_for):
    url = reverse("api:recommendations-positions")
    assert api_for(personas.recruiter_a).get(url).status_code == 404
    assert api_for(None).get(url).status_code == 401


def test_candidates_are_anonymised_and_scoped(personas, pair, api_for):
    url = reverse("api:position-candidates", args=[pair["welder"].pk])
    response = api_for(personas.recruiter_a).get(url)
    assert response.status_code == 200
    rows = {row["profile"]: row for row in response.json()}
    assert set(rows) == {pair["mine"].pk, pair["other"].pk}
    for row in rows.values():
        assert row["identified"] is False
        assert "Wang" not in row["name"] and "Anon" not in row["name"]
        assert "email" not in row
    assert rows[pair["mine"].pk]["explanation"]["matched"][0]["label"] == "welding"
    # the platform admin sees identities; recruiter B may not change the position
    admin = api_for(personas.platform_admin).get(url).json()
    assert {row["name"] for row in admin} == {"Wang Xiaoming", "Anon Candidate"}
    assert api_for(personas.recruiter_b).get(url).status_code == 404
    assert api_for(personas.student).get(url).status_code == 404


def test_drive_create_run_allocations_publish(personas, pair, api_for):
    fitter = f.position(personas.enterprise_a, "fitter", essential=[pair["weld"]])
    client = api_for(personas.recruiter_a)
    response = client.post(
        reverse("api:drive-list"),
        {"name": "API drive", "positions": [fitter.pk], "min_score": 0},
        format="json",
    )
    assert response.status_code == 201, response.json()
    drive = PlacementDrive.objects.get(pk=response.json()["id"])
    assert drive.organization_id == personas.enterprise_a.pk
    assert list(drive.positions.all()) == [fitter]

    detail = reverse("api:drive-detail", args=[drive.pk])
    assert api_for(personas.recruiter_b).get(detail).status_code == 404
    assert (
        api_for(personas.recruiter_b).post(reverse("api:drive-run", args=[drive.pk])).status_code
        == 404
    )

    response = client.post(reverse("api:drive-run", args=[drive.pk]))
    assert response.status_code == 202 and response.json()["status"] == DriveStatus.QUEUED
    assert client.post(reverse("api:drive-run", args=[drive.pk])).status_code == 409
    run_drive.call(drive.pk)
    body = client.get(detail).json()
    assert body["status"] == DriveStatus.DONE and body["progress"] == 1.0
    assert body["report"]["filled_slots"] == Allocation.objects.filter(drive=drive).count() == 1

    rows = client.get(reverse("api:drive-allocations", args=[drive.pk])).json()
    assert len(rows) == 1 and rows[0]["identified"] is False and "Wang" not in rows[0]["name"]
    assert "Anon" not in rows[0]["name"]
    publish = reverse("api:drive-publish", args=[drive.pk])
    assert client.post(publish).json() == {"published": 1}
    assert client.post(publish).status_code == 409


def test_drive_create_uses_the_form_rules(personas, pair, api_for):
    drafter = f.position(personas.enterprise_b, "drafter", essential=[pair["weld"]])
    response = api_for(personas.recruiter_a).post(
        reverse("api:drive-list"), {"name": "Theirs", "positions": [drafter.pk]}, format="json"
    )
    assert response.status_code == 400
    assert PlacementDrive.objects.count() == 0
    response = api_for(personas.student).post(
        reverse("api:drive-list"), {"name": "Mine"}, format="json"
    )
    assert response.status_code == 403
