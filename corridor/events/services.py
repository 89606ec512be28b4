"""Write paths for events: registrations, the waiting list, approval, check-in, tickets.

Every seat-changing operation locks the event row (``select_for_update``) inside a
transaction, so two people can never take the last seat at once and a cancelled seat goes
to exactly one person from the waiting list. Refusals raise :class:`Refused` with a
message meant for the person who asked; nothing is written when an operation is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.events.models import (
    ACTIVE_STATUSES,
    Event,
    EventOrganiser,
    EventStatus,
    OrganiserRole,
    Registration,
    RegistrationKind,
    RegistrationStatus,
)


class Refused(Exception):
    """An operation the rules do not allow; ``message`` says why, in the user's words."""

    def __init__(self, message, registration: Registration | None = None):
        super().__init__(str(message))
        self.message = message
        self.registration = registration


# --- events -------------------------------------------------------------------------------


@transaction.atomic
def save_event(event: Event, *, organiser=None, user=None) -> Event:
    """Save an event; a new one gets ``organiser`` as its first organiser. A changed
    capacity may free seats: the waiting list moves up at once."""
    created = event.pk is None
    if created and user is not None and getattr(user, "is_authenticated", False):
        event.created_by = user
    event.full_clean()
    event.save()
    if organiser is not None:
        EventOrganiser.objects.get_or_create(
            event=event, organization=organiser, defaults={"role": OrganiserRole.ORGANISER}
        )
    if not created:
        promote_waitlist(event)
    return event


# --- seats --------------------------------------------------------------------------------


@dataclass
class Counts:
    capacity: int | None
    confirmed: int
    pending: int
    waitlisted: int
    checked_in: int
    cancelled: int

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)


def counts(event: Event) -> Counts:
    S = RegistrationStatus
    row = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
        pending=Count("pk", filter=Q(status=S.PENDING)),
        waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
        checked_in=Count("pk", filter=Q(status=S.CONFIRMED, checked_in_at__isnull=False)),
        cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
    )
    return Counts(capacity=event.capacity, **row)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _has_seat(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    return taken < event.capacity


def _notify(registration: Registration, subject, body, **params) -> None:
    if registration.user_id is None:
        return
    from corridor.notifications.services import notify

    notify(
        registration.user,
        subject=subject,
        body=body,
        params={"event": registration.event.title, **params},
        url=reverse("events:ticket", args=[registration.pk]),
        kind="events.registration",
    )


STATUS_MESSAGES = {
    RegistrationStatus.CONFIRMED: (
        _("Registration confirmed: %(event)s"),
        _("Your place at %(event)s is confirmed. Show the ticket's QR code at the entrance."),
    ),
    RegistrationStatus.PENDING: (
        _("Registration received: %(event)s"),
        _("The organisers of %(event)s approve registrations; we will tell you their answer."),
    ),
    RegistrationStatus.WAITLISTED: (
        _("On the waiting list: %(event)s"),
        _(
            "%(event)s is full. You are number %(position)s on the waiting list and get "
            "a place automatically when one is freed."
        ),
    ),
}


@transaction.atomic
def register(
    event: Event,
    *,
    registered_by,
    user=None,
    name: str = "",
    email: str = "",
    kind: str = RegistrationKind.STUDENT,
    organization=None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register ``user`` (or a person without an account, by name and e-mail) for
    ``event``: confirmed while seats last, else on the waiting list (or refused when the
    event keeps none); pending when the organisers approve registrations."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise Refused(_("This event does not take registrations."))
    if not event.registration_open(now):
        raise Refused(_("Registration for this event is not open at this time."))
    if user is not None:
        name = name or user.get_full_name() or user.email
        email = email or user.email
    email = (email or "").strip().lower()
    name = (name or "").strip()
    if not name:
        raise Refused(_("Give the name of the person to register."))
    active = Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
    if user is not None and active.filter(user=user).exists():
        raise Refused(_("You are already registered for this event."))
    if email and active.filter(email=email).exists():
        raise Refused(_("%(email)s is already registered for this event.") % {"email": email})
    registration = Registration(
        event=event,
        user=user,
        name=name,
        email=email,
        kind=kind,
        organization=organization,
        registered_by=registered_by if getattr(registered_by, "pk", None) else None,
    )
    if event.requires_approval:
        registration.status = RegistrationStatus.PENDING
    elif _has_seat(event):
        registration.status = RegistrationStatus.CONFIRMED
    elif event.waitlist_enabled:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = timezone.now()
    else:
        raise Refused(_("This event is full and keeps no waiting list."))
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a concurrent registration of the same person won
        raise Refused(_("This person is already registered for this event.")) from None
    subject, body = STATUS_MESSAGES[registration.status]
    _notify(registration, subject, body, position=registration.waitlist_position or "")
    return registration


@transaction.atomic
def approve(registration: Registration, *, by) -> Registration:
    """Accept a pending registration: a seat if one is free, else the waiting list."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise Refused(_("Only registrations awaiting approval can be approved."), registration)
    if _has_seat(event):
        registration.status = RegistrationStatus.CONFIRMED
    elif event.waitlist_enabled:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = timezone.now()
    else:
        raise Refused(
            _("The event is full and keeps no waiting list: free a seat or raise the capacity."),
            registration,
        )
    registration.decided_at, registration.decided_by = timezone.now(), by
    registration.save()
    subject, body = STATUS_MESSAGES[registration.status]
    _notify(registration, subject, body, position=registration.waitlist_position or "")
    return registration


@transaction.atomic
def reject(registration: Registration, *, by) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise Refused(_("Only registrations awaiting approval can be rejected."), registration)
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at, registration.decided_by = timezone.now(), by
    registration.save()
    _notify(
        registration,
        _("Registration not accepted: %(event)s"),
        _("The organisers of %(event)s could not accept your registration."),
    )
    return registration


@transaction.atomic
def cancel(registration: Registration, *, by) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the next person on the waiting list.
    Returns the registrations promoted."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in ACTIVE_STATUSES:
        raise Refused(_("This registration is no longer active."), registration)
    if registration.checked_in_at:
        raise Refused(_("This person has already checked in."), registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.waitlisted_at = None
    registration.save()
    return promote_waitlist(event)


def promote_waitlist(event: Event) -> list[Registration]:
    """Give free seats to the waiting list, first come first served (call inside a
    transaction holding the event's lock)."""
    promoted: list[Registration] = []
    queue = Registration.objects.select_for_update().filter(
        event=event, status=RegistrationStatus.WAITLISTED
    )
    while _has_seat(event):
        nxt = queue.order_by("waitlisted_at", "pk").first()
        if nxt is None:
            break
        nxt.status = RegistrationStatus.CONFIRMED
        nxt.waitlisted_at = None
        nxt.save(update_fields=["status", "waitlisted_at", "updated_at"])
        _notify(
            nxt,
            _("A place is free for you: %(event)s"),
            _(
                "A seat at %(event)s was freed and is now yours: your registration is "
                "confirmed. Cancel it if you can no longer come, so that the next person "
                "gets the place."
            ),
        )
        promoted.append(nxt)
    return promoted


# --- check-in -----------------------------------------------------------------------------


def ticket_code_from(text: str) -> str:
    """The ticket code in what a scanner read: the code itself or a ticket URL ending in it."""
    text = (text or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return text[:64]


@transaction.atomic
def check_in(event: Event, code: str, *, by, now: dt.datetime | None = None) -> Registration:
    """Let the holder of ``code`` in; refused (and nothing changes) for an unknown code, a
    ticket of another event, a registration that is not confirmed, or a used ticket."""
    code = ticket_code_from(code)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "organization", "checked_in_by")
        .filter(ticket_code=code)
        .first()
        if code
        else None
    )
    if registration is None:
        raise Refused(_("Unknown ticket: no registration has this code."))
    if registration.event_id != event.pk:
        raise Refused(
            _("This ticket is for another event: %(event)s.") % {"event": registration.event},
            None,
        )
    if registration.status == RegistrationStatus.CANCELLED:
        raise Refused(_("This registration was cancelled."), registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Refused(
            _("This registration is not confirmed (%(status)s).")
            % {"status": registration.get_status_display()},
            registration,
        )
    if registration.checked_in_at:
        when = timezone.localtime(registration.checked_in_at, event.tzinfo)
        raise Refused(
            _("This ticket was already used at %(time)s.") % {"time": when.strftime("%H:%M")},
            registration,
        )
    registration.checked_in_at = now or timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return registration


# --- tickets ------------------------------------------------------------------------------


def qr_svg(text: str) -> str:
    """An inline ``<svg>`` QR code of ``text`` (no XML declaration, scalable)."""
    qr = segno.make(text, error="m")
    return qr.svg_inline(scale=6, border=2, dark="#111", light="#fff")


def ics_for(registration: Registration) -> bytes | None:
    """An iCalendar file for a registration's event, or ``None`` when the event has no full
    date (a report that gives no year cannot go into a calendar)."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    event = registration.event
    if event.starts_at is None and event.start_date is None:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Corridor//events//EN")
    calendar.add("version", "2.0")
    item = IcsEvent()
    item.add("uid", f"registration-{registration.pk}-{registration.ticket_code[:8]}@corridor")
    item.add("summary", event.title)
    item.add("dtstamp", timezone.now())
    if event.starts_at:
        item.add("dtstart", timezone.localtime(event.starts_at, event.tzinfo))
        if event.ends_at:
            item.add("dtend", timezone.localtime(event.ends_at, event.tzinfo))
    else:
        item.add("dtstart", event.start_date)
        last = event.end_date or event.start_date
        item.add("dtend", last + dt.timedelta(days=1))
    place = ", ".join(p for p in (event.venue, event.city, str(event.country.name or "")) if p)
    if place:
        item.add("location", place)
    item.add(
        "description", f"{event.title_en}\n{event.title_zh}\nTicket: {registration.ticket_code}"
    )
    calendar.add_component(item)
    return calendar.to_ical()
