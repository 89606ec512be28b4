"""Meeting rows of the permission matrix, merged into ``matrix.py``.

Objects: on the matrix fair, booth A1 (enterprise A) gets meeting hours, ``student``'s
registration a scheduled meeting there with a recorded consultation. Meetings and
consultations are seen by the student, the booth's recruiters and the organisers;
outcomes by organisers only; POST-only endpoints answer GET with 405 to everyone.
"""

import datetime as dt

from django.urls import reverse

from corridor.core.testing import ANON, SIGNED_IN, expect

ORGANISERS = ["platform_admin", "secretariat"]
MEETING_READERS = [*ORGANISERS, "recruiter_a", "student"]
EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)


def _ev(name):
    return lambda o: reverse(name, args=[o["ev_event"].pk])


def _mt(name):
    return lambda o: reverse(name, args=[o["ev_meeting"].pk])


ROUTES = {
    "events:meetings": (_ev("events:meetings"), expect(SIGNED_IN)),
    "events:meetings_ics": (_ev("events:meetings_ics"), expect(SIGNED_IN)),
    "events:outcomes": (_ev("events:outcomes"), expect(ORGANISERS)),
    "events:meeting_request": (_ev("events:meeting_request"), EVERYONE_405),
    "events:meeting_invite": (_ev("events:meeting_invite"), EVERYONE_405),
    "events:meetings_schedule": (_ev("events:meetings_schedule"), EVERYONE_405),
    "events:meeting_request_decide": (
        lambda o: reverse("events:meeting_request_decide", args=[o["ev_meeting_request"].pk]),
        EVERYONE_405,
    ),
    "events:meeting_move": (_mt("events:meeting_move"), EVERYONE_405),
    "events:consultation": (_mt("events:consultation"), expect(MEETING_READERS)),
    "events:consultation_apply": (_mt("events:consultation_apply"), EVERYONE_405),
}


def _api(name, key=None):
    if key is None:
        return lambda o: reverse(f"api:{name}")
    return lambda o: reverse(f"api:{name}", args=[o[key].pk])


def _answers(allowed, *, otherwise=404, anonymous=401, code=200):
    return expect(allowed, otherwise=otherwise, anonymous=anonymous, code=code)


ROUTES.update(
    {
        "api:meeting-request-list": (_api("meeting-request-list"), _answers(SIGNED_IN)),
        "api:meeting-request-detail": (
            _api("meeting-request-detail", "ev_meeting_request"),
            _answers(MEETING_READERS),
        ),
        "api:meeting-request-decide": (
            _api("meeting-request-decide", "ev_meeting_request"),
            _answers([], otherwise=405),
        ),
        "api:meeting-list": (_api("meeting-list"), _answers(SIGNED_IN)),
        "api:meeting-detail": (_api("meeting-detail", "ev_meeting"), _answers(MEETING_READERS)),
        "api:meeting-move": (_api("meeting-move", "ev_meeting"), _answers([], otherwise=405)),
        "api:meeting-generate": (_api("meeting-generate"), _answers([], otherwise=405)),
        "api:consultation-list": (_api("consultation-list"), _answers(SIGNED_IN)),
        "api:consultation-detail": (
            _api("consultation-detail", "ev_consultation"),
            _answers(MEETING_READERS),
        ),
        "api:event-outcome-detail": (
            _api("event-outcome-detail", "ev_event"),
            _answers(ORGANISERS),
        ),
    }
)


def objects(personas, built) -> dict:
    from corridor.events.models import Consultation, Meeting, MeetingRequest

    event, booth, registration = built["ev_event"], built["ev_booth"], built["ev_registration"]
    booth.meeting_start, booth.meeting_end = dt.time(10, 0), dt.time(12, 0)
    booth.save()
    request = MeetingRequest.objects.create(
        event=event, booth=booth, registration=registration, status="scheduled"
    )
    start = event.starts_at + dt.timedelta(hours=1)
    meeting = Meeting.objects.create(
        event=event,
        booth=booth,
        request=request,
        registration=registration,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=15),
    )
    consultation = Consultation.objects.create(meeting=meeting, skills_fit=4)
    return {
        "ev_meeting_request": request,
        "ev_meeting": meeting,
        "ev_consultation": consultation,
    }
