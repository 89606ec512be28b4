"""Seats, the waiting list, approval and cancellation."""

import pytest

from corridor.core.testing import UserFactory
from corridor.events import services
from corridor.events.models import Registration, RegistrationStatus
from corridor.notifications.models import Notification

from .conftest import make_event

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def register(event, user):
    return services.register(event, user=user, registered_by=user)


def test_seats_are_confirmed_until_full_then_people_join_the_waiting_list_in_order(fair):
    users = [UserFactory() for _ in range(4)]
    regs = [register(fair, user) for user in users]
    assert [r.status for r in regs] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [r.waitlist_position for r in regs[2:]] == [1, 2]
    assert services.counts(fair).seats_left == 0


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waiting_list_and_tells_them(fair):
    first, second, third, fourth = (UserFactory() for _ in range(4))
    for user in (first, second, third, fourth):
        register(fair, user)
    waiting = Registration.objects.get(user=third)

    promoted = services.cancel(Registration.objects.get(user=first), by=first)

    assert [r.pk for r in promoted] == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED and waiting.waitlisted_at is None
    assert Registration.objects.get(user=fourth).waitlist_position == 1
    assert Registration.objects.get(user=first).status == S.CANCELLED
    assert services.counts(fair).confirmed == 2
    note = Notification.objects.filter(recipient=third).latest("pk")
    assert "A place is free for you" in note.subject and fair.title_en in note.subject


def test_cancelling_a_waitlisted_registration_promotes_nobody(fair):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        register(fair, user)
    assert services.cancel(Registration.objects.get(user=users[2]), by=users[2]) == []
    assert services.counts(fair).confirmed == 2


def test_full_event_without_waiting_list_refuses_with_a_clear_message(personas):
    event = make_event(personas.association, capacity=1, waitlist_enabled=False)
    register(event, personas.student)
    with pytest.raises(services.Refused, match="full and keeps no waiting list"):
        register(event, personas.student_b)
    assert not Registration.objects.filter(user=personas.student_b).exists()


def test_one_active_registration_per_person(fair, personas):
    register(fair, personas.student)
    with pytest.raises(services.Refused, match="already registered"):
        register(fair, personas.student)
    services.cancel(Registration.objects.get(user=personas.student), by=personas.student)
    again = register(fair, personas.student)  # after cancelling one may come back
    assert again.status == S.CONFIRMED


def test_drafts_and_closed_registration_are_refused(personas):
    import datetime as dt

    from django.utils import timezone

    draft = make_event(personas.association, status="draft")
    with pytest.raises(services.Refused, match="does not take registrations"):
        register(draft, personas.student)
    closed = make_event(
        personas.association, registration_closes=timezone.now() - dt.timedelta(hours=1)
    )
    with pytest.raises(services.Refused, match="not open"):
        register(closed, personas.student)
    assert not Registration.objects.exists()


def test_approval_confirms_while_seats_last_then_waitlists(personas):
    event = make_event(personas.association, capacity=1, requires_approval=True)
    a, b = register(event, personas.student), register(event, personas.student_b)
    assert a.status == b.status == S.PENDING
    assert services.approve(a, by=personas.secretariat).status == S.CONFIRMED
    assert services.approve(b, by=personas.secretariat).status == S.WAITLISTED
    with pytest.raises(services.Refused, match="Only registrations awaiting approval"):
        services.approve(a, by=personas.secretariat)


def test_rejection_is_final_and_told(personas):
    event = make_event(personas.association, requires_approval=True)
    reg = register(event, personas.student)
    services.reject(reg, by=personas.secretariat)
    reg.refresh_from_db()
    assert reg.status == S.REJECTED
    assert Notification.objects.filter(
        recipient=personas.student, subject__contains="not accepted"
    ).exists()


def test_raising_the_capacity_moves_the_waiting_list_up(fair):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        register(fair, user)
    fair.capacity = 3
    services.save_event(fair)
    assert Registration.objects.get(user=users[2]).status == S.CONFIRMED


def test_guests_without_account_are_registered_by_name_and_email(fair, personas):
    reg = services.register(
        fair,
        registered_by=personas.recruiter_a,
        name="Representative A",
        email="Rep@Enterprise-A.test",
        kind="enterprise_representative",
        organization=personas.enterprise_a,
    )
    assert reg.user is None and reg.email == "rep@enterprise-a.test"
    with pytest.raises(services.Refused, match="already registered"):
        services.register(
            fair, registered_by=personas.recruiter_a, name="Again", email="rep@enterprise-a.test"
        )


def test_ticket_codes_are_long_random_and_distinct(fair):
    codes = {register(fair, UserFactory()).ticket_code for _ in range(5)}
    assert len(codes) == 5 and all(len(code) >= 20 for code in codes)


def test_registration_ends_with_the_event(personas):
    import datetime as dt

    from django.utils import timezone

    past = make_event(
        personas.association,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(services.Refused, match="not open"):
        register(past, personas.student)
    undated = make_event(personas.association, starts_at=None, ends_at=None, start_month=1)
    assert register(undated, personas.student).status == S.CONFIRMED  # no year: stays open
