"""Meeting pages: request, decide, schedule, move refusals, consultation form, outcomes."""

import pytest
from django.urls import reverse

from corridor.events.models import Consultation, Meeting, MeetingRequest
from corridor.events.tests import meeting_fixtures

meet_world = meeting_fixtures.meet_world

pytestmark = pytest.mark.django_db


def _schedule_all(client, personas, w):
    client.force_login(personas.student)
    for booth in (w.booth_a, w.booth_b):
        r = client.post(reverse("events:meeting_request", args=[w.event.pk]), {"booth": booth.pk})
        assert r.status_code == 302
    for recruiter, booth in ((personas.recruiter_a, w.booth_a), (personas.recruiter_b, w.booth_b)):
        client.force_login(recruiter)
        req = MeetingRequest.objects.get(booth=booth)
        r = client.post(reverse("events:meeting_request_decide", args=[req.pk]), {"accept": "1"})
        assert r.status_code == 302
    client.force_login(personas.secretariat)
    r = client.post(reverse("events:meetings_schedule", args=[w.event.pk]), follow=True)
    assert "Schedule generated: 2 meetings placed, 0 could not be." in r.content.decode()


def test_student_requests_booths_and_sees_suitability(client, personas, meet_world):
    w = meet_world
    client.force_login(personas.student)
    page = client.get(reverse("events:meetings", args=[w.event.pk])).content.decode()
    assert "Request a meeting" in page and "Your suitability" in page
    r = client.post(reverse("events:meeting_request", args=[w.event.pk]), {"booth": w.booth_a.pk})
    assert r.status_code == 302
    again = client.post(
        reverse("events:meeting_request", args=[w.event.pk]), {"booth": w.booth_a.pk}
    )
    assert again.status_code == 400
    assert "already been requested" in again.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_outsider_cannot_request_without_registration(client, personas, meet_world):
    w = meet_world
    client.force_login(personas.outsider)
    r = client.post(reverse("events:meeting_request", args=[w.event.pk]), {"booth": w.booth_a.pk})
    assert r.status_code == 403
    assert "Register for the event" in r.content.decode()


def test_schedule_timetable_and_ics(client, personas, meet_world):
    w = meet_world
    _schedule_all(client, personas, w)
    client.force_login(personas.student)
    page = client.get(reverse("events:meetings", args=[w.event.pk])).content.decode()
    assert page.count('href="/events/meetings/') >= 2  # consultation links of own meetings
    ics = client.get(reverse("events:meetings_ics", args=[w.event.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics.content.decode().count("BEGIN:VEVENT") == 2
    client.force_login(personas.recruiter_a)
    r = client.post(reverse("events:meetings_schedule", args=[w.event.pk]))
    assert r.status_code == 403 and "Only the organisers" in r.content.decode()


def test_hand_move_refused_on_double_booking(client, personas, meet_world):
    w = meet_world
    _schedule_all(client, personas, w)
    a = Meeting.objects.get(booth=w.booth_a)
    b = Meeting.objects.get(booth=w.booth_b)
    local = b.starts_at.astimezone(w.event.tzinfo).strftime("%Y-%m-%dT%H:%M")
    r = client.post(reverse("events:meeting_move", args=[a.pk]), {"starts_at": local})
    assert r.status_code == 400
    assert "already has a meeting at booth" in r.content.decode()
    r = client.post(reverse("events:meeting_move", args=[a.pk]), {"starts_at": "soon"})
    assert r.status_code == 400


def test_consultation_form_and_application(client, personas, meet_world):
    w = meet_world
    _schedule_all(client, personas, w)
    meeting = Meeting.objects.get(booth=w.booth_a)
    url = reverse("events:consultation", args=[meeting.pk])
    client.force_login(personas.recruiter_a)
    assert "Platform" in client.get(url).content.decode()
    bad = client.post(url, {"skills_fit": "9", "next_step": "apply"})
    assert bad.status_code == 400 and not Consultation.objects.exists()
    ok = client.post(
        url,
        {
            "skills_fit": "5",
            "language_fit": "4",
            "career_plan_fit": "4",
            "next_step": "apply",
            "comments": "Good welder",
        },
    )
    assert ok.status_code == 302
    r = client.post(
        reverse("events:consultation_apply", args=[meeting.pk]), {"position": w.pos_a.pk}
    )
    assert r.status_code == 302
    assert Consultation.objects.get().application.event == w.event
    client.force_login(personas.student)
    page = client.get(url).content.decode()
    assert "Good welder" in page and "Invite to apply" in page
    client.force_login(personas.recruiter_b)
    assert client.post(url, {"skills_fit": "1", "next_step": "none"}).status_code == 404
    client.force_login(personas.secretariat)
    out = client.get(reverse("events:outcomes", args=[w.event.pk])).content.decode()
    assert 'data-figure="applications">1<' in out and 'data-figure="meetings_held">1<' in out
    r = client.post(
        reverse("events:outcomes", args=[w.event.pk]), {"agreements_signed_count": "-1"}
    )
    assert r.status_code == 400
    r = client.post(
        reverse("events:outcomes", args=[w.event.pk]),
        {"agreements_signed_count": "3", "notes": "MoUs"},
    )
    assert r.status_code == 302
    out = client.get(reverse("events:outcomes", args=[w.event.pk])).content.decode()
    assert 'data-figure="agreements_signed">3<' in out
