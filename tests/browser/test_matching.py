"""Suitability in the product: positions ranked for a student (with the reasons), ranked
and anonymised candidates for a recruiter, and a placement drive from setup to offers."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from corridor.jobs.models import Position, PositionLanguage, PositionSkill
from corridor.matching.models import Allocation, AllocationStatus, PlacementDrive
from corridor.talent.models import (
    ConsentReason,
    ContactConsent,
    ProfileLanguage,
    ProfileSkill,
    TalentProfile,
    Visibility,
)
from corridor.taxonomy.models import Skill

pytestmark = pytest.mark.browser


def skill(label_en, label_zh):
    return Skill.objects.create(
        uri=f"urn:test:{label_en.replace(' ', '-')}",
        label_en=label_en,
        label_zh=label_zh,
        skill_type="skill/competence",
    )


def position(enterprise, title, *, essential, optional=(), hsk=None, headcount=1):
    obj = Position.objects.create(
        enterprise=enterprise,
        reference=title.lower().replace(" ", "-"),
        title_en=title,
        kind="job",
        country="PK",
        city="Karachi",
        headcount=headcount,
        start_date=dt.date(2027, 9, 1),
        status="open",
    )
    PositionSkill.objects.bulk_create(
        [PositionSkill(position=obj, skill=s, importance="essential") for s in essential]
        + [PositionSkill(position=obj, skill=s, importance="optional") for s in optional]
    )
    if hsk:
        PositionLanguage.objects.create(position=obj, language="zh", scale="HSK", level=hsk)
    return obj


def profile(name, *, skills, hsk, institution, user=None, nationality="PK"):
    obj = TalentProfile.objects.create(
        user=user,
        full_name=name,
        name_latin=name,
        nationality=nationality,
        institution=institution,
        degree_level="bachelor",
        available_from=dt.date(2027, 6, 1),
        visibility=Visibility.SIGNED_IN,  # shared: recruiters see them (anonymised)
    )
    ProfileSkill.objects.bulk_create(
        [ProfileSkill(profile=obj, skill=s, level=level) for s, level in skills]
    )
    ProfileLanguage.objects.create(profile=obj, language="zh", scale="HSK", level=hsk)
    return obj


@pytest.fixture
def world(personas, fresh_matching_world):
    """Two open positions of Enterprise A and three candidates of the university."""
    welding = skill("pipe welding", "管道焊接")
    rigging = skill("rigging", "起重索具")
    inspection = skill("weld inspection", "焊缝检验")
    surveying = skill("land surveying", "土地测量")
    cad = skill("AutoCAD", "AutoCAD 制图")
    welder = position(
        personas.enterprise_a,
        "Pipeline welder",
        essential=[welding, rigging],
        optional=[inspection],
        hsk="3",
        headcount=2,
    )
    surveyor = position(
        personas.enterprise_a, "Site surveyor", essential=[surveying, cad], optional=[welding]
    )
    uni = personas.university
    me = profile(  # the signed-in student: both essential skills, well
        "张伟", user=personas.student, skills=[(welding, 4), (rigging, 3)], hsk="4",
        institution=uni,
    )  # fmt: skip
    bilal = profile("Bilal Ahmed", skills=[(welding, 3), (rigging, 2)], hsk="4", institution=uni)
    chen = profile(  # too little Chinese for the welder position
        "Chen Jun", skills=[(welding, 2)], hsk="2", institution=uni, nationality="CN"
    )
    # Bilal shared his contact details with Enterprise A (e.g. by applying).
    ContactConsent.objects.create(
        profile=bilal, organization=personas.enterprise_a, reason=ConsentReason.GRANTED
    )
    return {
        "personas": personas,
        "welder": welder,
        "surveyor": surveyor,
        "me": me,
        "bilal": bilal,
        "chen": chen,
    }


def test_student_sees_positions_ranked_with_reasons_and_missing_skills(page, world, sign_in):
    personas = world["personas"]
    sign_in(personas.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Positions for me").click()
    expect(page).to_have_url(re.compile(r"/matching/for-me/$"))
    expect(page.get_by_role("heading", name="Positions for me", level=1)).to_be_visible()

    matches = page.locator("ol.matches > li")
    expect(page.get_by_test_id("result-count")).to_have_text("The best 2 positions for you")
    expect(matches.locator(".match-title")).to_have_text(["Pipeline welder", "Site surveyor"])
    scores = [int(m.locator(".score-value").inner_text()) for m in matches.all()]
    assert scores[0] > scores[1], scores

    best = matches.first
    expect(best).to_contain_text("Enterprise A · Pakistan, Karachi · Job")
    why = best.locator("details")
    explanation = why.locator(".explanation")
    expect(explanation).to_be_hidden()
    why.locator("summary").click()
    expect(explanation).to_be_visible()
    expect(why.locator("summary")).to_contain_text("Why this score")
    expect(explanation.locator("li.line.met")).to_contain_text(
        ["pipe welding: you have it (Expert)", "rigging: you have it (Advanced)"]
    )
    expect(explanation.locator("li.line.partial")).to_have_text(
        [re.compile(r"weld inspection \(optional\): not in your profile")]
    )
    expect(explanation.locator("li.line.unmet")).to_have_count(0)
    expect(explanation.get_by_role("link", name="weld inspection")).to_be_visible()
    expect(explanation).to_contain_text("Chinese")  # the language line: HSK 4 against HSK 3

    # The second one lacks both essential skills: shown as such, and it says why it lost.
    second = matches.nth(1)
    second.locator("details > summary").click()
    missing = second.locator(".explanation li.line.unmet")
    expect(
        missing.filter(has_text="land surveying (essential): not in your profile")
    ).to_be_visible()
    expect(missing.filter(has_text="AutoCAD (essential): not in your profile")).to_be_visible()
    expect(second.locator(".explanation li.line.met")).to_contain_text(
        ["pipe welding: you have it (Expert)"]
    )

    # The title leads to the position.
    best.get_by_role("link", name="Pipeline welder").click()
    expect(page).to_have_url(re.compile(rf"/jobs/positions/{world['welder'].pk}/$"))


def test_recruiter_sees_ranked_candidates_anonymised_without_consent(page, world, sign_in):
    personas, welder = world["personas"], world["welder"]
    me, bilal, chen = world["me"], world["bilal"], world["chen"]
    sign_in(personas.recruiter_a)
    page.goto(welder.get_absolute_url())
    page.get_by_role("link", name="Candidates for this position").click()

    expect(page).to_have_url(re.compile(rf"/matching/positions/{welder.pk}/candidates/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidates for Pipeline welder")
    expect(page.get_by_test_id("result-count")).to_have_text("The best 3 candidates")
    candidates = page.locator("ol.matches > li")
    expect(candidates.locator(".match-title")).to_have_text(
        [
            re.compile(rf"^Candidate #{me.pk}\s+anonymised$"),
            "Bilal Ahmed",  # consented to Enterprise A: named
            re.compile(rf"^Candidate #{chen.pk}\s+anonymised$"),
        ]
    )
    # Nobody's name leaks without consent, not even in the explanations.
    expect(page.get_by_text("张伟")).to_have_count(0)
    expect(page.get_by_text("Chen Jun")).to_have_count(0)
    assert [int(li.get_attribute("data-profile")) for li in candidates.all()] == [
        me.pk,
        bilal.pk,
        chen.pk,
    ]

    first = candidates.first
    expect(first).to_contain_text("Pakistan · Bachelor")
    first.locator("details > summary").click()
    expect(first.locator(".explanation li.line.met")).to_contain_text(
        ["pipe welding: the candidate has it (Expert)"]
    )
    # The last one does not reach the language level: flagged as a hard requirement.
    last = candidates.nth(2)
    expect(last.locator(".score")).to_have_class(re.compile(r"score-fail"))
    last.locator("details > summary").click()
    expect(last.locator("details > summary")).to_contain_text("A hard requirement is not met")
    expect(last.locator(".explanation")).to_contain_text(
        "A required language level is not reached."
    )

    # Narrowing by nationality keeps the ranking (htmx swaps the results).
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("combobox", name="Nationality").select_option("PK")
    expect(candidates.locator(".match-title")).to_have_text(
        [re.compile(rf"^Candidate #{me.pk}\b"), "Bilal Ahmed"]
    )


def test_recruiter_runs_a_placement_drive_and_publishes_offers(page, world, sign_in):
    personas, welder = world["personas"], world["welder"]
    me, bilal, chen = world["me"], world["bilal"], world["chen"]
    sign_in(personas.recruiter_a)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placement drives").click()
    expect(page.get_by_text("No placement drive yet.")).to_be_visible()
    page.get_by_role("link", name="New drive").click()
    expect(page).to_have_url(re.compile(r"/matching/drives/new/$"))
    expect(page.get_by_role("heading", name="New placement drive", level=1)).to_be_visible()

    page.get_by_role("textbox", name="Name").fill("Karachi welders 2027")
    page.get_by_role("combobox", name="Rule").select_option("stable")
    page.get_by_role("checkbox", name=re.compile(r"^Pipeline welder")).check()
    page.get_by_role("button", name="Save drive").click()

    drive = PlacementDrive.objects.get()
    expect(page).to_have_url(re.compile(rf"/matching/drives/{drive.pk}/$"))
    # (Accepts "1 position" too: views.py builds this message without ngettext.)
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(r"Drive saved with 1 positions? and 3 candidates\.")
    )
    expect(page.get_by_role("heading", name="Karachi welders 2027", level=1)).to_be_visible()
    status = page.locator("section.drive-status")
    expect(status).to_contain_text("Not run yet.")

    status.get_by_role("button", name="Run the drive").click()
    expect(page.get_by_role("status")).to_contain_text("The drive is queued")
    expect(status).to_contain_text("Waiting for the background worker")

    # The background worker (``corridor db_worker``) picks the task up; the page, polling,
    # reloads itself once the drive is done.
    call_command(
        "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload",
        verbosity=0,
    )  # fmt: skip
    expect(status).to_contain_text("2 of 2 places filled.")
    expect(status.locator(".tag").first).to_have_text("Done")

    status.get_by_role("link", name="See the report").click()
    expect(page).to_have_url(re.compile(rf"/matching/drives/{drive.pk}/report/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Report: Karachi welders 2027")
    expect(page.get_by_test_id("filled")).to_have_text("2 / 2")
    expect(page.get_by_test_id("verification")).to_contain_text("Verified: 0 blocking pairs")
    allocations = page.get_by_test_id("allocations").locator("tbody tr")
    expect(allocations).to_have_count(2)
    expect(allocations.locator("td:first-child")).to_have_text(
        [f"Candidate #{me.pk}", "Bilal Ahmed"]
    )
    expect(allocations.nth(0)).to_contain_text("Pipeline welder")
    unplaced = page.get_by_test_id("unplaced").locator("tbody tr")
    expect(unplaced).to_have_count(1)
    expect(unplaced.locator("td").nth(0)).to_have_text(f"Candidate #{chen.pk}")
    expect(unplaced.locator("td").nth(1)).to_contain_text("requirement they do not meet")

    page.get_by_role("link", name="Publish offers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the offers?")
    page.get_by_role("button", name="Publish offers").click()

    expect(page).to_have_url(re.compile(rf"/matching/drives/{drive.pk}/report/$"))
    expect(page.get_by_role("status")).to_contain_text("2 offers published.")
    expect(page.locator(".page-head .tag")).to_have_text("offers published")
    expect(page.get_by_role("link", name="Publish offers")).to_have_count(0)
    expect(allocations.locator("td:last-child")).to_have_text(["Offered", "Offered"])
    assert set(Allocation.objects.values_list("profile_id", "position_id", "status")) == {
        (me.pk, welder.pk, AllocationStatus.OFFERED),
        (bilal.pk, welder.pk, AllocationStatus.OFFERED),
    }

    # Published: the drive cannot run again.
    page.get_by_role("link", name="Karachi welders 2027").click()
    expect(status).to_contain_text("offers published")
    expect(status.get_by_role("button", name=re.compile("Run"))).to_have_count(0)
