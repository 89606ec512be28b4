"""The inbox page, the unread count in the nav, and /api/notifications/."""

import pytest
from django.urls import reverse

from corridor.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _note(user, subject="Hi", url=""):
    return Notification.objects.create(recipient=user, subject=subject, url=url)


def test_inbox_lists_only_my_notifications_and_the_nav_counts_unread(personas, client_for):
    _note(personas.student, "Mine")
    _note(personas.student_b, "Theirs")
    page = client_for(personas.student).get(reverse("notifications:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mine" in html and "Theirs" not in html
    assert 'class="badge"' in html


def test_mark_one_read_and_open_its_link(personas, client_for):
    note = _note(personas.student, url="/jobs/positions/")
    client = client_for(personas.student)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/jobs/positions/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_foreign_link_is_not_followed(personas, client_for):
    note = _note(personas.student, url="https://evil.example/")
    response = client_for(personas.student).post(
        reverse("notifications:mark_read", args=[note.pk]), {"open": "1"}
    )
    assert response.url == reverse("notifications:inbox")


def test_someone_elses_notification_is_404(personas, client_for):
    note = _note(personas.student)
    client = client_for(personas.student_b)
    assert client.post(reverse("notifications:mark_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(personas, client_for):
    _note(personas.student)
    _note(personas.student)
    other = _note(personas.student_b)
    client_for(personas.student).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=personas.student, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_api_lists_own_and_marks_read(personas, client_for):
    mine = _note(personas.student, "Mine")
    theirs = _note(personas.recruiter_a, "Theirs")
    client = client_for(personas.student)
    listing = client.get(reverse("api:notification-list")).json()
    assert [row["subject"] for row in listing["results"]] == ["Mine"]
    assert client.get(reverse("api:notification-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:notification-read", args=[theirs.pk])).status_code == 404
    answer = client.post(reverse("api:notification-read", args=[mine.pk]))
    assert answer.status_code == 200 and answer.json()["is_read"] is True
    _note(personas.student)
    assert client.post(reverse("api:notification-read-all")).json() == {"marked": 1}
