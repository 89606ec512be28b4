"""Loads the seed reports' events (corridor/demo/data/events.json) with their organisers,
agenda themes and speakers, and — for the employment exchange fair of seed 000 — booths of
Sinomach, CZEC and CCECC presenting their synthetic demo positions, and the synthetic
Pakistani students registered for it.

Dates are loaded exactly as given: a report without a year leaves the year empty (the
page then says "year not given"). Nothing here invents a time of day either, so no
``starts_at`` is set. Idempotent: every row is matched on a key and only written when it
differs; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from corridor.demo.loader import read, upsert
from corridor.directory.models import Organization, Person
from corridor.events.models import (
    ACTIVE_STATUSES,
    Booth,
    Event,
    EventOrganiser,
    EventStatus,
    OrganiserRole,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Session,
    Speaker,
)
from corridor.jobs.models import Position, PositionStatus, Project

#: The fair of seed 000, where enterprises present positions and students meet them.
FAIR_KEY = "employment-exchange-pakistani-students"
#: (enterprise key, booth label) of the enterprises that presented at the fair.
FAIR_BOOTHS = [("sinomach", "B1"), ("czec", "B2"), ("ccecc", "B3")]
#: Demo logins registered for the fair besides the synthetic students.
FAIR_LOGINS = ["student@demo.corridor.test"]
#: Synthetic students registered for the fair: those from Pakistan (the fair's audience).
FAIR_NATIONALITY = "PK"

#: The day the demo treats as today (as corridor/demo/synthetic.py does).
DEMO_TODAY = dt.date(2026, 11, 23)


def _parts(value) -> tuple:
    value = value or {}
    return value.get("year"), value.get("month"), value.get("day")


def _status(start, end) -> str:
    """Finished when the report's full date lies before the demo's today; published
    (visible, taking registrations) when it does not or when the year is not given."""
    year, month, day = end if end[0] else start
    if year and month and day and dt.date(year, month, day) < DEMO_TODAY:
        return EventStatus.FINISHED
    return EventStatus.PUBLISHED


def _event_values(row: dict) -> dict:
    start, end = _parts(row.get("date_start")), _parts(row.get("date_end"))
    return {
        "kind": row["kind"],
        "title_en": row["title_en"],
        "title_zh": row.get("title_zh") or "",
        "description": row.get("agreements_text") or "",
        "start_year": start[0],
        "start_month": start[1],
        "start_day": start[2],
        "end_year": end[0],
        "end_month": end[1],
        "end_day": end[2],
        "timezone": row.get("timezone") or "Asia/Shanghai",
        "venue": row.get("venue") or "",
        "city": row.get("city") or "",
        "country": row.get("country") or "",
        "attendance_text": row.get("attendance_text") or "",
        "attendance_number": row.get("attendance_number"),
        "notes": row.get("notes") or "",
        "status": _status(start, end),
    }


def load_events(tally) -> dict[str, Event]:
    rows = read("events.json")
    orgs = {o.slug: o for o in Organization.objects.all()}
    people = {p.slug: p for p in Person.objects.all()}
    events: dict[str, Event] = {}
    for row in rows:
        event, created, changed = upsert(Event, {"slug": row["key"]}, _event_values(row))
        events[row["key"]] = event
        tally.count("events", created, changed)
    for row in rows:
        event = events[row["key"]]
        parent = events.get(row.get("parent_event") or "")
        if event.parent_id != (parent.pk if parent else None):
            event.parent = parent
            event.save(update_fields=["parent", "updated_at"])
            tally.count("events", False, True)
        _load_organisers(tally, event, row, orgs)
        _load_themes(tally, event, row)
        _load_speakers(tally, event, row, people)
    fair = events.get(FAIR_KEY)
    if fair is not None:
        load_fair(tally, fair, orgs)
    return events


def _load_organisers(tally, event, row, orgs) -> None:
    wanted = {}
    for role, keys in (
        (OrganiserRole.ORGANISER, row.get("organisers") or []),
        (OrganiserRole.CO_ORGANISER, row.get("co_organisers") or []),
    ):
        for order, key in enumerate(keys):
            if key in orgs:
                wanted[orgs[key].pk] = (role, order)
    for organization_id, (role, order) in wanted.items():
        _obj, created, changed = upsert(
            EventOrganiser,
            {"event": event, "organization_id": organization_id},
            {"role": role, "order": order},
        )
        tally.count("event organisers", created, changed)


def _load_themes(tally, event, row) -> None:
    """The report's themes become the event's agenda items (without times: none given)."""
    for order, theme in enumerate(row.get("themes") or []):
        _obj, created, changed = upsert(
            Session,
            {"event": event, "order": order},
            {"title_en": theme["title_en"], "title_zh": theme.get("title_zh") or ""},
        )
        tally.count("agenda items", created, changed)


def _load_speakers(tally, event, row, people) -> None:
    for order, speaker in enumerate(row.get("speakers") or []):
        person = people.get(speaker["person"])
        if person is None:
            continue
        _obj, created, changed = upsert(
            Speaker,
            {"event": event, "person": person, "role": speaker.get("role") or "speech"},
            {
                "topic_en": speaker.get("topic_en") or "",
                "topic_zh": speaker.get("topic_zh") or "",
                "order": order,
            },
        )
        tally.count("speakers", created, changed)


def load_fair(tally, fair: Event, orgs) -> None:
    """Booths and registrations of the seed-000 fair."""
    for key, label in FAIR_BOOTHS:
        enterprise = orgs.get(key)
        if enterprise is None:
            continue
        booth, created, changed = upsert(
            Booth,
            {"event": fair, "enterprise": enterprise},
            {
                "label": label,
                "description": "Projects in Pakistan and open positions (synthetic demo positions).",
                "meeting_start": dt.time(14, 0),
                "meeting_end": dt.time(17, 0),
                "slot_minutes": 15,
                "breaks": [["15:30", "15:45"]],
            },
        )
        positions = set(
            Position.objects.filter(enterprise=enterprise, status=PositionStatus.OPEN).values_list(
                "pk", flat=True
            )
        )
        projects = set(Project.objects.filter(enterprise=enterprise).values_list("pk", flat=True))
        if set(booth.positions.values_list("pk", flat=True)) != positions:
            booth.positions.set(positions)
            changed = True
        if set(booth.projects.values_list("pk", flat=True)) != projects:
            booth.projects.set(projects)
            changed = True
        tally.count("booths", created, changed and not created)
    registrations = register_fair_students(tally, fair)
    load_fair_meetings(tally, fair, registrations)


def register_fair_students(tally, fair: Event) -> list[Registration]:
    """The synthetic Pakistani students (and the demo student login), confirmed."""
    from corridor.accounts.models import User
    from corridor.talent.models import TalentProfile

    people = []
    for profile in (
        TalentProfile.objects.filter(synthetic=True, nationality=FAIR_NATIONALITY)
        .select_related("institution", "user")
        .order_by("pk")
    ):
        if profile.user_id is None and profile.email:
            people.append((None, profile.name_latin or profile.full_name, profile.email, profile))
    for email in FAIR_LOGINS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            profile = TalentProfile.objects.filter(user=user).first()
            people.append((user, user.get_full_name() or email, email, profile))
    registrations = []
    for user, name, email, profile in people:
        email = email.lower()
        existing = Registration.objects.filter(
            event=fair, email=email, status__in=ACTIVE_STATUSES
        ).first()
        values = {
            "user": user,
            "name": name,
            "kind": RegistrationKind.STUDENT,
            "organization": profile.institution if profile else None,
        }
        if existing is None:
            existing = Registration.objects.create(
                event=fair, email=email, status=RegistrationStatus.CONFIRMED, **values
            )
            tally.count("event registrations", True, False)
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save()
            tally.count("event registrations", False, True)
        registrations.append(existing)
    return registrations


def load_fair_meetings(tally, fair: Event, registrations: list[Registration]) -> None:
    """Meeting requests and meetings at the fair: provided by the meetings part of the app
    (``corridor.events.meetings.load_demo_meetings(tally, fair, registrations)``) once it
    exists; until then the fair has booths and registrations only."""
    try:
        from corridor.events import meetings
    except ImportError:
        return
    loader = getattr(meetings, "load_demo_meetings", None)
    if loader is not None:
        loader(tally, fair, registrations)
