"""A student builds their talent profile in the Chinese interface, picking skills with the
taxonomy's autocomplete (typed in Chinese, chosen with the mouse and with the keyboard)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from corridor.talent.models import TalentProfile
from corridor.taxonomy.models import Skill

pytestmark = pytest.mark.browser


def zh(message: str) -> str:
    """``message`` as the Chinese interface shows it: its translation once the zh_Hans
    catalogue has one, else the English text (the server uses the same catalogue)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def switch_language(page, code: str):
    # corridor.js submits the switcher's form as soon as another language is chosen.
    with page.expect_navigation():
        page.locator("#language-select").select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_student_builds_a_profile_with_chinese_skill_terms(page, personas, taxonomy, sign_in):
    welding = Skill.objects.get(label_zh="焊接技术")  # "welding techniques"
    civil = Skill.objects.get(label_zh="土木工程")  # "civil engineering"

    sign_in(personas.student)
    switch_language(page, "zh-hans")
    page.get_by_role("navigation", name=zh("Main")).get_by_role(
        "link", name=zh("My profile"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/talent/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("My profile"))

    # Identity: the name in their own script and in Latin letters, the nationality.
    page.locator("#id_full_name").fill("王小明")
    page.locator("#id_name_latin").fill("Wang Xiaoming")
    page.locator("#id_nationality").select_option("PK")

    # A language with its level, written the way a student writes it ("HSK 4").
    language_row = page.get_by_test_id("languages-row").first
    language_row.locator("select[name$='-language']").select_option("zh")
    language_row.locator("select[name$='-scale']").select_option("HSK")
    language_row.locator("input[name$='-level']").fill("HSK 4")

    # First skill: type 焊接, the taxonomy suggests its welding skills; pick one by mouse.
    skill_rows = page.get_by_test_id("skills-row")
    first = skill_rows.nth(0)
    picker = first.get_by_role("combobox", name=zh("Skill"), exact=True)
    picker.fill("焊接")
    options = first.get_by_role("listbox")
    expect(options).to_be_visible()
    expect(picker).to_have_attribute("aria-expanded", "true")
    option = options.get_by_role("option", name=re.compile(r"^焊接技术"))
    expect(option).to_contain_text("welding techniques")  # the other language, for checking
    option.click()
    expect(options).to_be_hidden()
    expect(picker).to_have_value("焊接技术")
    expect(first.locator("input[type=hidden][name$='-skill']")).to_have_value(str(welding.pk))
    first.get_by_role("combobox", name=zh("Level"), exact=True).select_option("4")  # expert

    # Second skill: 土木 (a synonym), chosen with the keyboard only.
    second = skill_rows.nth(1)
    picker = second.get_by_role("combobox", name=zh("Skill"), exact=True)
    picker.press_sequentially("土木")
    options = second.get_by_role("listbox")
    expect(options.get_by_role("option").first).to_contain_text("土木工程")
    picker.press("ArrowDown")
    expect(options.get_by_role("option", selected=True)).to_contain_text("土木工程")
    picker.press("Enter")  # picks the highlighted option; does not submit the form
    expect(options).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/talent/me/$"))
    expect(picker).to_have_value("土木工程")
    expect(second.locator("input[type=hidden][name$='-skill']")).to_have_value(str(civil.pk))

    page.get_by_role("button", name=zh("Save"), exact=True).click()

    profile = TalentProfile.objects.get(user=personas.student)
    expect(page).to_have_url(re.compile(rf"/talent/profiles/{profile.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(zh("Saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text("王小明 (Wang Xiaoming)")
    skills = page.get_by_role("table").filter(has=page.get_by_role("link", name="焊接技术"))
    # Most advanced first, each with its label in the other language beside it.
    expect(skills.locator("tbody tr td:first-child")).to_have_text(
        ["焊接技术 welding techniques", "土木工程 civil engineering"]
    )
    languages = page.get_by_role("table").filter(has_text="HSK 4")
    expect(languages.locator("tbody tr")).to_have_count(1)
    expect(languages.locator("tbody tr td").nth(0)).to_have_text("中文")  # Babel's name

    # The same profile in English: the taxonomy's English labels, nothing retyped.
    switch_language(page, "en")
    expect(page.get_by_role("link", name="welding techniques", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="civil engineering", exact=True)).to_be_visible()
    expect(page.get_by_text("Chinese", exact=True)).to_be_visible()
    assert sorted(profile.skills.values_list("skill__label_en", "level")) == [
        ("civil engineering", 2),
        ("welding techniques", 4),
    ]
