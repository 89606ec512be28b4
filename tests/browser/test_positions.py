"""A recruiter publishes a position with skill and language requirements; students find it
by a skill, in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from corridor.jobs.models import Position, PositionSkill
from corridor.taxonomy.models import Skill

pytestmark = pytest.mark.browser


def requirement_rows(page, prefix):
    return page.locator(f"fieldset[data-formset='{prefix}'] tr.requirement-row")


def test_recruiter_publishes_a_position_and_a_student_finds_it_by_skill(
    page, personas, taxonomy, sign_in
):
    welding = Skill.objects.get(label_en="welding techniques")
    # Another open position, which a search for welding must not bring up.
    surveyor = Position.objects.create(
        enterprise=personas.enterprise_b,
        reference="site-surveyor",
        title_en="Site surveyor",
        kind="job",
        country="PK",
        status="open",
    )
    PositionSkill.objects.create(
        position=surveyor, skill=Skill.objects.get(label_en="civil engineering")
    )

    sign_in(personas.recruiter_a)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Positions", exact=True
    ).click()
    page.get_by_role("link", name="Add position").click()
    expect(page).to_have_url(re.compile(r"/jobs/positions/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add position")
    # A recruiter of one enterprise has it chosen for them.
    expect(page.get_by_role("combobox", name="Enterprise", exact=True)).to_have_value(
        str(personas.enterprise_a.pk)
    )
    page.get_by_role("textbox", name="Title (English)").fill("Pipeline welder")
    page.get_by_role("textbox", name="Title (Chinese)").fill("管道焊工")
    page.get_by_role("combobox", name="Kind", exact=True).select_option(label="Job")
    page.get_by_role("combobox", name="Country", exact=True).select_option(label="Pakistan")
    page.get_by_role("textbox", name="City", exact=True).fill("Karachi")

    # An essential skill, picked from the suggestions for "welding".
    skill_row = requirement_rows(page, "skills").first
    picker = skill_row.get_by_role("combobox", name="Skill", exact=True)
    picker.press_sequentially("welding")
    skill_row.get_by_role("option", name=re.compile(r"^welding techniques")).click()
    expect(picker).to_have_value("welding techniques")
    expect(skill_row.get_by_role("combobox", name="Importance")).to_have_value("essential")

    language_row = requirement_rows(page, "languages").first
    language_row.get_by_role("combobox", name="Language", exact=True).select_option("zh")
    language_row.get_by_role("combobox", name="Scale", exact=True).select_option("HSK")
    language_row.get_by_role("textbox", name="Minimum level").fill("4")

    page.get_by_role("button", name="Save", exact=True).click()

    position = Position.objects.get(reference="pipeline-welder")
    expect(page).to_have_url(re.compile(rf"/jobs/positions/{position.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Pipeline welder")
    expect(heading).to_contain_text("Draft")
    expect(page.get_by_text("管道焊工")).to_be_visible()
    expect(page.get_by_text("Draft: only your enterprise sees this position")).to_be_visible()
    essential = page.locator("ul.skill-list").first
    expect(essential.get_by_role("listitem")).to_have_text(["welding techniques 焊接技术"])
    expect(page.locator("ul.language-list").get_by_role("listitem")).to_have_text(
        ["Chinese ≥ HSK 4"]
    )

    assert list(position.skills.values_list("skill", "importance")) == [(welding.pk, "essential")]
    assert list(position.languages.values_list("language", "scale", "level")) == [
        ("zh", "HSK", "4")
    ]

    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/jobs/positions/{position.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "The position is open: students can now find it."
    )
    expect(heading).to_contain_text("Open")
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Close", exact=True)).to_be_visible()

    # A student looks for welding work, in Chinese words.
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    sign_in(personas.student)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Positions", exact=True
    ).click()
    results = page.locator("#results")
    expect(page.get_by_test_id("result-count")).to_have_text("2 positions")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("searchbox", name="Search").fill("焊接")
    expect(page.get_by_test_id("result-count")).to_have_text("1 position")
    row = results.locator("tbody tr")
    expect(row.get_by_role("link", name="Pipeline welder")).to_be_visible()
    expect(row).to_contain_text("管道焊工")
    expect(row.locator("li.tag")).to_have_text(["welding techniques", "Chinese ≥ HSK 4"])
    expect(results.get_by_role("link", name="Site surveyor")).to_have_count(0)

    # The same through the Skill filter's picker, with a Chinese synonym (焊接工艺).
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("searchbox", name="Search").fill("")
    expect(page.get_by_test_id("result-count")).to_have_text("2 positions")
    skill_filter = page.locator("form.jobs-filters").get_by_role("combobox", name="Skill")
    skill_filter.press_sequentially("焊接工艺")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("option", name=re.compile(r"^welding techniques")).click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 position")
    expect(results.get_by_role("link", name="Pipeline welder")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]skill={welding.pk}\b"))

    row.get_by_role("link", name="Pipeline welder").click()
    expect(page).to_have_url(re.compile(rf"/jobs/positions/{position.pk}/$"))
    expect(page.get_by_role("link", name="Enterprise A")).to_be_visible()
    # A student may read, not publish or edit.
    expect(page.get_by_role("button", name="Close", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
