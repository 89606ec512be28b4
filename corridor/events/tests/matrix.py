"""Events rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

Objects: a published fair organised by the association (so its secretariat and platform
admins manage it), with an agenda item, a speaker, enterprise A's booth and a confirmed
registration of ``student`` (of the university, so the university's institution admin
sees it too). POST-only endpoints answer GET with 405 to everyone. Rows of the meetings
pages live in ``matrix_meetings.py`` (the meetings engineer's) and are merged here.
"""

import datetime as dt
import importlib
import zoneinfo

from django.urls import reverse

from corridor.core.testing import ANON, EVERYONE, SIGNED_IN, expect

ORGANISERS = ["platform_admin", "secretariat"]
CREATORS = ["platform_admin", "secretariat", "institution_admin", "recruiter_a", "recruiter_b"]
OTHERS_REGISTRARS = [*ORGANISERS, "recruiter_a", "recruiter_b"]
BOOTH_KEEPERS = [*ORGANISERS, "recruiter_a"]
TICKET_READERS = [*ORGANISERS, "institution_admin", "student"]
EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)


def _event(name, o):
    return reverse(name, args=[o["ev_event"].pk])


ROUTES = {
    "events:event_list": (lambda o: reverse("events:event_list"), expect(EVERYONE)),
    "events:event_create": (
        lambda o: reverse("events:event_create"),
        expect(CREATORS, otherwise=403),
    ),
    "events:event_detail": (lambda o: _event("events:event_detail", o), expect(EVERYONE)),
    "events:event_update": (lambda o: _event("events:event_update", o), expect(ORGANISERS)),
    "events:event_delete": (lambda o: _event("events:event_delete", o), expect(ORGANISERS)),
    "events:agenda": (lambda o: _event("events:agenda", o), expect(ORGANISERS)),
    "events:session_delete": (
        lambda o: reverse("events:session_delete", args=[o["ev_event"].pk, o["ev_session"].pk]),
        EVERYONE_405,
    ),
    "events:speaker_delete": (
        lambda o: reverse("events:speaker_delete", args=[o["ev_event"].pk, o["ev_speaker"].pk]),
        EVERYONE_405,
    ),
    "events:register": (lambda o: _event("events:register", o), expect(SIGNED_IN)),
    "events:register_others": (
        lambda o: _event("events:register_others", o),
        expect(OTHERS_REGISTRARS),
    ),
    "events:registrations": (lambda o: _event("events:registrations", o), expect(ORGANISERS)),
    "events:check_in": (lambda o: _event("events:check_in", o), expect(ORGANISERS)),
    "events:check_in_scan": (lambda o: _event("events:check_in_scan", o), EVERYONE_405),
    "events:check_in_counts": (
        lambda o: _event("events:check_in_counts", o),
        expect(ORGANISERS),
    ),
    "events:booth_create": (lambda o: _event("events:booth_create", o), expect(ORGANISERS)),
    "events:booth_update": (
        lambda o: reverse("events:booth_update", args=[o["ev_booth"].pk]),
        expect(BOOTH_KEEPERS),
    ),
    "events:decide": (
        lambda o: reverse("events:decide", args=[o["ev_registration"].pk]),
        EVERYONE_405,
    ),
    "events:cancel": (
        lambda o: reverse("events:cancel", args=[o["ev_registration"].pk]),
        expect(TICKET_READERS),
    ),
    "events:my_registrations": (
        lambda o: reverse("events:my_registrations"),
        expect(SIGNED_IN),
    ),
    "events:ticket": (
        lambda o: reverse("events:ticket", args=[o["ev_registration"].pk]),
        expect(TICKET_READERS),
    ),
    "events:ticket_ics": (
        lambda o: reverse("events:ticket_ics", args=[o["ev_registration"].pk]),
        expect(TICKET_READERS),
    ),
}


def _api(name, key=None):
    if key is None:
        return lambda o: reverse(f"api:{name}")
    return lambda o: reverse(f"api:{name}", args=[o[key].pk])


def _answers(allowed, *, otherwise=404, anonymous=401, code=200):
    return expect(allowed, otherwise=otherwise, anonymous=anonymous, code=code)


ROUTES.update(
    {
        "api:event-list": (_api("event-list"), _answers(EVERYONE)),
        "api:event-detail": (_api("event-detail", "ev_event"), _answers(EVERYONE)),
        "api:event-register": (_api("event-register", "ev_event"), EVERYONE_405),
        "api:event-registrations": (
            _api("event-registrations", "ev_event"),
            _answers(ORGANISERS, otherwise=403),
        ),
        "api:event-check-in": (
            _api("event-check-in", "ev_event"),
            EVERYONE_405,
        ),
        "api:registration-list": (_api("registration-list"), _answers(SIGNED_IN)),
        "api:registration-detail": (
            _api("registration-detail", "ev_registration"),
            _answers(TICKET_READERS),
        ),
        "api:registration-cancel": (
            _api("registration-cancel", "ev_registration"),
            _answers([], otherwise=405),
        ),
        "api:booth-list": (_api("booth-list"), _answers(EVERYONE)),
        "api:booth-detail": (_api("booth-detail", "ev_booth"), _answers(EVERYONE)),
    }
)


def objects(personas) -> dict:
    from corridor.directory.models import Person
    from corridor.events.models import (
        Booth,
        Event,
        EventOrganiser,
        Registration,
        RegistrationStatus,
        Session,
        Speaker,
    )

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    event = Event.objects.create(
        kind="employment_fair",
        title_en="Matrix fair",
        starts_at=dt.datetime(2027, 1, 11, 9, 0, tzinfo=shanghai),
        ends_at=dt.datetime(2027, 1, 11, 17, 0, tzinfo=shanghai),
        status="published",
    )
    EventOrganiser.objects.create(event=event, organization=personas.association)
    session = Session.objects.create(event=event, title_en="Opening")
    person = Person.objects.create(slug="ev-matrix-speaker", name_latin="Matrix Speaker")
    speaker = Speaker.objects.create(event=event, person=person, session=session)
    booth = Booth.objects.create(event=event, enterprise=personas.enterprise_a, label="A1")
    registration = Registration.objects.create(
        event=event,
        user=personas.student,
        name="Matrix Student",
        email=personas.student.email,
        organization=personas.university,
        status=RegistrationStatus.CONFIRMED,
    )
    built = {
        "ev_event": event,
        "ev_session": session,
        "ev_speaker": speaker,
        "ev_booth": booth,
        "ev_registration": registration,
    }
    if _meetings is not None:
        built.update(_meetings.objects(personas, built))
    return built


try:  # the meetings engineer's rows, when they exist
    _meetings = importlib.import_module("corridor.events.tests.matrix_meetings")
except ModuleNotFoundError:
    _meetings = None
else:
    ROUTES.update(_meetings.ROUTES)
