"""Demo meetings: synthetic requests for the fair's registered students, idempotent, and a
schedule only when the fair's date is known."""

import pytest

from corridor.demo.loader import Tally
from corridor.events.meetings import load_demo_meetings
from corridor.events.models import Meeting, MeetingRequest
from corridor.events.tests import meeting_fixtures

meet_world = meeting_fixtures.meet_world

pytestmark = pytest.mark.django_db


def test_demo_requests_are_idempotent_and_scheduled_when_dated(personas, meet_world):
    w = meet_world
    personas.platform_admin.is_superuser = True
    personas.platform_admin.save()
    load_demo_meetings(Tally(), w.event, [w.reg, w.reg_b])
    assert MeetingRequest.objects.filter(event=w.event).count() == 4
    assert Meeting.objects.filter(event=w.event).count() == 4
    again = Tally()
    load_demo_meetings(again, w.event, [w.reg, w.reg_b])
    assert not again.changed_anything
    assert MeetingRequest.objects.filter(event=w.event).count() == 4


def test_no_schedule_without_a_year(personas, meet_world):
    w = meet_world
    w.event.starts_at = w.event.ends_at = None
    w.event.start_year = None
    w.event.save()
    load_demo_meetings(Tally(), w.event, [w.reg])
    assert MeetingRequest.objects.filter(event=w.event).count() == 2
    assert not Meeting.objects.exists()
