"""Signing in and out through the real allauth form, as a person would."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_recruiter_signs_in_with_email_and_password_and_signs_out(page, personas, sign_in):
    recruiter = personas.recruiter_a
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()

    sign_in(recruiter)

    expect(page).to_have_url(re.compile(r"/$"))  # LOGIN_REDIRECT_URL is the home page
    header = page.get_by_role("banner")
    expect(header.get_by_text(str(recruiter), exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    expect(header.get_by_role("link", name="Sign in")).to_have_count(0)
    # Signed in, the People directory (authenticated users only) is in the main menu.
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_be_visible()

    header.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/$"))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(header.get_by_text(str(recruiter), exact=True)).to_have_count(0)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_have_count(0)


def test_sign_in_returns_to_the_page_that_asked_for_it(page, personas, sign_in):
    page.goto("/directory/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/directory/people/"))
    sign_in(personas.student, next_url="/directory/people/")
    expect(page).to_have_url(re.compile(r"/directory/people/$"))
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()


def test_wrong_password_shows_an_error_and_signs_nobody_in(page, personas, sign_in):
    sign_in(personas.recruiter_a, password="not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text(re.compile("not correct", re.I))).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)
    # The typed e-mail address is kept, the password is not.
    expect(page.get_by_label(re.compile("^Email"))).to_have_value(personas.recruiter_a.email)
    expect(page.get_by_label(re.compile("^Password"))).to_have_value("")

    # No session: a members-only page still sends the visitor to sign in.
    page.goto("/directory/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
