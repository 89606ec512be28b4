"""One-to-one meetings at fairs: requests, invitations, the schedule, moves, timetables,
consultations and the event's outcomes.

Plain service functions (the one write path for pages, API and demo). Each checks who
may call it and raises :class:`MeetingError` with a message for the user otherwise.
The scheduling itself is :mod:`corridor_match.meetings` (no Django).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.core.permissions import RECRUITER, Action
from corridor.events.models import (
    Booth,
    Consultation,
    Event,
    EventOutcome,
    Meeting,
    MeetingDirection,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
    Registration,
)
from corridor_match import meetings as engine

#: Requests the organiser's schedule places (the booth accepted them, or invited).
SCHEDULABLE = [
    MeetingRequestStatus.ACCEPTED,
    MeetingRequestStatus.SCHEDULED,
    MeetingRequestStatus.UNSCHEDULED,
]
#: Meetings a new schedule keeps (they happened, or the student missed them).
KEPT = [MeetingStatus.HELD, MeetingStatus.NO_SHOW]

REASON_TEXT = {
    engine.Reason.DUPLICATE: gettext_lazy("requested twice"),
    engine.Reason.NO_SLOTS: gettext_lazy("the booth has no meeting hours"),
    engine.Reason.BOOTH_FULL: gettext_lazy("the booth is fully booked"),
    engine.Reason.STUDENT_BUSY: gettext_lazy("the student's time is full"),
}


class MeetingError(Exception):
    """A refused meeting action; ``str()`` is the message for the user."""


# --- who may do what ---------------------------------------------------------------------


def is_organiser(user, event: Event) -> bool:
    """Staff of an organiser organisation (or a platform admin) may run the event."""
    return Event.objects.for_user(user, Action.CHANGE).filter(pk=event.pk).exists()


def is_booth_staff(user, booth: Booth) -> bool:
    """Recruiters of the booth's enterprise (and platform admins) act for the booth."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.has_role("platform_admin"):
        return True
    return any(r == RECRUITER and o == booth.enterprise_id for r, o in user.role_grants())


# --- suitability ---------------------------------------------------------------------------


def profile_of(registration: Registration):
    """The registered student's talent profile, or None."""
    from corridor.talent.models import TalentProfile

    if registration.user_id is None:
        return None
    return TalentProfile.objects.filter(user_id=registration.user_id).first()


def booth_suitability(registration: Registration, booth: Booth, audience: str = "student"):
    """Best suitability of the student for the booth's open positions.

    Returns ``(score, position, narrative)``; ``(None, None, None)`` without a profile or
    positions.
    """
    from corridor.jobs.models import PositionStatus
    from corridor.matching.services import explain_pair

    profile = profile_of(registration)
    if profile is None:
        return None, None, None
    best = (None, None, None)
    for position in booth.positions.filter(status=PositionStatus.OPEN).select_related("enterprise"):
        narrative = explain_pair(profile, position, audience)
        if best[0] is None or narrative.score > best[0]:
            best = (round(float(narrative.score), 1), position, narrative)
    return best


# --- requests and invitations -----------------------------------------------------------------


def _check_registration(registration: Registration, booth: Booth) -> None:
    if booth.event_id != registration.event_id:
        raise MeetingError(_("This booth is not at the event of the registration."))
    if not registration.is_active:
        raise MeetingError(_("Only confirmed registrations can have meetings."))
    if MeetingRequest.objects.filter(booth=booth, registration=registration).exists():
        raise MeetingError(_("A meeting with this booth has already been requested."))


def request_meeting(
    registration: Registration, booth: Booth, *, actor, message=""
) -> MeetingRequest:
    """The registered student asks ``booth`` for a meeting (stores their suitability)."""
    if registration.user_id != getattr(actor, "pk", None):
        raise MeetingError(_("Only the registered student may request this meeting."))
    _check_registration(registration, booth)
    score, _position, _n = booth_suitability(registration, booth)
    return MeetingRequest.objects.create(
        event_id=booth.event_id,
        booth=booth,
        registration=registration,
        direction=MeetingDirection.STUDENT_REQUEST,
        status=MeetingRequestStatus.REQUESTED,
        suitability=score,
        message=message,
    )


def invite_student(
    booth: Booth, registration: Registration, *, actor, message=""
) -> MeetingRequest:
    """A recruiter of the booth invites a registered student; the invitation is accepted
    on the booth's side, so the schedule places it."""
    if not is_booth_staff(actor, booth):
        raise MeetingError(_("Only recruiters of the booth's enterprise may invite."))
    _check_registration(registration, booth)
    score, _position, _n = booth_suitability(registration, booth)
    return MeetingRequest.objects.create(
        event_id=booth.event_id,
        booth=booth,
        registration=registration,
        direction=MeetingDirection.ENTERPRISE_INVITATION,
        status=MeetingRequestStatus.ACCEPTED,
        suitability=score,
        message=message,
    )


def decide_request(request: MeetingRequest, *, actor, accept: bool) -> MeetingRequest:
    """The booth accepts or declines a student's request (before it is scheduled)."""
    if not is_booth_staff(actor, request.booth):
        raise MeetingError(_("Only recruiters of the booth's enterprise may decide."))
    if request.status not in (MeetingRequestStatus.REQUESTED, MeetingRequestStatus.ACCEPTED):
        raise MeetingError(_("This request is already scheduled or declined."))
    request.status = MeetingRequestStatus.ACCEPTED if accept else MeetingRequestStatus.DECLINED
    request.save(update_fields=["status", "updated_at"])
    return request


# --- the schedule ---------------------------------------------------------------------------


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _slots(booth: Booth) -> list[engine.Slot]:
    if not booth.meeting_start or not booth.meeting_end:
        return []
    breaks = []
    for pair in booth.breaks or []:
        a, b = (dt.time.fromisoformat(v) for v in pair)
        breaks.append((_minutes(a), _minutes(b)))
    return engine.booth_slots(
        booth.pk,
        _minutes(booth.meeting_start),
        _minutes(booth.meeting_end),
        booth.slot_minutes,
        breaks,
    )


def _at(event: Event, day: dt.date, minutes: int) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    return timezone.make_aware(naive, event.tzinfo)


@dataclass
class ScheduleReport:
    """What ``generate_schedule`` did."""

    scheduled: int = 0
    kept: int = 0
    unscheduled: list[tuple[MeetingRequest, str]] = field(default_factory=list)
    optimal: bool = False
    upper_bound: float = 0.0


def generate_schedule(event: Event, *, actor, time_limit: float = 10.0) -> ScheduleReport:
    """Place every accepted request of ``event`` into its booth's meeting slots.

    Meetings already held (or missed) stay, and their booth slots stay taken; every other
    scheduled meeting is replaced. Weight: the student's best suitability for the booth's
    positions, computed now. Raises MeetingError for non-organisers or an event without
    a known date.
    """
    if not is_organiser(actor, event):
        raise MeetingError(_("Only the organisers of the event may generate the schedule."))
    if event.start_date is None:
        raise MeetingError(_("The event has no known date, so its meetings cannot be scheduled."))
    day = event.start_date
    booths = list(event.booths.prefetch_related("positions"))
    kept = list(event.meetings.filter(status__in=KEPT).select_related("booth"))
    kept_requests = {m.request_id for m in kept if m.request_id}
    requests = list(
        event.meeting_requests.filter(status__in=SCHEDULABLE)
        .exclude(pk__in=kept_requests)
        .select_related("registration", "booth")
        .order_by("pk")
    )
    slots: list[engine.Slot] = []
    for booth in booths:
        taken = [
            (
                timezone.localtime(m.starts_at, event.tzinfo),
                timezone.localtime(m.ends_at, event.tzinfo),
            )
            for m in kept
            if m.booth_id == booth.pk
        ]
        for s in _slots(booth):
            if not any(
                s.start < _minutes(b.time()) and _minutes(a.time()) < s.end for a, b in taken
            ):
                slots.append(s)
    weights = []
    for req in requests:
        score, _p, _n = booth_suitability(req.registration, req.booth)
        req.suitability = score
        weights.append(score or 0.0)
    origin = dt.datetime.combine(day, dt.time(0), tzinfo=event.tzinfo)

    def minute_of(value: dt.datetime) -> int:
        return int((value - origin).total_seconds() // 60)

    fixed: dict[int, list[tuple[int, int]]] = {}
    for m in kept:
        fixed.setdefault(m.registration_id, []).append(
            (minute_of(m.starts_at), minute_of(m.ends_at))
        )
    result = engine.schedule(
        slots,
        [
            engine.Request(r.registration_id, r.booth_id, w)
            for r, w in zip(requests, weights, strict=True)
        ],
        min_gap=0,
        time_limit=time_limit,
        fixed=fixed,
    )
    has_hours = {b.pk for b in booths if b.meeting_start and b.meeting_end}
    report = ScheduleReport(kept=len(kept), optimal=result.optimal, upper_bound=result.upper_bound)
    with transaction.atomic():
        event.meetings.exclude(status__in=KEPT).delete()
        for i, req in enumerate(requests):
            j = int(result.slot_of[i])
            reason = result.unscheduled.get(i)
            if reason == engine.Reason.NO_SLOTS and req.booth_id in has_hours:
                reason = engine.Reason.BOOTH_FULL  # every slot went to meetings already held
            if j >= 0:
                start, end = _at(event, day, slots[j].start), _at(event, day, slots[j].end)
                Meeting.objects.create(
                    event=event,
                    booth=req.booth,
                    request=req,
                    registration=req.registration,
                    starts_at=start,
                    ends_at=end,
                )
                req.status = MeetingRequestStatus.SCHEDULED
                report.scheduled += 1
            else:
                req.status = MeetingRequestStatus.UNSCHEDULED
                report.unscheduled.append((req, str(REASON_TEXT[reason])))
            req.save(update_fields=["status", "suitability", "updated_at"])
    return report


def move_meeting(meeting: Meeting, *, actor, starts_at: dt.datetime) -> Meeting:
    """An organiser moves a meeting by hand; refuses double bookings of booth or student."""
    if not is_organiser(actor, meeting.event):
        raise MeetingError(_("Only the organisers of the event may move meetings."))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingError(_("Only scheduled meetings can be moved."))
    ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
    overlapping = (
        Meeting.objects.exclude(pk=meeting.pk)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    )
    clash = overlapping.filter(booth=meeting.booth).select_related("registration").first()
    if clash:
        raise MeetingError(
            _("The booth already meets %(name)s at that time.") % {"name": clash.registration.name}
        )
    clash = overlapping.filter(registration=meeting.registration).select_related("booth").first()
    if clash:
        raise MeetingError(
            _("%(name)s already has a meeting at booth %(booth)s at that time.")
            % {"name": meeting.registration.name, "booth": clash.booth}
        )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.save(update_fields=["starts_at", "ends_at", "updated_at"])
    return meeting


def timetable(user, event: Event):
    """The meetings of ``event`` that ``user`` may see, in time order."""
    return (
        Meeting.objects.for_user(user, Action.VIEW)
        .filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("booth__enterprise", "registration")
        .order_by("starts_at", "booth__label")
    )


def timetable_ics(meetings, title: str) -> bytes:
    """An iCalendar file with one VEVENT per meeting."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Corridor//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for m in meetings:
        ev = icalendar.Event()
        ev.add("uid", f"meeting-{m.pk}@corridor")
        ev.add("dtstart", m.starts_at)
        ev.add("dtend", m.ends_at)
        ev.add("dtstamp", timezone.now())
        ev.add(
            "summary",
            _("Meeting: %(student)s at %(booth)s")
            % {"student": m.registration.name, "booth": m.booth.enterprise},
        )
        ev.add("location", m.booth.label)
        cal.add_component(ev)
    return cal.to_ical()


# --- consultations --------------------------------------------------------------------------


def record_consultation(meeting: Meeting, *, actor, **fields) -> Consultation:
    """The booth's recruiter records the talk; the platform's explanation for the best-suited
    booth position is snapshotted the first time. Marks the meeting held."""
    if not is_booth_staff(actor, meeting.booth):
        raise MeetingError(
            _("Only recruiters of the booth's enterprise may record the consultation.")
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("This meeting was cancelled."))
    with transaction.atomic():
        consultation, created = Consultation.objects.get_or_create(meeting=meeting)
        if created or not consultation.explanation:
            score, position, narrative = booth_suitability(meeting.registration, meeting.booth)
            if position is not None:
                consultation.position = position
                consultation.explanation = {
                    "score": score,
                    "summary": str(narrative.summary),
                    "raw": narrative.raw,
                }
        for name, value in fields.items():
            setattr(consultation, name, value)
        consultation.full_clean()
        consultation.save()
        if meeting.status != MeetingStatus.HELD:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
    return consultation


def start_application_from(consultation: Consultation, *, actor, position=None):
    """Start an application (origin "event") from the consultation and link it."""
    from corridor.pipeline.services import PipelineError, start_application

    meeting = consultation.meeting
    position = position or consultation.position
    if position is None:
        raise MeetingError(_("Choose the position the application is for."))
    profile = profile_of(meeting.registration)
    if profile is None:
        raise MeetingError(_("The student has no talent profile to apply with."))
    try:
        application = start_application(
            profile=profile, position=position, actor=actor, origin="event", event=meeting.event
        )
    except PipelineError as exc:
        raise MeetingError(str(exc)) from None
    consultation.application = application
    consultation.save(update_fields=["application", "updated_at"])
    return application


# --- outcomes ---------------------------------------------------------------------------------


def event_outcomes(event: Event) -> dict:
    """Figures of the event: registrations, attendance, meetings, applications, offers,
    placements (applications linked to the event) and agreements recorded."""
    from corridor.pipeline.models import Application
    from corridor.pipeline.states import State

    regs = Registration.objects.filter(event=event).active()
    apps = Application.objects.filter(
        Q(event=event) | Q(consultations__meeting__event=event)
    ).distinct()
    offered_or_later = [State.OFFERED, State.ACCEPTED, State.PLACED]
    outcome = EventOutcome.objects.filter(event=event).first()
    return {
        "registrations": regs.count(),
        "checked_in": regs.filter(checked_in_at__isnull=False).count(),
        "meeting_requests": event.meeting_requests.count(),
        "meetings_scheduled": event.meetings.exclude(status=MeetingStatus.CANCELLED).count(),
        "meetings_held": event.meetings.filter(status=MeetingStatus.HELD).count(),
        "consultations": Consultation.objects.filter(meeting__event=event).count(),
        "applications": apps.count(),
        "offers": apps.filter(
            Q(state__in=offered_or_later) | Q(transitions__to_state=State.OFFERED)
        )
        .distinct()
        .count(),
        "placements": apps.filter(state=State.PLACED).count(),
        "agreements_signed": outcome.agreements_signed_count if outcome else 0,
        "agreements_notes": outcome.notes if outcome else "",
    }


# --- demo -----------------------------------------------------------------------------------


def load_demo_meetings(tally, fair: Event, registrations: list[Registration]) -> None:
    """Synthetic meeting requests at the seed-000 fair: each registered student with a
    profile asks the two booths that suit them best; booths accept requests scoring 30 or
    more. When the fair's date is known the schedule is generated too (the seed report
    gives no year for it, so its meetings stay unscheduled rather than invent one).
    Idempotent: an existing request of a student to a booth is left as it is."""
    booths = list(fair.booths.prefetch_related("positions"))
    if not booths:
        return
    for registration in registrations:
        if profile_of(registration) is None:
            continue
        scored = []
        for booth in booths:
            score, _p, _n = booth_suitability(registration, booth)
            if score is not None:
                scored.append((score, booth.pk, booth))
        for score, _pk, booth in sorted(scored, key=lambda t: (-t[0], t[1]))[:2]:
            _req, created = MeetingRequest.objects.get_or_create(
                booth=booth,
                registration=registration,
                defaults={
                    "event": fair,
                    "direction": MeetingDirection.STUDENT_REQUEST,
                    "status": MeetingRequestStatus.ACCEPTED
                    if score >= 30
                    else MeetingRequestStatus.REQUESTED,
                    "suitability": score,
                    "message": "Synthetic demo request.",
                },
            )
            tally.count("meeting requests", created, False)
    if fair.start_date is not None and not fair.meetings.exists():
        organiser = fair.organisers.select_related("organization").first()
        from corridor.accounts.models import User

        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if organiser is not None and admin is not None:
            report = generate_schedule(fair, actor=admin, time_limit=5)
            tally.count("meetings", report.scheduled > 0, False)
