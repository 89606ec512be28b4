"""/api/events/, /api/registrations/ and /api/booths/: the same rules as the pages."""

import pytest
from django.urls import reverse

from corridor.events import services
from corridor.events.models import Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_events_are_public_drafts_are_not(client, personas):
    make_event(personas.association, title_en="Open fair")
    make_event(personas.association, title_en="Draft fair", status="draft")
    rows = client.get(reverse("api:event-list")).json()["results"]
    assert [row["title_en"] for row in rows] == ["Open fair"]
    assert rows[0]["organisers"] == [{"organization": "association", "role": "organiser"}]


def test_partial_dates_are_given_as_such(client, personas):
    make_event(personas.association, starts_at=None, ends_at=None, start_month=1, start_day=11)
    row = client.get(reverse("api:event-list"), HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert row["start_year"] is None and row["date"] == "11 January (year not given)"


def test_register_waitlist_and_cancel_through_the_api(client_for, personas):
    event = make_event(personas.association, capacity=1)
    first = client_for(personas.student).post(reverse("api:event-register", args=[event.pk]))
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = client_for(personas.student).post(reverse("api:event-register", args=[event.pk]))
    assert again.status_code == 409
    second = client_for(personas.student_b).post(reverse("api:event-register", args=[event.pk]))
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    mine = Registration.objects.get(user=personas.student)
    cancel = client_for(personas.student).post(reverse("api:registration-cancel", args=[mine.pk]))
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    assert Registration.objects.get(user=personas.student_b).status == "confirmed"
    anonymous = client_for(None).post(reverse("api:event-register", args=[event.pk]))
    assert anonymous.status_code == 401


def test_check_in_through_the_api(client_for, fair, personas):
    reg = services.register(fair, user=personas.student, registered_by=personas.student)
    url = reverse("api:event-check-in", args=[fair.pk])
    refused = client_for(personas.student).post(
        url, {"code": reg.ticket_code}, content_type="application/json"
    )
    assert refused.status_code == 403
    staff = client_for(personas.secretariat)
    ok = staff.post(url, {"code": reg.ticket_code}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["checked_in_at"]
    used = staff.post(url, {"code": reg.ticket_code}, content_type="application/json")
    assert used.status_code == 409 and "already used" in str(used.json())
    unknown = staff.post(url, {"code": "nothing"}, content_type="application/json")
    assert unknown.status_code == 409 and "Unknown ticket" in str(unknown.json())


def test_registrations_are_seen_by_their_people_and_the_organisers(client_for, fair, personas):
    services.register(fair, user=personas.student, registered_by=personas.student)
    services.register(fair, user=personas.outsider, registered_by=personas.outsider)
    url = reverse("api:registration-list")
    assert len(client_for(personas.student).get(url).json()["results"]) == 1
    assert len(client_for(personas.secretariat).get(url).json()["results"]) == 2
    assert len(client_for(personas.recruiter_a).get(url).json()["results"]) == 0
    organisers = client_for(personas.secretariat).get(
        reverse("api:event-registrations", args=[fair.pk])
    )
    assert organisers.status_code == 200 and len(organisers.json()) == 2


def test_recruiter_changes_their_booth_with_their_own_positions_only(client_for, fair, personas):
    from corridor.events.models import Booth
    from corridor.jobs.models import Position

    booth = Booth.objects.create(event=fair, enterprise=personas.enterprise_a, label="A1")
    own = Position.objects.create(
        enterprise=personas.enterprise_a, reference="a", title_en="Surveyor", kind="job",
        country="PK", status="open",
    )  # fmt: skip
    foreign = Position.objects.create(
        enterprise=personas.enterprise_b, reference="b", title_en="Welder", kind="job",
        country="PK", status="open",
    )  # fmt: skip
    url = reverse("api:booth-detail", args=[booth.pk])
    client = client_for(personas.recruiter_a)
    bad = client.patch(url, {"positions": [foreign.pk]}, content_type="application/json")
    assert bad.status_code == 400 and not booth.positions.exists()
    breaks = client.patch(url, {"breaks": [["13:00", "12:00"]]}, content_type="application/json")
    assert breaks.status_code == 400
    ok = client.patch(url, {"positions": [own.pk]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["positions"] == [own.pk]
    other = client_for(personas.recruiter_b).patch(
        url, {"label": "X"}, content_type="application/json"
    )
    assert other.status_code == 403  # visible (public event) but not theirs
    assert client.delete(url).status_code == 405
