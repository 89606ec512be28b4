"""A student registers for a fair and gets a ticket with a QR code; at the door the
organiser checks the ticket in (typed here: the camera path posts the same code), and a
second use is refused. The arrival count follows."""

import re

import pytest
from playwright.sync_api import expect

from corridor.events.models import Event, EventOrganiser, Registration

pytestmark = pytest.mark.browser


def test_registration_ticket_and_check_in(page, personas, sign_in):
    event = Event.objects.create(
        kind="employment_fair",
        title_en="Browser fair",
        title_zh="浏览器招聘会",
        start_year=2027,
        start_month=1,
        start_day=11,
        city="Beijing",
        country="CN",
        status="published",
    )
    EventOrganiser.objects.create(event=event, organization=personas.association)

    sign_in(personas.student)
    page.goto("/events/")
    page.get_by_role("link", name="Browser fair").click()
    expect(page.get_by_test_id("event-date")).to_contain_text("Jan. 11, 2027")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("ticket-status")).to_have_text("Confirmed")
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    code = page.get_by_test_id("ticket-code").inner_text()
    assert Registration.objects.get(user=personas.student).ticket_code == code

    page.context.clear_cookies()
    sign_in(personas.secretariat)
    page.goto(f"/events/{event.pk}/check-in/")
    expect(page.get_by_test_id("count-checked-in")).to_have_text("0")
    page.get_by_test_id("code-input").fill(code)
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_test_id("scan-result")).to_contain_text("Welcome")
    expect(page.get_by_test_id("count-checked-in")).to_have_text("1")
    page.get_by_test_id("code-input").fill(code)
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_test_id("scan-result")).to_contain_text(re.compile("already used"))
    assert Registration.objects.get(user=personas.student).checked_in_at is not None
