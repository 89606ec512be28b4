"""/api/applications/: same rules as the pages."""

import pytest
from django.urls import reverse

from corridor.pipeline.models import Application, ApplicationNote
from corridor.pipeline.services import add_note, start_application

pytestmark = pytest.mark.django_db


def test_student_applies_and_withdraws(personas, world, client_for):
    client = client_for(personas.student)
    created = client.post(
        reverse("api:application-list"),
        {"position": world.position_a.pk, "cover_note": "Hi"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "applied" and body["identified"] is True
    again = client.post(
        reverse("api:application-list"),
        {"position": world.position_a.pk},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "already an application" in again.content.decode()
    move = reverse("api:application-transition", args=[body["id"]])
    refused = client.post(move, {"to": "shortlisted"}, content_type="application/json")
    assert refused.status_code == 400
    assert "only the recruiting enterprise may shortlist" in refused.content.decode()
    done = client.post(move, {"to": "withdrawn"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"


def test_recruiter_invites_schedules_and_keeps_notes(personas, world, client_for):
    client = client_for(personas.recruiter_a)
    created = client.post(
        reverse("api:application-list"),
        {"position": world.position_a.pk, "profile": world.profile.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["candidate"] == f"Candidate #{world.profile.pk}"
    application = Application.objects.get()
    student = client_for(personas.student)
    accept = reverse("api:application-transition", args=[application.pk])
    assert (
        student.post(accept, {"to": "applied"}, content_type="application/json").status_code == 200
    )
    client = client_for(personas.recruiter_a)
    missing = client.post(accept, {"to": "interview_scheduled"}, content_type="application/json")
    assert missing.status_code == 400 and "interview_at" in missing.content.decode()
    scheduled = client.post(
        accept,
        {"to": "interview_scheduled", "interview_at": "2030-01-05T10:00:00Z"},
        content_type="application/json",
    )
    assert scheduled.status_code == 200 and scheduled.json()["candidate"] == "Ayesha Khan"
    notes = reverse("api:application-notes", args=[application.pk])
    assert client.post(notes, {"text": "Good"}, content_type="application/json").status_code == 201
    assert [n["text"] for n in client.get(notes).json()] == ["Good"]


def test_notes_never_leak_to_the_student_through_the_api(personas, world, client_for):
    application = start_application(
        profile=world.profile, position=world.position_a, actor=personas.student, origin="applied"
    )
    add_note(application, author=personas.recruiter_a, text="Secret remark")
    student = client_for(personas.student)
    detail = student.get(reverse("api:application-detail", args=[application.pk]))
    assert detail.status_code == 200 and "Secret remark" not in detail.content.decode()
    listing = student.get(reverse("api:application-list"))
    assert "Secret remark" not in listing.content.decode()
    notes = reverse("api:application-notes", args=[application.pk])
    assert student.get(notes).status_code == 404
    assert student.post(notes, {"text": "x"}, content_type="application/json").status_code == 404
    assert ApplicationNote.objects.count() == 1


def test_recruiter_b_sees_none_of_a(personas, world, client_for):
    application = start_application(
        profile=world.profile, position=world.position_a, actor=personas.student, origin="applied"
    )
    client = client_for(personas.recruiter_b)
    assert client.get(reverse("api:application-list")).json()["count"] == 0
    assert client.get(reverse("api:application-detail", args=[application.pk])).status_code == 404
    move = reverse("api:application-transition", args=[application.pk])
    assert client.post(move, {"to": "rejected"}, content_type="application/json").status_code == 404
    invite = client.post(
        reverse("api:application-list"),
        {"position": world.position_a.pk, "profile": world.profile_b.pk},
        content_type="application/json",
    )
    assert invite.status_code == 400
