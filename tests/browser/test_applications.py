"""The application pipeline end to end: a student applies, the recruiter shortlists,
schedules an interview and offers, the student accepts, the recruiter records the
placement, and the placement shows on the student's applications page."""

import re

import pytest
from playwright.sync_api import expect

from corridor.jobs.models import Position
from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def choose(page, move):
    page.get_by_role("radio", name=re.compile(f"^{move}")).check()


def state(page):
    return page.get_by_test_id("state")


def test_student_applies_and_is_placed(page, page_problems, personas, sign_in):
    # The interview without a date is refused on purpose: a 400 with the reason.
    page_problems.allow(r"status of 400 \(Bad Request\)")
    position = Position.objects.create(
        enterprise=personas.enterprise_a,
        reference="hydro-intern",
        title_en="Hydropower intern",
        kind="internship",
        country="PK",
        status="open",
    )
    TalentProfile.objects.create(
        user=personas.student,
        institution=personas.university,
        full_name="Ayesha Khan",
        nationality="PK",
        visibility="nobody",  # hidden: only applying shows her to the enterprise
    )

    # The student applies from the position page.
    sign_in(personas.student)
    page.goto(position.get_absolute_url())
    page.get_by_role("link", name="Apply", exact=True).click()
    page.get_by_role("textbox", name="Cover note").fill("I studied hydropower in Wuhan.")
    page.get_by_role("button", name="Send my application").click()
    expect(state(page)).to_have_text("Applied")
    sign_out(page)

    # The recruiter sees her, named, on the board and shortlists her.
    sign_in(personas.recruiter_a)
    page.goto(position.get_absolute_url())
    page.get_by_role("link", name="Applications board").click()
    applied = page.locator("section[data-state='applied']")
    expect(applied.get_by_role("link", name="Ayesha Khan")).to_be_visible()
    applied.get_by_role("button", name="Shortlist").click()
    shortlisted = page.locator("section[data-state='shortlisted']")
    expect(shortlisted.get_by_role("link", name="Ayesha Khan")).to_be_visible()

    # An interview needs a date and time; then an offer.
    shortlisted.get_by_role("link", name="Ayesha Khan").click()
    choose(page, "Schedule an interview")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert").first).to_contain_text("needs the interview at")
    choose(page, "Schedule an interview")
    page.get_by_label("Interview at").fill("2030-01-05T10:00")
    page.get_by_label("Interview place").fill("Online")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Interview scheduled")
    choose(page, "Make an offer")
    page.get_by_label("Offer terms").fill("Six months, stipend and housing.")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Offered")
    application_url = page.url
    sign_out(page)

    # The student hears of the offer and accepts it.
    sign_in(personas.student)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_text("You have an offer: Hydropower intern")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    page.get_by_role("link", name="Hydropower intern").click()
    expect(page.get_by_text("Six months, stipend and housing.")).to_be_visible()
    choose(page, "Accept the offer")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Offer accepted")
    sign_out(page)

    # The recruiter records the placement with its dates.
    sign_in(personas.recruiter_a)
    page.goto(application_url)
    choose(page, "Record the placement")
    page.get_by_label("Placement start").fill("2027-03-01")
    page.get_by_label("Placement end").fill("2027-08-31")
    page.get_by_role("button", name="Confirm").click()
    expect(state(page)).to_have_text("Placed")
    sign_out(page)

    # The placement shows on the student's page.
    sign_in(personas.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    row = page.locator("tr", has_text="Hydropower intern")
    expect(row).to_contain_text("Placed")
    expect(row).to_contain_text("Internship")
    expect(row).to_contain_text("2027")
