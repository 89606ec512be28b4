"""An institution admin imports a spreadsheet of students with some bad rows: a dry run
first, then the import for real; every problem is reported with its row, column and
reason, and the good rows are stored."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.browser

HEADER = [
    "institution",
    "student_number",
    "full_name",
    "name_latin",
    "nationality",
    "expected_graduation",
    "languages",
    "skills",
]
ROWS = [  # spreadsheet rows 2 to 6 (the header is row 1)
    ["university", "S001", "王芳", "Wang Fang", "中国", "2026-07-01", "zh:native; en:B2",
     "civil engineering; 焊接技术"],
    ["university", "S002", "Ali Raza", "", "Pakistan", "2026-07-01", "zh:HSK4",
     "underwater basket weaving"],
    ["university", "S003", "Nguyen Van An", "", "VN", "2027-01-15", "zh:HSK5",
     "welding techniques"],
    ["university", "S004", "Aigerim Bekova", "", "KZ", "next summer", "zh:HSK12", "土木工程"],
    ["university", "S005", "Anna Smirnova", "", "RU", "", "ru:native", ""],
]  # fmt: skip


def students_csv() -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *ROWS])
    return buffer.getvalue().encode("utf-8-sig")


def counts(page) -> dict[str, str]:
    """The report's figures by their label, e.g. {"created": "3", "rejected": "2"}."""
    stats = page.get_by_test_id("counts").locator(".stat")
    expect(stats.first).to_be_visible()
    return {
        stat.locator(".stat-label").inner_text(): stat.locator(".stat-value").inner_text()
        for stat in stats.all()
    }


def expect_problems_reported(page):
    expect(page.get_by_role("heading", name="3 problems")).to_be_visible()
    problems = page.get_by_test_id("errors").locator("tbody tr")
    expect(problems).to_have_count(3)
    # Row as numbered in the spreadsheet, column (with its letter), value, reason.
    skill = problems.filter(has_text="underwater basket weaving")
    expect(skill.locator("td")).to_have_text(
        ["3", re.compile(r"^skills\s*\(H\)$"), "underwater basket weaving",
         re.compile(r"^Unknown skill “underwater basket weaving”")]
    )  # fmt: skip
    date = problems.filter(has_text="next summer")
    expect(date.locator("td")).to_have_text(
        ["5", re.compile(r"^expected_graduation\s*\(F\)$"), "next summer",
         re.compile(r"is not a date; write it as YYYY-MM-DD")]
    )  # fmt: skip
    level = problems.filter(has_text="HSK12")
    expect(level.locator("td").nth(0)).to_have_text("5")
    expect(level.locator("td").nth(1)).to_have_text(re.compile(r"^languages\s*\(G\)$"))
    expect(level.locator("td").nth(3)).to_contain_text("is not a language level")
    expect(
        page.get_by_role("link", name="Download the rejected rows (CSV with the reasons)")
    ).to_be_visible()


def test_institution_admin_imports_students_and_sees_the_bad_rows(
    page, personas, taxonomy, sign_in
):
    sign_in(personas.institution_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import and export", level=1)).to_be_visible()
    expect(page.get_by_text("No imports yet.")).to_be_visible()

    page.get_by_role("combobox", name="What the file holds").select_option(label="Talent profiles")
    page.get_by_label(re.compile(r"^File")).set_input_files(
        {"name": "students.csv", "mimeType": "text/csv", "buffer": students_csv()}
    )
    dry_run = page.get_by_role("checkbox", name=re.compile(r"^Dry run"))
    expect(dry_run).to_be_checked()  # checking first is the default
    page.get_by_role("button", name="Upload and check").click()

    # The dry run: what would happen, nothing stored.
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Talent profiles: students.csv")
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_text("nothing was stored")).to_be_visible()
    assert counts(page) == {
        "rows": "5",
        "would be created": "3",
        "would be updated": "0",
        "unchanged": "0",
        "rejected": "2",
    }
    expect_problems_reported(page)
    assert not TalentProfile.objects.exists()

    # Import the checked file for real, without uploading it again.
    page.get_by_role("link", name="Import this file now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import students.csv now?")
    expect(
        page.get_by_text("The dry run found 3 rows to create, 0 to update and 2 to reject.")
    ).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Importing students.csv.")
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_text("nothing was stored")).to_have_count(0)
    assert counts(page) == {
        "rows": "5",
        "created": "3",
        "updated": "0",
        "unchanged": "0",
        "rejected": "2",
    }
    expect_problems_reported(page)

    # Both batches are in the history...
    page.get_by_role("link", name="Import and export").click()
    history = page.get_by_test_id("history").locator("tbody tr")
    expect(history).to_have_count(2)
    expect(history.filter(has_text="dry run")).to_have_count(1)

    # ...and the three good rows are profiles of the university, with their skills.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Talent").click()
    expect(page.get_by_test_id("result-count")).to_have_text("3 profiles")
    cards = page.get_by_test_id("profile-card")
    for name in ("王芳 (Wang Fang)", "Nguyen Van An", "Anna Smirnova"):
        expect(cards.get_by_role("link", name=name, exact=True)).to_be_visible()
    wang = cards.filter(has_text="王芳")
    expect(wang.get_by_role("list", name="Top skills").get_by_role("listitem")).to_contain_text(
        ["civil engineering", "welding techniques"]
    )
    expect(wang).to_contain_text("Test University")
    expect(cards.filter(has_text="Ali Raza")).to_have_count(0)
    expect(cards.filter(has_text="Aigerim Bekova")).to_have_count(0)
