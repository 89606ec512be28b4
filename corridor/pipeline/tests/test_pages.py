"""Pages: apply from the position page, the board, moves with clear refusals (400,
nothing saved), notes only for the recruiting side, invitations from the candidates page."""

import pytest
from django.urls import reverse

from corridor.pipeline.models import Application, ApplicationNote
from corridor.pipeline.services import add_note, start_application
from corridor.pipeline.states import State

pytestmark = pytest.mark.django_db


def _apply(personas, world):
    return start_application(
        profile=world.profile, position=world.position_a, actor=personas.student, origin="applied"
    )


def test_student_applies_from_the_position_page(personas, world, client_for):
    client = client_for(personas.student)
    page = client.get(world.position_a.get_absolute_url()).content.decode()
    apply_url = reverse("pipeline:apply", args=[world.position_a.pk])
    assert apply_url in page
    response = client.post(apply_url, {"cover_note": "Hello"})
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.cover_note == "Hello"
    page = client.get(world.position_a.get_absolute_url()).content.decode()
    assert "My application: Applied" in page
    again = client.post(apply_url, {"cover_note": "Again"})
    assert again.status_code == 400
    assert "already an application" in again.content.decode()
    assert Application.objects.count() == 1


def test_applying_without_a_profile_is_refused_with_a_way_forward(personas, world, client_for):
    response = client_for(personas.outsider).post(
        reverse("pipeline:apply", args=[world.position_a.pk])
    )
    assert response.status_code == 400
    assert reverse("talent:my_profile") in response.content.decode()


def test_board_shows_named_applicants_and_moves_them(personas, world, client_for):
    application = _apply(personas, world)
    client = client_for(personas.recruiter_a)
    board_url = reverse("pipeline:board", args=[world.position_a.pk])
    board = client.get(board_url).content.decode()
    assert "Ayesha Khan" in board  # applying gave consent: the name shows
    move = reverse("pipeline:application_transition", args=[application.pk])
    response = client.post(move, {"to": "shortlisted", "next": board_url})
    assert response.status_code == 302 and response.url == board_url
    application.refresh_from_db()
    assert application.state == State.SHORTLISTED


def test_invited_candidates_are_anonymous_on_the_board(personas, world, client_for):
    start_application(
        profile=world.profile_b,
        position=world.position_a,
        actor=personas.recruiter_a,
        origin="invited",
    )
    board = client_for(personas.recruiter_a).get(
        reverse("pipeline:board", args=[world.position_a.pk])
    )
    html = board.content.decode()
    assert "Bilal Ahmed" not in html
    assert f"Candidate #{world.profile_b.pk}" in html


def test_a_refused_move_answers_400_with_the_reason_and_saves_nothing(personas, world, client_for):
    application = _apply(personas, world)
    client = client_for(personas.recruiter_a)
    move = reverse("pipeline:application_transition", args=[application.pk])
    response = client.post(move, {"to": "placed"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This application is Applied" in html and "Shortlist" in html
    missing = client.post(move, {"to": "interview_scheduled"})
    assert missing.status_code == 400 and "needs the interview at" in missing.content.decode()
    application.refresh_from_db()
    assert application.state == State.APPLIED
    assert application.transitions.count() == 1


def test_recruiter_b_never_sees_a_applicants(personas, world, client_for):
    application = _apply(personas, world)
    client = client_for(personas.recruiter_b)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(reverse("pipeline:board", args=[world.position_a.pk])).status_code == 404
    move = reverse("pipeline:application_transition", args=[application.pk])
    assert client.post(move, {"to": "shortlisted"}).status_code == 404
    listing = client.get(reverse("pipeline:application_list")).content.decode()
    assert "Ayesha Khan" not in listing and application.get_absolute_url() not in listing


def test_students_see_only_their_own(personas, world, client_for):
    mine = _apply(personas, world)
    client = client_for(personas.student_b)
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert (
        mine.get_absolute_url()
        not in client.get(reverse("pipeline:application_list")).content.decode()
    )


def test_notes_never_reach_the_student(personas, world, client_for):
    application = _apply(personas, world)
    recruiter = client_for(personas.recruiter_a)
    recruiter.post(
        reverse("pipeline:application_note", args=[application.pk]),
        {"text": "Strong welder, weak Mandarin"},
    )
    assert ApplicationNote.objects.count() == 1
    assert "Strong welder" in recruiter.get(application.get_absolute_url()).content.decode()
    student = client_for(personas.student)
    page = student.get(application.get_absolute_url()).content.decode()
    assert "Strong welder" not in page and "Internal notes" not in page
    response = student.post(
        reverse("pipeline:application_note", args=[application.pk]), {"text": "sneaky"}
    )
    assert response.status_code == 404
    assert ApplicationNote.objects.count() == 1


def test_invite_from_the_candidates_page(personas, world, client_for):
    client = client_for(personas.recruiter_a)
    invite = reverse("pipeline:invite", args=[world.position_a.pk, world.profile.pk])
    response = client.post(invite)
    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.state, application.origin) == ("invited", "invited")
    again = client.post(invite)
    assert again.status_code == 400 and "already an application" in again.content.decode()
    # Recruiter B cannot invite to A's position.
    other = client_for(personas.recruiter_b).post(invite)
    assert other.status_code == 404


def test_student_accepts_an_invitation_on_the_page(personas, world, client_for):
    invitation = start_application(
        profile=world.profile, position=world.position_a, actor=personas.recruiter_a,
        origin="invited",
    )  # fmt: skip
    client = client_for(personas.student)
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Accept the invitation" in page and "Shortlist" not in page
    move = reverse("pipeline:application_transition", args=[invitation.pk])
    assert client.post(move, {"to": "shortlisted"}).status_code == 400
    assert client.post(move, {"to": "applied"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == State.APPLIED


def test_list_page_shows_a_placement(personas, world, client_for):
    import datetime

    application = _apply(personas, world)
    Application.objects.filter(pk=application.pk).update(
        state=State.PLACED,
        placement_start=datetime.date(2027, 3, 1),
        placement_end=datetime.date(2027, 8, 31),
    )
    add_note(application, author=personas.recruiter_a, text="Recruiter-only remark")
    html = client_for(personas.student).get(reverse("pipeline:application_list")).content.decode()
    assert "Placed" in html and "Internship" in html and "Recruiter-only remark" not in html


def test_a_bad_filter_is_explained(personas, world, client_for):
    _apply(personas, world)
    response = client_for(personas.student).get(
        reverse("pipeline:application_list") + "?state=nonsense"
    )
    html = response.content.decode()
    assert "errorlist" in html and "Welder A" not in html
