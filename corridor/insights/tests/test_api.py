"""/api/statistics/ and /api/insights/...: the same figures and refusals as the pages."""

import pytest
from django.urls import reverse

from corridor.insights.models import Statistic
from corridor.insights.tests.helpers import build

pytestmark = pytest.mark.django_db


def test_statistics_are_public(client):
    Statistic.objects.create(
        key="cq",
        label_en="Chongqing skilled talents",
        value=5255000,
        unit="persons",
        country="CN",
        region="Chongqing",
    )
    body = client.get(reverse("api:statistic-list")).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["key"], row["value"], row["country"], row["as_of_year"]) == (
        "cq",
        5255000,
        "CN",
        None,
    )
    assert client.get(reverse("api:statistic-list"), {"country": "PK"}).json()["count"] == 0


def test_gaps_api(personas, client_for):
    build(personas)
    client = client_for(personas.secretariat)
    body = client.get(reverse("api:insights-gaps"), {"country": "PK"}).json()
    skills = {s["label_en"]: s for s in body["skills"]}
    assert (skills["welding"]["demand"], skills["welding"]["supply"], skills["welding"]["gap"]) == (
        5,
        2,
        3,
    )
    assert body["totals"]["headcount"] == 5
    bad = client.get(reverse("api:insights-gaps"), {"country": "XX"})
    assert bad.status_code == 400
    assert client_for(personas.student).get(reverse("api:insights-gaps")).status_code == 403
    assert client_for(None).get(reverse("api:insights-gaps")).status_code == 401


def test_alliance_and_country_api(personas, client_for):
    data = build(personas)
    client = client_for(personas.recruiter_a)
    body = client.get(reverse("api:insights-alliance", args=[data.alliance.pk])).json()
    assert body["member_count"] == 3 and body["key"] == "ins-alliance"
    assert (
        client_for(personas.recruiter_b)
        .get(reverse("api:insights-alliance", args=[data.alliance.pk]))
        .status_code
        == 404
    )
    body = client.get(reverse("api:insights-country", args=["pk"])).json()
    assert body["code"] == "PK" and body["open_headcount"] == 5
    assert body["students_from"] is None  # fewer than 5: suppressed
    assert client.get(reverse("api:insights-country", args=["zz"])).status_code == 404
