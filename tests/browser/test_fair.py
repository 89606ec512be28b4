"""A fair end to end: a student registers and requests a meeting, the booth accepts, the
organiser generates the schedule and checks the student in, the recruiter records the
consultation and starts an application from it, the student accepts the invitation, the
recruiter offers, the student accepts, the recruiter records the placement, and the
placement counts on the event's outcomes."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from corridor.events.models import Booth, Event, EventOrganiser, Registration
from corridor.jobs.models import Position
from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def choose(page, move):
    page.get_by_role("radio", name=re.compile(f"^{move}")).check()


def state(page):
    return page.get_by_test_id("state")


def test_a_fair_from_registration_to_placement(page, personas, sign_in, fresh_matching_world):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    event = Event.objects.create(
        kind="employment_fair",
        title_en="Browser fair",
        starts_at=dt.datetime(2027, 1, 11, 9, 0, tzinfo=shanghai),
        ends_at=dt.datetime(2027, 1, 11, 17, 0, tzinfo=shanghai),
        city="Beijing",
        country="CN",
        status="published",
    )
    EventOrganiser.objects.create(event=event, organization=personas.association)
    position = Position.objects.create(
        enterprise=personas.enterprise_a,
        reference="hydro-intern",
        title_en="Hydropower intern",
        kind="internship",
        country="PK",
        status="open",
    )
    booth = Booth.objects.create(
        event=event,
        enterprise=personas.enterprise_a,
        label="A1",
        meeting_start=dt.time(14, 0),
        meeting_end=dt.time(15, 0),
        slot_minutes=15,
    )
    booth.positions.add(position)
    TalentProfile.objects.create(
        user=personas.student,
        institution=personas.university,
        full_name="Ayesha Khan",
        nationality="PK",
        visibility="signed_in",
    )
    meetings_url = f"/events/{event.pk}/meetings/"

    # The student registers and asks booth A1 for a meeting.
    sign_in(personas.student)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("ticket-status")).to_have_text("Confirmed")
    code = page.get_by_test_id("ticket-code").inner_text()
    page.goto(meetings_url)
    page.get_by_role("button", name="Request a meeting").click()
    expect(page.get_by_text("Meeting requested with Enterprise A.")).to_be_visible()
    sign_out(page)

    # The booth's recruiter accepts the request.
    sign_in(personas.recruiter_a)
    page.goto(meetings_url)
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#requests")).to_contain_text("Accepted")
    sign_out(page)

    # The organiser generates the schedule and checks the student in at the door.
    sign_in(personas.secretariat)
    page.goto(meetings_url)
    page.get_by_role("button", name="Generate the schedule").click()
    expect(
        page.get_by_text("Schedule generated: 1 meetings placed, 0 could not be.")
    ).to_be_visible()
    expect(page.locator("#timetable")).to_contain_text("14:00")
    page.goto(f"/events/{event.pk}/check-in/")
    page.get_by_test_id("code-input").fill(code)
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_test_id("scan-result")).to_contain_text("Welcome")
    sign_out(page)

    # The recruiter records the consultation and starts an application from it.
    sign_in(personas.recruiter_a)
    page.goto(meetings_url)
    page.locator("#timetable").get_by_role("link", name="Consultation").click()
    page.get_by_label("Skills fit").fill("4")
    page.get_by_label("Language fit").fill("4")
    page.get_by_label("Career plan fit").fill("5")
    page.get_by_label("Next step").select_option("apply")
    page.get_by_role("button", name="Save the consultation").click()
    expect(page.get_by_text("Consultation saved.")).to_be_visible()
    page.get_by_role("button", name="Start an application").click()
    expect(state(page)).to_have_text("Invited")
    application_url = page.url
    sign_out(page)

    # The student reads the consultation and accepts the invitation.
    sign_in(personas.student)
    page.goto(application_url)
    choose(page, "Accept the invitation")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Applied")
    sign_out(page)

    # The recruiter offers.
    sign_in(personas.recruiter_a)
    page.goto(application_url)
    choose(page, "Make an offer")
    page.get_by_label("Offer terms").fill("Six months, stipend and housing.")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Offered")
    sign_out(page)

    # The student accepts the offer.
    sign_in(personas.student)
    page.goto(application_url)
    choose(page, "Accept the offer")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Offer accepted")
    sign_out(page)

    # The recruiter records the placement.
    sign_in(personas.recruiter_a)
    page.goto(application_url)
    choose(page, "Record the placement")
    page.get_by_label("Placement start").fill("2027-03-01")
    page.get_by_label("Placement end").fill("2027-08-31")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Placed")
    sign_out(page)

    # The placement counts on the event's outcomes.
    sign_in(personas.secretariat)
    page.goto(f"/events/{event.pk}/outcomes/")
    for figure, value in [
        ("registrations", "1"),
        ("checked_in", "1"),
        ("meetings_held", "1"),
        ("applications", "1"),
        ("offers", "1"),
        ("placements", "1"),
    ]:
        expect(page.locator(f'[data-figure="{figure}"]')).to_have_text(value)
    assert Registration.objects.get(user=personas.student).checked_in_at is not None
