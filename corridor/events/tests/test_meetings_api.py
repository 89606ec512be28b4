"""Meetings API: request, decide, generate, move refused with 409, outcomes for organisers."""

import pytest
from django.urls import reverse

from corridor.events.models import Meeting
from corridor.events.tests import meeting_fixtures

meet_world = meeting_fixtures.meet_world


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def build(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return build


pytestmark = pytest.mark.django_db


def test_api_request_decide_generate_move_and_outcomes(api_for, personas, meet_world):
    w = meet_world
    student = api_for(personas.student)
    r = student.post(reverse("api:meeting-request-list"), {"booth": w.booth_a.pk}, format="json")
    assert r.status_code == 201 and r.json()["suitability"] > 0
    again = student.post(
        reverse("api:meeting-request-list"), {"booth": w.booth_a.pk}, format="json"
    )
    assert again.status_code == 409 and "already been requested" in again.content.decode()
    req_id = r.json()["id"]
    r = api_for(personas.recruiter_b).post(
        reverse("api:meeting-request-decide", args=[req_id]), {"accept": True}, format="json"
    )
    assert r.status_code == 404  # another enterprise's booth: not even visible
    r = api_for(personas.recruiter_a).post(
        reverse("api:meeting-request-decide", args=[req_id]), {"accept": True}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    organiser = api_for(personas.secretariat)
    r = api_for(personas.recruiter_a).post(
        reverse("api:meeting-generate"), {"event": w.event.pk}, format="json"
    )
    assert r.status_code == 403
    r = organiser.post(reverse("api:meeting-generate"), {"event": w.event.pk}, format="json")
    assert r.status_code == 200 and r.json()["scheduled"] == 1
    mine = student.get(reverse("api:meeting-list")).json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert [m["booth"] for m in rows] == [w.booth_a.pk]
    assert api_for(personas.student_b).get(reverse("api:meeting-list")).json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    meeting = Meeting.objects.get()
    Meeting.objects.create(
        event=w.event,
        booth=w.booth_a,
        registration=w.reg_b,
        starts_at=meeting.ends_at,
        ends_at=meeting.ends_at + (meeting.ends_at - meeting.starts_at),
    )
    r = organiser.post(
        reverse("api:meeting-move", args=[meeting.pk]),
        {"starts_at": meeting.ends_at.isoformat()},
        format="json",
    )
    assert r.status_code == 409 and "The booth already meets Bilal Ahmed" in r.content.decode()
    r = organiser.get(reverse("api:event-outcome-detail", args=[w.event.pk]))
    assert r.status_code == 200 and r.json()["meetings_scheduled"] == 2
    assert student.get(reverse("api:event-outcome-detail", args=[w.event.pk])).status_code == 404
