"""Finding organisations in the directory, and who may change them."""

import re

import pytest
from playwright.sync_api import expect

from corridor.core.testing import OrganizationFactory
from corridor.directory.models import OrganizationKind

pytestmark = pytest.mark.browser


@pytest.fixture
def world(personas):
    OrganizationFactory(
        slug="chengdu-university",
        name_en="Chengdu University",
        name_zh="成都大学",
        kind=OrganizationKind.UNIVERSITY,
        country="CN",
        city="Chengdu",
    )
    OrganizationFactory(
        slug="karachi-university",
        name_en="University of Karachi",
        kind=OrganizationKind.UNIVERSITY,
        country="PK",
        city="Karachi",
    )
    OrganizationFactory(
        slug="lahore-textiles",
        name_en="Lahore Textiles",
        abbreviation="LTX",
        kind=OrganizationKind.ENTERPRISE,
        country="PK",
        city="Lahore",
    )
    return personas


def results(page):
    return page.locator("#results")


def result_names(page):
    return results(page).locator("tbody tr td:first-child > a")


def htmx_results(page):
    """Wait for the htmx request that refreshes #results (not a full page load)."""
    return page.expect_response(
        lambda r: (
            "/directory/organisations/" in r.url and r.request.headers.get("hx-request") == "true"
        )
    )


def test_signed_in_user_searches_filters_and_opens_an_organisation(page, world, sign_in):
    sign_in(world.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", name="Organisations", level=1)).to_be_visible()
    expect(page.get_by_test_id("result-count")).to_have_text("7 organisations")

    # Typing searches as you type: htmx swaps in the results, the page does not reload.
    search = page.get_by_role("searchbox", name="Search")
    page.evaluate("window.__notReloaded = true")
    with htmx_results(page):
        search.fill("成都")
    expect(page.get_by_test_id("result-count")).to_have_text("1 organisation")
    expect(result_names(page)).to_have_text(["Chengdu University"])
    assert page.evaluate("window.__notReloaded") is True
    expect(page).to_have_url(re.compile(r"[?&]q=%E6%88%90%E9%83%BD"))  # hx-push-url

    with htmx_results(page):
        search.fill("karachi")
    expect(result_names(page)).to_have_text(["University of Karachi"])

    with htmx_results(page):
        search.fill("nothing like this")
    expect(results(page).get_by_text("No organisation matches")).to_be_visible()

    # Clear the search, then narrow down with the country and kind filters.
    with htmx_results(page):
        search.fill("")
    expect(page.get_by_test_id("result-count")).to_have_text("7 organisations")
    with htmx_results(page):
        page.get_by_label("Country").select_option(label="Pakistan")
    expect(result_names(page)).to_have_text(["Lahore Textiles", "University of Karachi"])
    with htmx_results(page):
        page.get_by_label("Kind").select_option(label="Enterprise")
    expect(result_names(page)).to_have_text(["Lahore Textiles"])
    expect(page).to_have_url(re.compile(r"country=PK.*kind=enterprise|kind=enterprise.*country=PK"))
    assert page.evaluate("window.__notReloaded") is True

    # The filtered URL is shareable: a reload shows the same results.
    page.reload()
    expect(page.get_by_label("Country")).to_have_value("PK")
    expect(page.get_by_label("Kind")).to_have_value("enterprise")
    expect(result_names(page)).to_have_text(["Lahore Textiles"])

    result_names(page).first.click()
    expect(page).to_have_url(re.compile(r"/directory/organisations/lahore-textiles/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lahore Textiles")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Enterprise")
    expect(facts).to_contain_text("Pakistan, Lahore")
    # A student may look but not change.
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_text("No people recorded.")).to_be_visible()


def test_search_works_without_javascript_too(browser, live_server, world):
    """The filter form is a plain GET form underneath htmx (progressive enhancement)."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/directory/organisations/")
        page.get_by_role("searchbox", name="Search").fill("textiles")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"q=textiles"))
        expect(result_names(page)).to_have_text(["Lahore Textiles"])
    finally:
        context.close()


def test_recruiter_cannot_open_another_enterprises_edit_page(
    page, page_problems, personas, sign_in
):
    page_problems.allow(r"Failed to load resource: the server responded with a status of 404")
    sign_in(personas.recruiter_a)

    # Their own enterprise: an Edit button and an edit form.
    page.goto("/directory/organisations/enterprise-a/")
    expect(page.get_by_role("link", name="Edit")).to_be_visible()

    # Another enterprise: no Edit button, and the edit URL is a plain "not found".
    page.goto("/directory/organisations/enterprise-b/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enterprise B")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    response = page.goto("/directory/organisations/enterprise-b/edit/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    # Still signed in: the 404 page is the site's own, with the header.
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()


def test_institution_admin_edits_their_institution(page, personas, sign_in):
    sign_in(personas.institution_admin)
    page.goto("/directory/organisations/university/")
    page.get_by_role("link", name="Edit").click()

    expect(page).to_have_url(re.compile(r"/directory/organisations/university/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Test University")
    expect(page.get_by_label("Name (English)")).to_have_value("Test University")
    page.get_by_label("City").fill("Xi'an")
    page.get_by_label("Abbreviation").fill("TU")
    page.get_by_label("Website").fill("https://tu.example.edu")
    page.get_by_label("Description").fill("Trains engineers\nfor projects abroad.")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/directory/organisations/university/$"))
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TU")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("China, Xi'an")
    expect(facts.get_by_role("link", name="https://tu.example.edu")).to_be_visible()
    expect(page.get_by_text("Trains engineers")).to_be_visible()

    # The change is really stored: it shows in the directory search.
    page.goto("/directory/organisations/?q=xi%27an")
    expect(result_names(page)).to_have_text(["Test University"])


def test_invalid_edit_is_explained_next_to_the_field(page, page_problems, personas, sign_in):
    page_problems.allow(r"Failed to load resource: the server responded with a status of 400")
    sign_in(personas.institution_admin)
    page.goto("/directory/organisations/university/edit/")
    page.get_by_label("Name (English)").fill("")
    page.get_by_label("Website").fill("not a url")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").filter(has_text="This field is required.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Enter a valid URL.")).to_be_visible()
    page.goto("/directory/organisations/university/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test University")
