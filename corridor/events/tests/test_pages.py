"""What organisers, recruiters, students and visitors do on the event pages."""

import pytest
from django.urls import reverse

from corridor.events import services
from corridor.events.models import Booth, Event, EventOrganiser, Registration, Session, Speaker
from corridor.jobs.models import Position

from .conftest import make_event

pytestmark = pytest.mark.django_db


def event_data(organiser, **fields):
    data = {
        "organiser": organiser.pk,
        "kind": "employment_fair",
        "title_en": "Summer employment fair",
        "title_zh": "夏季招聘会",
        "description": "",
        "starts_at": "2027-06-01T09:00",
        "ends_at": "2027-06-01T17:00",
        "timezone": "Asia/Karachi",
        "venue": "Expo Centre",
        "city": "Lahore",
        "country": "PK",
        "parent": "",
        "capacity": "50",
        "waitlist_enabled": "on",
        "registration_opens": "",
        "registration_closes": "",
        "status": "published",
        "attendance_text": "",
        "attendance_number": "",
    }
    data.update(fields)
    return data


def test_secretariat_creates_an_event_in_the_venues_time_zone(client_for, personas):
    client = client_for(personas.secretariat)
    response = client.post(reverse("events:event_create"), event_data(personas.association))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.organizations.all()) == [personas.association]
    assert event.starts_at.isoformat() == "2027-06-01T04:00:00+00:00"  # 09:00 in Lahore
    assert (event.start_year, event.start_month, event.start_day) == (2027, 6, 1)
    assert event.created_by == personas.secretariat


def test_an_invalid_event_answers_400_and_saves_nothing(client_for, personas):
    client = client_for(personas.secretariat)
    bad = event_data(personas.association, ends_at="2027-05-01T09:00", timezone="Mars/Olympus")
    response = client.post(reverse("events:event_create"), bad)
    assert response.status_code == 400
    assert "Unknown time zone" in response.text
    assert not Event.objects.exists()


def test_one_cannot_organise_in_the_name_of_another_organisation(client_for, personas):
    client = client_for(personas.recruiter_a)
    response = client.post(reverse("events:event_create"), event_data(personas.association))
    assert response.status_code == 400 and not Event.objects.exists()


def test_list_filters_and_search_in_either_script(client, personas):
    make_event(personas.association)
    make_event(personas.association, title_en="Ceramics forum", title_zh="陶瓷论坛", kind="forum")
    make_event(personas.association, title_en="Hidden draft", status="draft")
    url = reverse("events:event_list")
    page = client.get(url)
    assert "Ceramics forum" in page.text and "Hidden draft" not in page.text
    assert "Ceramics forum" in client.get(url, {"q": "陶瓷"}).text
    assert "Employment fair for Pakistani" not in client.get(url, {"q": "陶瓷"}).text
    assert "Ceramics forum" not in client.get(url, {"kind": "employment_fair"}).text
    assert "Ceramics forum" in client.get(url, {"when": "upcoming"}).text
    assert "Ceramics forum" not in client.get(url, {"when": "past"}).text


def test_drafts_are_only_for_their_organisers(client_for, personas):
    draft = make_event(personas.association, status="draft")
    url = reverse("events:event_detail", args=[draft.pk])
    assert client_for(personas.secretariat).get(url).status_code == 200
    assert client_for(personas.student).get(url).status_code == 404
    assert client_for(personas.recruiter_a).get(url).status_code == 404


def test_student_registers_gets_a_ticket_with_qr_and_calendar(client_for, fair, personas):
    client = client_for(personas.student)
    response = client.post(reverse("events:register", args=[fair.pk]))
    registration = Registration.objects.get(user=personas.student)
    assert response["Location"] == registration.get_absolute_url()
    assert registration.kind == "student" and registration.organization == personas.university
    ticket = client.get(registration.get_absolute_url())
    assert "<svg" in ticket.text and registration.ticket_code in ticket.text
    ics = client.get(reverse("events:ticket_ics", args=[registration.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;TZID=Asia/Shanghai:20270111T093000" in ics.content
    # Nobody else sees the ticket.
    other = client_for(personas.student_b).get(registration.get_absolute_url())
    assert other.status_code == 404


def test_the_full_event_says_so_on_the_register_page(client_for, personas):
    event = make_event(personas.association, capacity=1, waitlist_enabled=False)
    services.register(event, user=personas.student, registered_by=personas.student)
    response = client_for(personas.student_b).post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 409
    assert "full and keeps no waiting list" in response.text
    assert not Registration.objects.filter(user=personas.student_b).exists()


def test_no_calendar_file_for_an_event_without_a_year(client_for, personas):
    event = make_event(
        personas.association, starts_at=None, ends_at=None, start_month=1, start_day=11
    )
    reg = services.register(event, user=personas.student, registered_by=personas.student)
    response = client_for(personas.student).get(reverse("events:ticket_ics", args=[reg.pk]))
    assert response.status_code == 404 and "no full date" in response.text


def test_cancelling_on_the_page_promotes_the_waiting_list(client_for, personas):
    event = make_event(personas.association, capacity=1)
    mine = services.register(event, user=personas.student, registered_by=personas.student)
    waiting = services.register(event, user=personas.student_b, registered_by=personas.student_b)
    response = client_for(personas.student).post(reverse("events:cancel", args=[mine.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # The promoted student cannot cancel someone else's place.
    again = client_for(personas.student_b).post(reverse("events:cancel", args=[mine.pk]))
    assert again.status_code == 404


def test_approval_queue(client_for, personas):
    event = make_event(personas.association, requires_approval=True)
    reg = services.register(event, user=personas.student, registered_by=personas.student)
    client = client_for(personas.secretariat)
    queue = client.get(reverse("events:registrations", args=[event.pk]))
    assert 'data-testid="approval-queue"' in queue.text and reg.name in queue.text
    client.post(reverse("events:decide", args=[reg.pk]), {"decision": "approve"})
    reg.refresh_from_db()
    assert reg.status == "confirmed"
    # Not the organiser: hidden.
    other = services.register(event, user=personas.student_b, registered_by=personas.student_b)
    response = client_for(personas.institution_admin).post(
        reverse("events:decide", args=[other.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "pending"


def test_recruiter_registers_their_representatives_only(client_for, fair, personas):
    client = client_for(personas.recruiter_a)
    url = reverse("events:register_others", args=[fair.pk])
    data = {
        "name": "Li Wei",
        "email": "li.wei@enterprise-a.test",
        "kind": "enterprise_representative",
        "organization": personas.enterprise_a.pk,
    }
    assert client.post(url, data).status_code == 302
    reg = Registration.objects.get(email="li.wei@enterprise-a.test")
    assert reg.organization == personas.enterprise_a and reg.registered_by == personas.recruiter_a
    sneaky = {**data, "email": "x@b.test", "organization": personas.enterprise_b.pk}
    assert client.post(url, sneaky).status_code == 400
    assert client.post(url, {**data, "kind": "guest", "email": "g@a.test"}).status_code == 400
    assert client_for(personas.student).get(url).status_code == 404


def test_agenda_editing(client_for, fair, personas):
    from corridor.core.testing import PersonFactory

    client = client_for(personas.secretariat)
    url = reverse("events:agenda", args=[fair.pk])
    client.post(
        url,
        {
            "form": "session",
            "title_en": "Enterprise presentations",
            "starts_at": "2027-01-11T10:00",
            "ends_at": "2027-01-11T11:00",
            "order": 0,
        },
    )
    session = Session.objects.get()
    assert session.time_display == "10:00–11:00"
    person = PersonFactory()
    client.post(
        url,
        {
            "form": "speaker",
            "person": person.pk,
            "role": "keynote",
            "session": session.pk,
            "order": 0,
        },
    )
    assert Speaker.objects.get().person == person
    bad = client.post(url, {"form": "session", "title_en": ""})
    assert bad.status_code == 400 and Session.objects.count() == 1
    client.post(reverse("events:session_delete", args=[fair.pk, session.pk]))
    assert not Session.objects.exists()
    outsider = client_for(personas.recruiter_a).post(url, {"form": "session", "title_en": "x"})
    assert outsider.status_code == 404


def test_recruiter_edits_their_own_booth_with_their_own_positions(client_for, fair, personas):
    mine = Booth.objects.create(event=fair, enterprise=personas.enterprise_a, label="A1")
    theirs = Booth.objects.create(event=fair, enterprise=personas.enterprise_b, label="B1")
    own = Position.objects.create(
        enterprise=personas.enterprise_a, reference="a", title_en="Surveyor", kind="job",
        country="PK", status="open",
    )  # fmt: skip
    foreign = Position.objects.create(
        enterprise=personas.enterprise_b, reference="b", title_en="Welder", kind="job",
        country="PK", status="open",
    )  # fmt: skip
    client = client_for(personas.recruiter_a)
    url = reverse("events:booth_update", args=[mine.pk])
    base = {"label": "A1", "slot_minutes": 15, "breaks": '[["12:00", "13:00"]]'}
    assert client.post(url, {**base, "positions": [foreign.pk]}).status_code == 400
    assert client.post(url, {**base, "positions": [own.pk]}).status_code == 302
    assert list(mine.positions.all()) == [own]
    assert mine.__class__.objects.get(pk=mine.pk).breaks == [["12:00", "13:00"]]
    bad_breaks = client.post(url, {**base, "breaks": '[["13:00", "12:00"]]'})
    assert bad_breaks.status_code == 400
    assert client.get(reverse("events:booth_update", args=[theirs.pk])).status_code == 404
    page = client_for(personas.student).get(fair.get_absolute_url())
    assert "Surveyor" in page.text  # positions are for signed-in readers


def test_organiser_adds_a_booth(client_for, fair, personas):
    client = client_for(personas.secretariat)
    url = reverse("events:booth_create", args=[fair.pk])
    data = {"enterprise": personas.enterprise_a.pk, "label": "A1", "slot_minutes": 15}
    assert client.post(url, data).status_code == 302
    assert Booth.objects.get().enterprise == personas.enterprise_a
    assert client.post(url, data).status_code == 400  # one booth per enterprise


def test_staff_see_live_counts_on_the_event_page(client_for, fair, personas):
    services.register(fair, user=personas.student, registered_by=personas.student)
    staff = client_for(personas.secretariat).get(fair.get_absolute_url())
    assert 'data-testid="count-confirmed">1<' in staff.text
    student = client_for(personas.student).get(fair.get_absolute_url())
    assert "count-confirmed" not in student.text


def test_organisers_of_co_organising_organisations_manage_too(client_for, personas):
    event = make_event(personas.enterprise_a)
    EventOrganiser.objects.create(
        event=event, organization=personas.university, role="co_organiser"
    )
    url = reverse("events:event_update", args=[event.pk])
    assert client_for(personas.institution_admin).get(url).status_code == 200
    assert client_for(personas.recruiter_a).get(url).status_code == 200
    assert client_for(personas.recruiter_b).get(url).status_code == 404
