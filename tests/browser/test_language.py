"""Switching the interface to Chinese with the switcher in the header."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3400-\u9fff]")


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def switch_to_chinese(page):
    switcher = page.get_by_role("banner").get_by_label("Language")
    # corridor.js submits the form as soon as another language is chosen.
    with page.expect_navigation():
        switcher.select_option("zh-hans")


def test_visitor_switches_to_chinese_and_it_sticks(page, personas):
    page.goto("/directory/organisations/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")

    switch_to_chinese(page)

    # Back on the same page (the switcher posts `next`), now in Chinese.
    expect(page).to_have_url(re.compile(r"/directory/organisations/$"))
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language-select")).to_have_value("zh-hans")
    # Organisation names follow the interface language (display_name prefers name_zh).
    expect(page.get_by_role("link", name="甲企业")).to_be_visible()

    # The choice is remembered on the next page.
    page.get_by_role("link", name="甲企业").click()
    expect(page).to_have_url(re.compile(r"/directory/organisations/enterprise-a/$"))
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("甲企业")
    expect(page.locator("#language-select")).to_have_value("zh-hans")

    # ...and back to English again.
    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enterprise A")


def test_chinese_interface_labels(page, personas):
    """The main menu reads in Chinese once the zh_Hans catalogue translates it."""
    label = zh("Organisations")
    if not CJK.search(label):
        pytest.skip(
            "corridor/locale/zh_Hans/LC_MESSAGES/django.mo has no translation for "
            "'Organisations' yet (run `make messages` after translating django.po)"
        )
    page.goto("/")
    switch_to_chinese(page)
    expect(page.locator("#language-select option:checked")).to_have_text("简体中文")
    nav = page.get_by_role("navigation", name=zh("Main"))
    expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name=zh("Sign in"))).to_be_visible()
    nav.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_switch_button_is_hidden_when_the_switcher_submits_by_itself(page):
    page.goto("/")
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("button", name="Switch", include_hidden=True)).to_have_attribute(
        "hidden", ""
    )
    expect(banner.get_by_role("button", name="Switch", include_hidden=True)).to_be_hidden(
        timeout=1000
    )
