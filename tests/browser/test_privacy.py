"""A student reviews what they share on the Privacy page, withdraws a consent, downloads
their data, and erases their account (asked for the password, then signed out)."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from corridor.core.testing import PASSWORD
from corridor.talent.models import ContactConsent, TalentProfile

pytestmark = pytest.mark.browser


def test_student_withdraws_consent_downloads_data_and_erases_account(
    page, page_problems, personas, sign_in
):
    profile = TalentProfile.objects.create(
        user=personas.student,
        institution=personas.university,
        full_name="Hira Baig",
        nationality="PK",
        visibility="signed_in",
    )
    ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="granted"
    )
    sign_in(personas.student)
    page.get_by_role("link", name="Privacy and security").click()
    expect(page).to_have_url(re.compile(r"/accounts/privacy/$"))
    consents = page.get_by_test_id("active-consents")
    expect(consents).to_contain_text("Enterprise A")

    consents.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_contain_text("no longer sees your name")
    expect(page.get_by_test_id("consent-history")).to_contain_text("Withdrawn")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["full_name"] == "Hira Baig"

    page.get_by_role("link", name="Erase my account").click()
    # The wrong password is refused on purpose: a 400 with the reason.
    page_problems.allow(r"status of 400 \(Bad Request\)")
    page.get_by_label("Your password").fill("wrong-password")
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase my account").click()
    expect(page.get_by_role("alert")).to_contain_text("The password is not correct")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been erased")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    profile.refresh_from_db()
    assert profile.user is None and "Hira" not in profile.full_name
