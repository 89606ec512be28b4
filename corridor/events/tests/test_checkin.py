"""The door: who gets in, and every refusal says why and changes nothing."""

import pytest
from django.urls import reverse

from corridor.core.testing import UserFactory
from corridor.events import services
from corridor.events.models import Registration, RegistrationStatus

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(fair, personas):
    return services.register(fair, user=personas.student, registered_by=personas.student)


def test_a_confirmed_ticket_checks_in_once(fair, ticket, personas):
    reg = services.check_in(fair, ticket.ticket_code, by=personas.secretariat)
    assert reg.checked_in_at is not None and reg.checked_in_by == personas.secretariat
    with pytest.raises(services.Refused, match="already used"):
        services.check_in(fair, ticket.ticket_code, by=personas.secretariat)
    assert services.counts(fair).checked_in == 1


def test_a_scanned_ticket_url_is_read_as_its_code(fair, ticket, personas):
    services.check_in(
        fair, f"https://corridor.test/t/{ticket.ticket_code}/", by=personas.secretariat
    )
    ticket.refresh_from_db()
    assert ticket.checked_in_at


@pytest.mark.parametrize("code", ["", "not-a-ticket", "x" * 300])
def test_unknown_codes_are_refused(fair, ticket, personas, code):
    with pytest.raises(services.Refused, match="Unknown ticket"):
        services.check_in(fair, code, by=personas.secretariat)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_a_ticket_of_another_event_is_refused(fair, ticket, personas):
    other = make_event(personas.association, title_en="Another seminar")
    with pytest.raises(services.Refused, match="another event: Employment fair"):
        services.check_in(other, ticket.ticket_code, by=personas.secretariat)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_cancelled_and_waitlisted_registrations_are_refused(fair, ticket, personas):
    services.cancel(ticket, by=personas.student)
    with pytest.raises(services.Refused, match="was cancelled"):
        services.check_in(fair, ticket.ticket_code, by=personas.secretariat)
    services.register(fair, user=UserFactory(), registered_by=None)
    services.register(fair, user=UserFactory(), registered_by=None)
    waiting = services.register(fair, user=personas.student_b, registered_by=personas.student_b)
    assert waiting.status == RegistrationStatus.WAITLISTED
    with pytest.raises(services.Refused, match="not confirmed"):
        services.check_in(fair, waiting.ticket_code, by=personas.secretariat)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_scan_endpoint_answers_the_scanner_with_a_fragment(client_for, fair, ticket, personas):
    client = client_for(personas.secretariat)
    url = reverse("events:check_in_scan", args=[fair.pk])
    ok = client.post(url, {"code": ticket.ticket_code}, HTTP_X_CORRIDOR_SCAN="1")
    assert ok.status_code == 200 and ok["X-Check-In"] == "ok"
    assert "Welcome" in ok.text and ticket.name in ok.text
    again = client.post(url, {"code": ticket.ticket_code}, HTTP_X_CORRIDOR_SCAN="1")
    assert again["X-Check-In"] == "refused" and "already used" in again.text
    unknown = client.post(url, {"code": "nope"}, HTTP_X_CORRIDOR_SCAN="1")
    assert unknown["X-Check-In"] == "refused" and "Unknown ticket" in unknown.text


def test_manual_check_in_by_name(client_for, fair, ticket, personas):
    client = client_for(personas.secretariat)
    page = client.get(reverse("events:check_in", args=[fair.pk]), {"q": ticket.name.split()[0]})
    assert page.status_code == 200 and ticket.ticket_code in page.text
    done = client.post(
        reverse("events:check_in_scan", args=[fair.pk]), {"code": ticket.ticket_code}, follow=True
    )
    assert "checked in" in done.text
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None


def test_only_organisers_check_people_in(client_for, fair, ticket, personas):
    url = reverse("events:check_in_scan", args=[fair.pk])
    for user in (personas.student, personas.recruiter_a, personas.institution_admin):
        assert client_for(user).post(url, {"code": ticket.ticket_code}).status_code == 404
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_live_counts_partial(client_for, fair, ticket, personas):
    services.check_in(fair, ticket.ticket_code, by=personas.secretariat)
    response = client_for(personas.secretariat).get(
        reverse("events:check_in_counts", args=[fair.pk])
    )
    assert response.status_code == 200
    assert 'data-testid="count-checked-in">1<' in response.text
    assert 'hx-trigger="every 5s' in response.text
