"""The seed reports' events in the demo: dates as given, real organisers and speakers, the
seed-000 fair with its enterprises' booths and registered students; a re-run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from corridor.events.models import Booth, Event, Registration, Session, Speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("loaddemo", stdout=StringIO())


def snapshot():
    return (
        sorted(Event.objects.values_list("slug", "updated_at", "parent_id", "status")),
        sorted(Session.objects.values_list("pk", "updated_at")),
        sorted(Speaker.objects.values_list("pk", "updated_at")),
        sorted(Booth.objects.values_list("pk", "updated_at")),
        sorted(Registration.objects.values_list("pk", "updated_at", "status")),
        sorted(Booth.positions.through.objects.values_list("booth_id", "position_id")),
    )


def test_the_seed_events_with_their_dates_organisers_and_speakers(demo):
    fair = Event.objects.get(slug="employment-exchange-pakistani-students")
    # "January 11": no year in the report, none invented.
    assert (fair.start_year, fair.start_month, fair.start_day) == (None, 1, 11)
    assert fair.starts_at is None and fair.start_date is None
    with translation.override("en"):
        assert fair.date_display == "11 January (year not given)"
    assert set(fair.organisers.values_list("organization__slug", flat=True)) == {
        "coda",
        "embassy-pakistan-beijing",
        "citic",
    }
    assert set(fair.speakers.values_list("person__slug", flat=True)) == {
        "khalil-hashmi",
        "he-zhenwei",
    }
    assert fair.sessions.count() == 2  # the report's two themes
    forum = Event.objects.get(slug="caecw-2023-global-youth-digital-brands-forum")
    assert forum.parent.slug == "caecw-2023"
    assert forum.start_date.isoformat() == "2023-08-28" and forum.status == "finished"
    assert forum.speakers.filter(role="keynote").count() == 8
    expo = Event.objects.get(slug="global-digital-trade-expo-2")
    assert expo.end_date.isoformat() == "2023-11-27"
    competition = Event.objects.get(slug="belt-and-road-international-skills-competition")
    assert competition.start_month is None and competition.date_display == "Date not given"


def test_the_fair_has_the_three_enterprises_booths_and_registered_students(demo):
    fair = Event.objects.get(slug="employment-exchange-pakistani-students")
    booths = {b.enterprise.slug: b for b in fair.booths.select_related("enterprise")}
    assert set(booths) == {"sinomach", "czec", "ccecc"}
    for booth in booths.values():
        assert booth.positions.exists()
        assert set(booth.positions.values_list("enterprise_id", flat=True)) == {booth.enterprise_id}
    students = fair.registrations.filter(status="confirmed", kind="student")
    assert students.count() >= 10
    assert students.filter(user__email="student@demo.corridor.test").exists()


def test_running_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("loaddemo", stdout=StringIO())
    assert snapshot() == before


def test_the_fair_page_says_the_year_is_not_given(demo, client):
    fair = Event.objects.get(slug="employment-exchange-pakistani-students")
    page = client.get(reverse("events:event_detail", args=[fair.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "11 January (year not given)" in page.text
    assert "Sinomach" in page.text or "SINOMACH" in page.text.upper()
