"""An alliance secretariat opens the China–Pakistan alliance (loaded from the seed data) and
sees each of its targets with live progress; placing a synthetic student through the
pipeline raises the "internships and jobs" figure on the next page load."""

import re

import pytest
from playwright.sync_api import expect

from corridor.accounts.models import Role
from corridor.accounts.services import grant_role
from corridor.api.tests import data
from corridor.cooperation.demo import load_cooperation
from corridor.cooperation.tests.helpers import place
from corridor.core.testing import UserFactory
from corridor.demo.loader import Tally, load_organizations, load_people
from corridor.directory.models import AllianceMember, AllianceRole, Organization

pytestmark = pytest.mark.browser

CP = "china-pakistan-industry-education-alliance"


@pytest.fixture
def demo_like(transactional_db):
    tally = Tally()
    orgs = load_organizations(tally)
    load_people(tally, orgs)
    load_cooperation(tally)
    alliance_org = orgs[CP]
    university = orgs["chengdu-university"]
    enterprise = orgs["sinomach"]
    # Synthetic: the seeds name no member, so the test makes the university one.
    AllianceMember.objects.create(
        alliance=alliance_org, member=university, role=AllianceRole.MEMBER
    )
    secretariat = UserFactory(email="cp-secretariat@example.test")
    grant_role(secretariat, Role.SECRETARIAT, alliance_org)
    student = UserFactory(email="synthetic-student@example.test")
    grant_role(student, Role.STUDENT, university)
    recruiter = UserFactory(email="sinomach-recruiter@example.test")
    grant_role(recruiter, Role.RECRUITER, enterprise)
    return {
        "secretariat": secretariat,
        "student": student,
        "recruiter": recruiter,
        "profile": data.profile(student, university, "Synthetic Student (test)"),
        "position": data.position(enterprise, "synthetic-site-engineer"),
    }


def test_secretariat_sees_live_progress_rise_when_a_student_is_placed(page, sign_in, demo_like):
    sign_in(demo_like["secretariat"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alliances").click()
    page.get_by_role(
        "link", name="China-Pakistan International Industry-Education Collaboration Alliance"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "China-Pakistan International Industry-Education Collaboration Alliance"
    )
    targets = page.get_by_test_id("targets")
    for label in (
        "Advanced Chinese vocational standards introduced",
        "Branch campuses of Chinese universities built in Pakistan",
        "China-Pakistan Vocational Education Excellence Training Centers",
        "International courses",
        "Teachers trained",
        "Foreign (Pakistani) students introduced to China",
        "Students' internships and employment solved",
        "'Mandarin + Vocational Skills' training",
    ):
        expect(targets.get_by_role("link", name=re.compile(re.escape(label)))).to_be_visible()
    expect(targets.locator("progress")).to_have_count(8)
    jobs_row = targets.locator("tr[data-metric='internships_and_jobs']")
    expect(jobs_row).to_contain_text("Computed live from platform data")
    expect(page.get_by_test_id("progress-internships_and_jobs")).to_have_text("0")
    expect(page.get_by_test_id("sources")).to_contain_text("Internet +")

    place(
        demo_like["profile"],
        demo_like["position"],
        student_user=demo_like["student"],
        recruiter=demo_like["recruiter"],
    )
    page.reload()
    expect(page.get_by_test_id("progress-internships_and_jobs")).to_have_text("1")
    expect(jobs_row.locator("progress")).to_have_attribute("value", "0")  # 1 of 50,000
    assert Organization.objects.get(slug=CP).alliance.targets.count() == 8
