"""Every page we serve loads without console errors, script errors or CSP violations.

The ``page`` fixture fails a test on any such problem; this module walks through the pages
a visitor, a member and the platform admin reach, so that a new inline script or style (which
the Content-Security-Policy forbids) shows up here even before a journey test covers it.
"""

import re

import pytest
from playwright.sync_api import expect

from corridor.core.testing import PersonFactory

from .conftest import CSP_LISTENER, KNOWN_PROBLEMS, PageProblems

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/directory/organisations/",
    "/directory/organisations/enterprise-a/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MEMBER_PAGES = [
    "/",
    "/directory/organisations/?q=enterprise&kind=enterprise",
    "/directory/organisations/university/",
    "/directory/organisations/university/edit/",
    "/directory/people/",
    "/directory/people/ada-lovelace/",
    "/directory/people/ada-lovelace/edit/",
    "/directory/people/new/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/directory/organization/",
    "/admin/directory/organization/add/",
]


def visit_all(page, urls):
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.wait_for_load_state("load")


def test_public_pages_are_clean(page, personas):
    visit_all(page, PUBLIC_PAGES)


def test_member_pages_are_clean(page, personas, sign_in):
    PersonFactory(slug="ada-lovelace", name_latin="Ada Lovelace", organization=personas.university)
    sign_in(personas.institution_admin)
    visit_all(page, MEMBER_PAGES)
    # An htmx-driven search also swaps in clean markup.
    page.goto("/directory/people/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("searchbox", name="Search").fill("ada")
    expect(page.locator("#results").get_by_role("link", name="Ada Lovelace")).to_be_visible()


def test_admin_pages_are_clean(page, personas, sign_in):
    personas.platform_admin.is_superuser = True
    personas.platform_admin.save(update_fields=["is_superuser"])
    sign_in(personas.platform_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Back office").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    visit_all(page, ADMIN_PAGES)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"app bug: {k.reason}"))
        for name, k in KNOWN_PROBLEMS.items()
    ],
)
def test_known_problem_is_fixed(browser, live_server, name):
    """Strict xfail per tolerated problem: XPASS (a failure) once it no longer reproduces,
    which means its entry in ``conftest.KNOWN_PROBLEMS`` can go."""
    known = KNOWN_PROBLEMS[name]
    problems = PageProblems(known={})
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.expose_binding("__corridorCspViolation", problems.on_csp_violation)
    context.add_init_script(CSP_LISTENER)
    try:
        if known.http_probe:
            response = context.request.get(known.url)
            assert response.ok, f"{known.url} answered {response.status}"
            return
        page = context.new_page()
        page.on("console", problems.on_console)
        page.on("pageerror", problems.on_page_error)
        page.goto(known.url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # late console messages (favicon) and bindings
    finally:
        context.close()
    assert not [p for p in problems.problems if known.pattern.search(p)]
