"""Meeting services: requests, invitations, the generated schedule, moves, consultations,
applications started from them and the event's outcomes."""

import datetime as dt

import pytest
from django.utils import timezone

from corridor.events import meetings as svc
from corridor.events.models import (
    Meeting,
    MeetingRequestStatus,
    MeetingStatus,
    NextStep,
    RegistrationStatus,
)
from corridor.events.tests import meeting_fixtures

meet_world = meeting_fixtures.meet_world

pytestmark = pytest.mark.django_db


def test_student_requests_a_meeting_and_sees_their_suitability(personas, meet_world):
    w = meet_world
    req = svc.request_meeting(w.reg, w.booth_a, actor=personas.student)
    assert req.status == MeetingRequestStatus.REQUESTED
    other = svc.request_meeting(w.reg, w.booth_b, actor=personas.student)
    # welding is the student's skill: the welding booth suits them better
    assert req.suitability > other.suitability


def test_request_refusals(personas, meet_world):
    w = meet_world
    with pytest.raises(svc.MeetingError, match="Only the registered student"):
        svc.request_meeting(w.reg, w.booth_a, actor=personas.student_b)
    svc.request_meeting(w.reg, w.booth_a, actor=personas.student)
    with pytest.raises(svc.MeetingError, match="already been requested"):
        svc.request_meeting(w.reg, w.booth_a, actor=personas.student)
    w.reg_b.status = RegistrationStatus.CANCELLED
    w.reg_b.save()
    with pytest.raises(svc.MeetingError, match="confirmed registrations"):
        svc.request_meeting(w.reg_b, w.booth_a, actor=personas.student_b)


def test_only_the_booths_recruiters_decide_and_invite(personas, meet_world):
    w = meet_world
    req = svc.request_meeting(w.reg, w.booth_a, actor=personas.student)
    with pytest.raises(svc.MeetingError, match="Only recruiters"):
        svc.decide_request(req, actor=personas.recruiter_b, accept=True)
    assert svc.decide_request(req, actor=personas.recruiter_a, accept=False).status == "declined"
    with pytest.raises(svc.MeetingError, match="Only recruiters"):
        svc.invite_student(w.booth_a, w.reg_b, actor=personas.recruiter_b)
    inv = svc.invite_student(w.booth_a, w.reg_b, actor=personas.recruiter_a)
    assert inv.status == MeetingRequestStatus.ACCEPTED


def _accepted(personas, w):
    r1 = svc.request_meeting(w.reg, w.booth_a, actor=personas.student)
    r2 = svc.request_meeting(w.reg, w.booth_b, actor=personas.student)
    r3 = svc.request_meeting(w.reg_b, w.booth_a, actor=personas.student_b)
    r4 = svc.request_meeting(w.reg_b, w.booth_b, actor=personas.student_b)
    for r in (r1, r3):
        svc.decide_request(r, actor=personas.recruiter_a, accept=True)
    for r in (r2, r4):
        svc.decide_request(r, actor=personas.recruiter_b, accept=True)
    return r1, r2, r3, r4


def test_generated_schedule_has_no_double_booking(personas, meet_world):
    w = meet_world
    _accepted(personas, w)
    with pytest.raises(svc.MeetingError, match="Only the organisers"):
        svc.generate_schedule(w.event, actor=personas.recruiter_a)
    report = svc.generate_schedule(w.event, actor=personas.secretariat)
    assert report.scheduled == 4 and report.unscheduled == []
    meetings = list(Meeting.objects.filter(event=w.event))
    for a in meetings:
        for b in meetings:
            if a.pk < b.pk and (a.booth_id == b.booth_id or a.registration_id == b.registration_id):
                assert a.ends_at <= b.starts_at or b.ends_at <= a.starts_at
    local = timezone.localtime(meetings[0].starts_at, w.event.tzinfo)
    assert local.date() == dt.date(2027, 1, 11) and local.hour == 10


def test_schedule_reports_full_booth_and_keeps_held_meetings(personas, meet_world):
    w = meet_world
    w.booth_a.meeting_end = dt.time(10, 30)  # one slot only
    w.booth_a.save()
    r1, _r2, r3, _r4 = _accepted(personas, w)
    report = svc.generate_schedule(w.event, actor=personas.secretariat)
    assert report.scheduled == 3
    [(req, reason)] = report.unscheduled
    assert req.booth == w.booth_a and reason == "the booth is fully booked"
    req.refresh_from_db()
    assert req.status == MeetingRequestStatus.UNSCHEDULED
    held = Meeting.objects.get(booth=w.booth_a)
    held.status = MeetingStatus.HELD
    held.save()
    again = svc.generate_schedule(w.event, actor=personas.secretariat)
    assert Meeting.objects.filter(pk=held.pk, status=MeetingStatus.HELD).exists()
    assert again.kept == 1 and again.scheduled == 2


def test_event_without_a_year_cannot_be_scheduled(personas, meet_world):
    w = meet_world
    w.event.starts_at = w.event.ends_at = None
    w.event.start_year = None
    w.event.start_month, w.event.start_day = 1, 11
    w.event.save()
    with pytest.raises(svc.MeetingError, match="no known date"):
        svc.generate_schedule(w.event, actor=personas.secretariat)


def test_moving_a_meeting_refuses_double_bookings(personas, meet_world):
    w = meet_world
    _accepted(personas, w)
    svc.generate_schedule(w.event, actor=personas.secretariat)
    a_meetings = list(Meeting.objects.filter(booth=w.booth_a).order_by("starts_at"))
    first, second = a_meetings
    with pytest.raises(svc.MeetingError, match="The booth already meets"):
        svc.move_meeting(first, actor=personas.secretariat, starts_at=second.starts_at)
    # the student of ``first`` also meets booth B: moving onto that time is refused
    theirs = Meeting.objects.get(booth=w.booth_b, registration=first.registration)
    late = timezone.localtime(theirs.starts_at, w.event.tzinfo).replace(hour=13, minute=0)
    svc.move_meeting(first, actor=personas.secretariat, starts_at=late)
    with pytest.raises(svc.MeetingError, match="already has a meeting"):
        svc.move_meeting(theirs, actor=personas.secretariat, starts_at=late)
    with pytest.raises(svc.MeetingError, match="Only the organisers"):
        svc.move_meeting(first, actor=personas.recruiter_a, starts_at=late)


def test_consultation_snapshot_application_and_outcomes(personas, meet_world):
    from corridor.pipeline.services import transition

    w = meet_world
    _accepted(personas, w)
    svc.generate_schedule(w.event, actor=personas.secretariat)
    meeting = Meeting.objects.get(booth=w.booth_a, registration=w.reg)
    with pytest.raises(svc.MeetingError, match="Only recruiters"):
        svc.record_consultation(meeting, actor=personas.recruiter_b, skills_fit=4)
    c = svc.record_consultation(
        meeting,
        actor=personas.recruiter_a,
        skills_fit=5,
        language_fit=3,
        career_plan_fit=4,
        next_step=NextStep.APPLY,
        comments="Strong welder",
    )
    assert c.position == w.pos_a and c.explanation["score"] > 0
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    app = svc.start_application_from(c, actor=personas.recruiter_a)
    assert app.event == w.event and app.origin == "event"
    c.refresh_from_db()
    assert c.application == app
    with pytest.raises(svc.MeetingError, match="already an application"):
        svc.start_application_from(c, actor=personas.recruiter_a)
    w.reg.checked_in_at = timezone.now()
    w.reg.save()
    figures = svc.event_outcomes(w.event)
    assert figures["registrations"] == 2 and figures["checked_in"] == 1
    assert figures["meetings_held"] == 1 and figures["applications"] == 1
    assert figures["placements"] == 0
    del transition  # the pipeline's own tests walk the states; the page test does it end to end


def test_timetable_ics_lists_only_ones_own_meetings(personas, meet_world):
    w = meet_world
    _accepted(personas, w)
    svc.generate_schedule(w.event, actor=personas.secretariat)
    mine = svc.timetable(personas.student, w.event)
    assert {m.registration_id for m in mine} == {w.reg.pk}
    assert len(svc.timetable(personas.recruiter_a, w.event)) == 2
    assert len(svc.timetable(personas.secretariat, w.event)) == 4
    ics = svc.timetable_ics(mine, "Fair").decode()
    assert ics.count("BEGIN:VEVENT") == 2 and "Ayesha Khan" in ics
